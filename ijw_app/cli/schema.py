"""``ijw schema``: regenerate the XSDs and typed records from the compact model."""

from __future__ import annotations

from pathlib import Path

import typer

from ijw.paths import REPO_ROOT, data_dir
from ijw.schema.model import load_model

app = typer.Typer(no_args_is_help=True)


@app.command("generate")
def generate(
    xsd_dir: Path = typer.Option(None, help="where to write the XSDs (default: the project's xsd/)"),
) -> None:
    """Write xsd/*.xsd and ijw/model/generated.py from xsd/model/ijw-3.2.yaml."""
    from ijw.schema import pygen, xsdgen

    model = load_model()
    for path in xsdgen.write_all(model, xsd_dir or data_dir("xsd")):
        typer.echo(f"wrote {path}")
    target = REPO_ROOT / "ijw" / "model" / "generated.py"
    target.write_text(pygen.render(model), encoding="utf-8")
    typer.echo(f"wrote {target}")
