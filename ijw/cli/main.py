"""Entry point of the ``ijw`` console script: one sub-command per capability."""

from __future__ import annotations

import typer

from ijw.cli import bench, demo, schema, validate

app = typer.Typer(
    name="ijw",
    help="iJw 3.2 berichtenverkeer verwerker: validation, retour messages, ingest, quality and exports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.command("validate")(validate.validate)
app.command("demo")(demo.demo)
app.add_typer(schema.app, name="schema", help="The compact message model and the XSDs generated from it.")
app.add_typer(bench.app, name="bench", help="Benchmarks that print figures.")


def main() -> None:  # pragma: no cover - console script wrapper
    app()
