"""``ijw credentials``: issue, revoke and list the API keys of the HTTP services.

``issue`` prints the new key on standard output, alone on its line, exactly once (``KEY=$(ijw credentials
issue …)`` works); the database keeps only its hash. ``list`` never shows a secret. Every command upgrades
the database schema first.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from sqlalchemy import Engine

app = typer.Typer(no_args_is_help=True, help="API keys of the HTTP services (stored hashed).")

_DB_HELP = "database URL (default: IJW_DB_URL or sqlite:///ijw.sqlite)"


def _engine(db: str | None) -> Engine:
    from ijw.db import default_db_url, make_engine, migrate

    url = db or default_db_url()
    migrate(url)
    return make_engine(url)


@app.command("issue")
def issue_command(
    kind: str = typer.Option(..., "--kind", help="gemeente, aanbieder, afnemer or beheerder"),
    code: str = typer.Option(
        ..., "--code", help="CBS gemeentecode (gemeente), AGB code (aanbieder) or a name (afnemer, beheerder)"
    ),
    scope: list[str] | None = typer.Option(
        None, "--scope", help="a scope (repeatable; default: the usual scopes of the party kind)"
    ),
    bsn_entitled: bool = typer.Option(False, "--bsn-entitled", help="afnemer entitled to BSN in exports"),
    label: str | None = typer.Option(None, "--label", help="a note for beheerders (who holds the key)"),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP, show_default=False),
) -> None:
    """Issue a credential and print its key once (store it now: it cannot be shown again)."""
    from ijw.auth.credentials import CredentialError, issue

    engine = _engine(db)
    try:
        issued = issue(engine, kind, code, scope or None, bsn_entitled=bsn_entitled, label=label)
    except CredentialError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
    info = issued.info
    typer.echo(
        f"issued key id {info.key_id} for {info.kind} {info.code} (scopes: {info.scopes}); "
        "the key below is shown only now:",
        err=True,
    )
    typer.echo(issued.key)


@app.command("revoke")
def revoke_command(
    key_id: str = typer.Argument(..., help="the key id (the part after ijw_, as `list` shows it)"),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP, show_default=False),
) -> None:
    """Revoke a credential: requests with its key are answered 401 from now on."""
    from ijw.auth.credentials import revoke

    engine = _engine(db)
    try:
        done = revoke(engine, key_id)
    finally:
        engine.dispose()
    if not done:
        typer.echo(f"error: no active credential with key id {key_id}", err=True)
        raise typer.Exit(1)
    typer.echo(f"revoked {key_id}")


@app.command("list")
def list_command(
    db: str | None = typer.Option(None, "--db", help=_DB_HELP, show_default=False),
    active: bool = typer.Option(False, "--active", help="only credentials that are not revoked"),
    as_json: bool = typer.Option(False, "--json", help="one JSON object per credential per line"),
) -> None:
    """List the credentials (key id, party, scopes, dates; never a secret)."""
    from ijw.auth.credentials import list_credentials

    engine = _engine(db)
    try:
        infos = list_credentials(engine, include_revoked=not active)
    finally:
        engine.dispose()
    if as_json:
        for info in infos:
            typer.echo(
                json.dumps(
                    {
                        "key_id": info.key_id,
                        "kind": info.kind,
                        "code": info.code,
                        "scopes": info.scopes.split(),
                        "bsn_entitled": info.bsn_entitled,
                        "label": info.label,
                        "created_at": info.created_at.isoformat(),
                        "revoked_at": info.revoked_at.isoformat() if info.revoked_at else None,
                    }
                )
            )
        return
    table = Table(title="Credentials")
    for column in ("key id", "kind", "code", "scopes", "bsn", "label", "created", "revoked"):
        table.add_column(column)
    for info in infos:
        table.add_row(
            info.key_id,
            info.kind,
            info.code,
            info.scopes,
            "yes" if info.bsn_entitled else "",
            info.label or "",
            info.created_at.strftime("%Y-%m-%d %H:%M"),
            info.revoked_at.strftime("%Y-%m-%d %H:%M") if info.revoked_at else "",
        )
    Console(soft_wrap=False, width=160).print(table)
