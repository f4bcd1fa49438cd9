"""Entry point of the ``ijw`` console script: one sub-command per capability.

A sub-command's module is imported only when that command runs (or when the help lists every command), so
a light command such as ``ijw validate`` does not load the database, web or Kafka stack: start-up is part of
what a user waits for on every call.
"""

from __future__ import annotations

from difflib import get_close_matches
from importlib import import_module
from typing import Any

import typer
from typer.core import TyperGroup, TyperOption

DISTRIBUTION = "ijw-verwerker"

#: name: (module, attribute, help of a command group or None for a single command), in the help's order
COMMANDS: dict[str, tuple[str, str, str | None]] = {
    "validate": ("ijw_app.cli.validate", "validate", None),
    "retour": ("ijw_app.cli.retour", "retour", None),
    "convert": ("ijw_app.cli.convert", "convert", None),
    "ingest": ("ijw_app.cli.ingest", "ingest", None),
    "demo": ("ijw_app.cli.demo", "demo", None),
    "broker": ("ijw_app.cli.kafka", "broker", None),
    "worker": ("ijw_app.cli.kafka", "worker", None),
    "publish": ("ijw_app.cli.kafka", "publish", None),
    "serve": ("ijw_app.cli.serve", "serve", None),
    "traffic": ("ijw_app.cli.traffic", "traffic", None),
    "db": ("ijw_app.cli.db", "app", "Create the database or upgrade its schema (Alembic migrations)."),
    "schema": ("ijw_app.cli.schema", "app", "The compact message model and the XSDs generated from it."),
    "bench": ("ijw_app.cli.bench", "app", "Benchmarks that print figures."),
    "productcodes": ("ijw_app.cli.productcodes", "app", "Product codes, gemeente catalogues and mappings."),
    "quality": ("ijw_app.cli.quality", "app", "Linked trajectories, cross-message rules and feedback."),
    "credentials": ("ijw_app.cli.credentials", "app", "API keys of the HTTP services (stored hashed)."),
    "export": ("ijw_app.cli.export", "app", "BIJ, Iv3, reconciliation and indicator exports."),
}


def load_command(name: str) -> Any:
    """The click command of ``COMMANDS[name]``, built by typer exactly as an eager registration would."""
    module, attribute, group_help = COMMANDS[name]
    target = getattr(import_module(module), attribute)
    holder = typer.Typer(pretty_exceptions_enable=False)
    if group_help is None:
        holder.command(name)(target)
    else:
        holder.add_typer(target, name=name, help=group_help)
    return typer.main.get_group(holder).commands[name]


class LazyGroup(TyperGroup):
    """The top-level group: lists every command of ``COMMANDS``, imports one only when it is asked for."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            self.add_command(load_command(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """As typer's, with its "did you mean" over every command, not only the ones imported so far."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in self.list_commands(ctx):
            matches = get_close_matches(name, self.list_commands(ctx))
            if matches:
                ctx.fail(f"No such command {name!r}. Did you mean {', '.join(map(repr, matches))}?")
        return super().resolve_command(ctx, args)


_typer_display_type = TyperOption.display_type_rich


def _flag_display_type(self: TyperOption, ctx: Any) -> str | None:
    """No value type beside an on/off flag (typer 0.29 prints ``<bool>`` there, as if it took a value)."""
    return None if self.is_flag and not self.count else _typer_display_type(self, ctx)


TyperOption.display_type_rich = _flag_display_type  # type: ignore[method-assign]


app = typer.Typer(
    name="ijw",
    help="iJw 3.2 berichtenverkeer verwerker: validation, retour messages, ingest, quality and exports.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    cls=LazyGroup,
)


def _print_version(value: bool) -> None:
    if value:
        from importlib import metadata

        try:
            installed = metadata.version(DISTRIBUTION)
        except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
            from ijw import __version__ as installed
        typer.echo(f"ijw {installed}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """iJw 3.2 berichtenverkeer verwerker: validation, retour messages, ingest, quality and exports."""


def main() -> None:  # pragma: no cover - console script wrapper
    app()
