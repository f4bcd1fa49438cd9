"""``python -m ijw_app`` runs the ``ijw`` command line."""

from ijw_app.cli.main import app

if __name__ == "__main__":  # not when a process pool's child (spawn) imports this module again
    app(prog_name="ijw")  # the same usage lines and shell completion as the console script
