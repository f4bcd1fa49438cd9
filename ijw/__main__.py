"""``python -m ijw`` runs the ``ijw`` command line."""

from ijw.cli.main import app

app()
