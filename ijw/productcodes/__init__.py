"""Product codes: the landelijke productcategorieën (JZ020), the uniform product code set, gemeente
catalogues and the versioned mappings to BIJ hulpvorm and Iv3 taakveld (data in ``productcodes/``).

>>> from ijw.productcodes import load_catalog
>>> load_catalog().product("43A01").dimensie_hulpvorm_code
'14'
"""

from __future__ import annotations

from ijw.productcodes.importer import ImportRefused, ImportResult, import_csv
from ijw.productcodes.loader import ProductCatalog, ProductCodeError, clear_cache, default_dirs, load_catalog
from ijw.productcodes.model import (
    Category,
    HulpvormMapping,
    Product,
    RegionalProduct,
    Taakveld,
    TaakveldMapping,
)
from ijw.productcodes.versions import Kind, Version

__all__ = [
    "Category",
    "HulpvormMapping",
    "ImportRefused",
    "ImportResult",
    "Kind",
    "Product",
    "ProductCatalog",
    "ProductCodeError",
    "RegionalProduct",
    "Taakveld",
    "TaakveldMapping",
    "Version",
    "clear_cache",
    "default_dirs",
    "import_csv",
    "load_catalog",
]
