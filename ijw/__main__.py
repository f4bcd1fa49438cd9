"""``python -m ijw`` runs the ``ijw`` command line."""

from ijw.cli.main import app

app(prog_name="ijw")  # the same usage lines and shell completion as the console script
