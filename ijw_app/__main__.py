"""``python -m ijw_app`` runs the ``ijw`` command line."""

from ijw_app.cli.main import app

app(prog_name="ijw")  # the same usage lines and shell completion as the console script
