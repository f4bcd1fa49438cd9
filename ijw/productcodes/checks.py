"""Product codes (ProductCategorie and ProductCode in iJw 3.2 messages).

A product in an iJw message is identified by a productcategorie from the national list JZ020 and, for a
specific toewijzing, a productcode. Which productcodes may be used is agreed between gemeente and
aanbieder (IV075): the landelijke standaardproductcodelijst Jeugdwet (JZ21, the project's uniform set)
or a list of the gemeente's own. TR381 (controleniveau externe bron, retourcode S329) requires a
productcode that, according to the product code list in use, belongs to the productcategorie.

The checks here apply TR381 as far as the loaded data allow:

* a productcategorie outside JZ020 is an error (own code PC-CATEGORIE-ONBEKEND);
* a productcode of the uniform set under another productcategorie is TR381 (S329);
* a productcode of the uniform set outside its validity period (on the date of the product) is TR381 when
  the gemeente's catalogue is loaded, else a warning (PC-NIET-GELDIG);
* a productcode outside the uniform set that the gemeente's catalogue holds is a regional code, reported
  for information (PC-REGIONAAL); under another category or outside its period it is TR381;
* a productcode in neither is TR381 when the gemeente's catalogue is loaded; without one it is reported
  for information (PC-REGIONAAL-ONBEKEND) and never a reason to reject the message.

Without a productcode (aspecifieke toewijzing) only the productcategorie is checked; without a date
the validity periods are not checked.

More information:

* https://www.istandaarden.nl/ijw/over-ijw/productcodelijst-jeugdwet
* iJw 3.2 technische regel TR381 and invulinstructie IV075

>>> from datetime import date
>>> check_product('45', '45A01', date(2026, 3, 1), '0363', None)
[]
>>> check_product('43', '45A01', date(2026, 3, 1), '0363', '/Bericht/Product')[0].retourcode
'S329'
>>> [f.rule for f in check_product('45', 'X1234', date(2026, 3, 1), '0363', None)]
['PC-REGIONAAL-ONBEKEND']
>>> check_product('45', None, None, None, None)
[]
>>> [f.rule for f in check_product('39', None, None, None, None)]
['PC-CATEGORIE-ONBEKEND']

With the example catalogue of gemeente 0599 loaded, its codes are regional codes and a code it does not
hold is TR381:

>>> demo = load_catalog(include_examples=True)
>>> [f.rule for f in check_product('45', '45R01', date(2026, 3, 1), '0599', None, catalog=demo)]
['PC-REGIONAAL']
>>> [f.rule for f in check_product('45', 'X1234', date(2026, 3, 1), '0599', None, catalog=demo)]
['TR381']
>>> is_valid('45', '45R01', date(2026, 3, 1), '0599', catalog=demo)
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ijw.findings import Finding
from ijw.productcodes.loader import ProductCatalog, load_catalog
from ijw.productcodes.model import Period, Product, RegionalProduct
from ijw.productcodes.own_codes import (
    PC_CATEGORIE_ONBEKEND,
    PC_NIET_GELDIG,
    PC_REGIONAAL,
    PC_REGIONAAL_ONBEKEND,
    S329,
    TR381,
)

__all__ = ["check_product", "is_valid"]


def _periods(periods: Sequence[Period]) -> str:
    return ", ".join(f"{p.start}–{p.end or 'open'}" for p in periods)


def check_product(
    categorie: str,
    code: str | None,
    on: dt.date | None,
    gemeente: str | None,
    location: str | None,
    *,
    catalog: ProductCatalog | None = None,
) -> list[Finding]:
    """Findings about one product (productcategorie, productcode) of gemeente ``gemeente`` on date ``on``.

    ``location`` is copied into the findings. ``catalog`` defaults to :func:`load_catalog`.
    """
    data = catalog if catalog is not None else load_catalog()
    if data.category(categorie) is None:
        return [
            Finding(
                PC_CATEGORIE_ONBEKEND,
                f"ProductCategorie {categorie!r} is not a productcategorie of JZ020",
                None,
                location,
                "error",
            )
        ]
    if not code:
        return []
    has_catalogue = data.has_catalogue(gemeente)
    uniform = data.products.get(code)
    if uniform:
        return _uniform_findings(uniform, categorie, code, on, gemeente, location, has_catalogue)
    regional = data.regional_in_any_period(gemeente, code) if gemeente is not None else ()
    if regional:
        return _regional_findings(regional, categorie, code, on, gemeente, location)
    if has_catalogue:
        return [
            Finding(
                TR381,
                f"ProductCode {code} is neither in the uniform product code set nor in the product "
                f"catalogue of gemeente {gemeente}",
                S329,
                location,
            )
        ]
    return [
        Finding(
            PC_REGIONAAL_ONBEKEND,
            f"ProductCode {code} is not in the uniform product code set and no product catalogue of gemeente "
            f"{gemeente or '(unknown)'} is loaded: a regional code that cannot be checked",
            None,
            location,
            "info",
        )
    ]


def _uniform_findings(
    uniform: Sequence[Product],
    categorie: str,
    code: str,
    on: dt.date | None,
    gemeente: str | None,
    location: str | None,
    has_catalogue: bool,
) -> list[Finding]:
    """A code of the uniform set: its categorie (TR381) and its validity on ``on``."""
    if uniform[0].categorie != categorie:
        return [
            Finding(
                TR381,
                f"ProductCode {code} does not belong to ProductCategorie {categorie}: in the uniform "
                f"product code set it belongs to ProductCategorie {uniform[0].categorie}",
                S329,
                location,
            )
        ]
    if on is None or any(p.valid_on(on) for p in uniform):
        return []
    periods = _periods([p.period for p in uniform])
    if has_catalogue:
        return [
            Finding(
                TR381,
                f"ProductCode {code} is not valid on {on} (uniform product code set: {periods})",
                S329,
                location,
            )
        ]
    return [
        Finding(
            PC_NIET_GELDIG,
            f"ProductCode {code} of the uniform product code set is not valid on {on} ({periods}); "
            f"no product catalogue of gemeente {gemeente or '(unknown)'} is loaded",
            None,
            location,
            "warning",
        )
    ]


def _regional_findings(
    regional: Sequence[RegionalProduct],
    categorie: str,
    code: str,
    on: dt.date | None,
    gemeente: str | None,
    location: str | None,
) -> list[Finding]:
    """A regional code of the gemeente's catalogue: its categorie and its validity on ``on`` (TR381)."""
    if regional[0].categorie != categorie:
        return [
            Finding(
                TR381,
                f"ProductCode {code} does not belong to ProductCategorie {categorie}: in the product "
                f"catalogue of gemeente {gemeente} it belongs to ProductCategorie "
                f"{regional[0].categorie}",
                S329,
                location,
            )
        ]
    if on is not None and not any(p.valid_on(on) for p in regional):
        return [
            Finding(
                TR381,
                f"ProductCode {code} is not valid on {on} in the product catalogue of gemeente "
                f"{gemeente} ({_periods([p.period for p in regional])})",
                S329,
                location,
            )
        ]
    return [
        Finding(
            PC_REGIONAAL,
            f"ProductCode {code} is a regional code of gemeente {gemeente} ({regional[0].omschrijving})",
            None,
            location,
            "info",
        )
    ]


def is_valid(
    categorie: str,
    code: str | None,
    on: dt.date | None,
    gemeente: str | None,
    *,
    catalog: ProductCatalog | None = None,
) -> bool:
    """Whether the product raises no error finding (warnings and information do not count)."""
    return not any(f.is_error for f in check_product(categorie, code, on, gemeente, None, catalog=catalog))
