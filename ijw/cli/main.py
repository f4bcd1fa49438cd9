"""Entry point of the ``ijw`` console script: one sub-command per capability."""

from __future__ import annotations

import typer

from ijw.cli import (
    bench,
    credentials,
    demo,
    ingest,
    kafka,
    productcodes,
    quality,
    retour,
    schema,
    serve,
    validate,
)
from ijw.cli import export as export_cli

app = typer.Typer(
    name="ijw",
    help="iJw 3.2 berichtenverkeer verwerker: validation, retour messages, ingest, quality and exports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.command("validate")(validate.validate)
app.command("retour")(retour.retour)
app.command("ingest")(ingest.ingest)
app.command("demo")(demo.demo)
app.command("broker")(kafka.broker)
app.command("worker")(kafka.worker)
app.command("publish")(kafka.publish)
app.command("serve")(serve.serve)
bench.app.command("pipeline")(kafka.bench_pipeline)
app.add_typer(schema.app, name="schema", help="The compact message model and the XSDs generated from it.")
app.add_typer(bench.app, name="bench", help="Benchmarks that print figures.")
app.add_typer(productcodes.app, name="productcodes", help="Product codes, gemeente catalogues and mappings.")
app.add_typer(quality.app, name="quality", help="Linked trajectories, cross-message rules and feedback.")
app.add_typer(credentials.app, name="credentials", help="API keys of the HTTP services (stored hashed).")
app.add_typer(export_cli.app, name="export", help="BIJ, Iv3, reconciliation and indicator exports.")


def main() -> None:  # pragma: no cover - console script wrapper
    app()
