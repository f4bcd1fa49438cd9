"""``ijw productcodes``: list, show, check and import the product code data (``productcodes/``), contract
tariffs (TR418) included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ijw.productcodes.versions import Kind

app = typer.Typer(
    no_args_is_help=True,
    help="Product codes, gemeente catalogues, hulpvorm/taakveld mappings and contract tariffs.",
)

_DATE_HELP = "date YYYY-MM-DD on which the codes must be valid"


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None


def _console() -> Console:
    return Console(soft_wrap=False, width=160)


@app.command("list")
def list_codes(
    categorie: str | None = typer.Option(None, "--categorie", "-c", help="only this productcategorie"),
    datum: str | None = typer.Option(None, "--datum", "-d", help=_DATE_HELP),
    gemeente: str | None = typer.Option(
        None, "--gemeente", "-g", help="also the regional codes of this gemeente"
    ),
    examples: bool = typer.Option(False, "--examples", help="load the example gemeente catalogues too"),
) -> None:
    """List the uniform product codes (and a gemeente's regional codes) as a table."""
    from ijw.productcodes.loader import ProductCodeError, load_catalog

    on = _date(datum)
    try:
        catalog = load_catalog(include_examples=examples or None)
    except ProductCodeError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    if categorie is not None and catalog.category(categorie) is None:
        typer.echo(f"error: productcategorie {categorie!r} is not in JZ020", err=True)
        raise typer.Exit(1)
    table = Table(title="Productcodes" + (f" op {on}" if on else ""))
    for column in (
        "code",
        "categorie",
        "omschrijving",
        "variant",
        "hulpvorm",
        "ingangsdatum",
        "einddatum",
        "bron",
    ):
        table.add_column(column)
    count = 0
    for p in catalog.products_on(on, categorie):
        table.add_row(
            p.code,
            p.categorie,
            p.omschrijving,
            p.uitvoeringsvariant or "",
            p.dimensie_hulpvorm_code or "",
            str(p.ingangsdatum),
            str(p.einddatum or ""),
            "uniform",
        )
        count += 1
    if gemeente is not None:
        for (g, code), _rows in sorted(catalog.regional_products.items()):
            r = catalog.regional(g, code, on)
            if g != gemeente or r is None or (categorie is not None and r.categorie != categorie):
                continue
            table.add_row(
                r.code,
                r.categorie,
                r.omschrijving,
                "",
                r.hulpvorm or "",
                str(r.ingangsdatum),
                str(r.einddatum or ""),
                f"{r.catalogus}",
            )
            count += 1
    _console().print(table)
    typer.echo(f"{count} code(s)")


@app.command("show")
def show(
    code: str = typer.Argument(..., help="productcode, e.g. 45A01"),
    datum: str | None = typer.Option(None, "--datum", "-d", help="date for the mappings (default: today)"),
    gemeente: str | None = typer.Option(None, "--gemeente", "-g", help="gemeente whose catalogue to consult"),
    examples: bool = typer.Option(False, "--examples", help="load the example gemeente catalogues too"),
) -> None:
    """Show one product code: its periods, regional entries and hulpvorm/taakveld mappings."""
    from ijw.productcodes.loader import ProductCodeError, load_catalog

    on = _date(datum) or dt.date.today()
    try:
        catalog = load_catalog(include_examples=examples or None)
    except ProductCodeError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    uniform = catalog.products.get(code, ())
    regional = [r for (g, c), rows in catalog.regional_products.items() if c == code for r in rows]
    if not uniform and not regional:
        typer.echo(
            f"error: productcode {code!r} is neither in the uniform set nor in a loaded catalogue", err=True
        )
        raise typer.Exit(1)
    lines: list[str] = []
    categorie = uniform[0].categorie if uniform else regional[0].categorie
    cat = catalog.category(categorie)
    lines.append(f"productcode   {code}")
    lines.append(
        f"categorie     {categorie} {cat.omschrijving if cat else ''} (BIJ: {cat.bij_domein if cat else '?'})"
    )
    for p in uniform:
        lines.append(
            f"uniform       {p.ingangsdatum} – {p.einddatum or 'open'}: {p.omschrijving}"
            f" [{p.uitvoeringsvariant or '-'}, hulpvorm {p.dimensie_hulpvorm_code or '-'}, "
            f"eenheid {p.eenheid or '-'}] ({p.source})"
        )
    for r in regional:
        lines.append(
            f"regionaal     gemeente {r.gemeente} {r.ingangsdatum} – {r.einddatum or 'open'}: "
            f"{r.omschrijving} [hulpvorm {r.hulpvorm or '-'}, taakveld {r.taakveld or '-'}] ({r.source})"
        )
    mapping_gemeente = gemeente or (regional[0].gemeente if regional and not uniform else None)
    hulpvorm = catalog.hulpvorm(categorie, code, on, gemeente=mapping_gemeente)
    taakveld = catalog.taakveld(categorie, code, on, gemeente=mapping_gemeente)
    lines.append(
        f"hulpvorm      op {on}: "
        + (
            f"{hulpvorm.hulpvorm} ({hulpvorm.bij_domein}, via {hulpvorm.source})"
            if hulpvorm
            else "geen (unmappable)"
        )
    )
    if taakveld is None:
        lines.append(f"taakveld      op {on}: geen")
    else:
        name = catalog.taakvelden[taakveld.taakveld].omschrijving
        flag = " (mapped by default)" if taakveld.mapped_by_default else ""
        lines.append(f"taakveld      op {on}: {taakveld.taakveld} {name}{flag}")
    for line in lines:
        typer.echo(line)


@app.command("check")
def check() -> None:
    """Check every product code data file (all versions) and its agreement with the code lists."""
    from ijw.productcodes.validate import check_data

    report = check_data()
    for line in report.summary:
        typer.echo(line)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}")
    for error in report.errors:
        typer.echo(f"error: {error}", err=True)
    if not report.ok:
        typer.echo(f"{len(report.errors)} problem(s) found", err=True)
        raise typer.Exit(1)
    typer.echo("product code data OK")


@app.command("import")
def import_(
    kind: Kind = typer.Argument(..., help="what the file holds"),
    csvfile: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="the CSV file"),
    version: str | None = typer.Option(
        None, "--version", help="version label vYYYY-MM[.N] (default: this month)"
    ),
    name: str | None = typer.Option(
        None,
        "--name",
        help="folder of gemeente-catalogus or tarieven (default for one gemeente: <gemeentecode>-<naam>)",
    ),
    skip_uniform: bool = typer.Option(
        False, "--skip-uniform", help="gemeente-catalogus: leave out lines that repeat a uniform code"
    ),
    target: Path | None = typer.Option(
        None, "--dir", help="product code folder to write to (default: IJW_PRODUCTCODES_DIR or productcodes/)"
    ),
) -> None:
    """Check CSVFILE and write it as a new version of KIND (never overwrites a version)."""
    from ijw.productcodes.importer import import_csv
    from ijw.productcodes.loader import ProductCodeError

    try:
        result = import_csv(
            kind, csvfile, target=target, version=version, catalogue=name, skip_uniform=skip_uniform
        )
    except ProductCodeError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    for warning in result.warnings:
        typer.echo(f"warning: {warning}")
    typer.echo(f"wrote {result.path} ({result.rows} line(s), {result.kind} version {result.version})")
