"""The code lists of iJw 3.2 and the CBS gemeente-indeling, loaded from the project's ``codelijsten/``.

>>> from ijw.codelists import load_codelists
>>> load_codelists().description("JZ588", "31")
'Levering is volgens plan beëindigd'
"""

from __future__ import annotations

from ijw.codelists.csvfile import DataFileError
from ijw.codelists.gemeenten import Gemeente, GemeenteIndeling
from ijw.codelists.lists import (
    CodeListError,
    CodeLists,
    UnknownCodeList,
    clear_cache,
    default_codelists_dir,
    load_codelists,
    read_codelist,
)
from ijw.codelists.xsd_types import BERICHTCODE_LIST, XSD_TYPE_LISTS

__all__ = [
    "BERICHTCODE_LIST",
    "XSD_TYPE_LISTS",
    "CodeListError",
    "CodeLists",
    "DataFileError",
    "Gemeente",
    "GemeenteIndeling",
    "UnknownCodeList",
    "clear_cache",
    "default_codelists_dir",
    "load_codelists",
    "read_codelist",
]
