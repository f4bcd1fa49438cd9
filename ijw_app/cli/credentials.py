"""``ijw credentials``: issue, rotate, revoke and list the API keys of the HTTP services.

``issue`` prints the new key on standard output, alone on its line, exactly once (``KEY=$(ijw credentials
issue …)`` works); the database keeps only its hash. ``list`` never shows a secret. Every command upgrades
an older database schema first; none creates a database (``ijw db upgrade`` does). ``issue`` warns on stderr
when the stored traffic has no gemeente or aanbieder of that code yet (a key may precede the first message).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from ijw_app.cli.database import DB_OPTION

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from ijw.auth.credentials import CredentialInfo, IssuedKey

app = typer.Typer(no_args_is_help=True, help="API keys of the HTTP services (stored hashed).")

T = TypeVar("T")

_EXPORT = typer.Option(
    None,
    "--export",
    help="afnemer: an export it may fetch, bij/iv3/reconciliation/indicators (repeatable; default all)",
)
_GEMEENTE = typer.Option(
    None,
    "--gemeente",
    help="afnemer: a CBS gemeentecode whose exports it may fetch (repeatable; default every gemeente)",
)
_VALID_DAYS = typer.Option(
    None, "--valid-days", min=1, max=3660, help="the key expires after this many days (default: never)"
)


def _expiry(valid_days: int | None) -> dt.datetime | None:
    return dt.datetime.now(dt.UTC) + dt.timedelta(days=valid_days) if valid_days else None


def _expires(info: CredentialInfo) -> str:
    return f"; expires {info.expires_at:%Y-%m-%d %H:%M} UTC" if info.expires_at else ""


def _on_database(db: str | None, action: Callable[[Engine], T]) -> T:
    """``action`` on the (upgraded) database; a :class:`CredentialError` ends the command with exit 2."""
    from ijw.auth.credentials import CredentialError
    from ijw_app.cli.database import open_database

    engine = open_database(db, upgrade=True)
    try:
        return action(engine)
    except CredentialError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()


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
    export: list[str] | None = _EXPORT,
    gemeente: list[str] | None = _GEMEENTE,
    valid_days: int | None = _VALID_DAYS,
    db: str | None = DB_OPTION,
) -> None:
    """Issue a credential and print its key once (store it now: it cannot be shown again)."""
    from ijw.auth.credentials import issue
    from ijw_app.cli.database import known_party

    def issue_and_check(engine: Engine) -> tuple[IssuedKey, bool]:
        issued = issue(
            engine,
            kind,
            code,
            scope or None,
            bsn_entitled=bsn_entitled,
            label=label,
            exports=export or None,
            gemeenten=gemeente or None,
            expires_at=_expiry(valid_days),
        )
        return issued, kind not in ("gemeente", "aanbieder") or known_party(engine, kind, code)

    issued, known = _on_database(db, issue_and_check)
    if not known:  # a key may precede the party's first message; a typo should still be noticed
        typer.echo(f"warning: no {kind} {code} in the stored traffic yet (check the code)", err=True)
    info = issued.info
    typer.echo(
        f"issued key id {info.key_id} for {info.kind} {info.code} (scopes: {info.scopes}{_expires(info)}); "
        "the key below is shown only now:",
        err=True,
    )
    typer.echo(issued.key)


@app.command("rotate")
def rotate_command(
    key_id: str = typer.Argument(..., help="the key id of the active credential to replace"),
    grace_days: int = typer.Option(
        7, "--grace-days", min=0, max=90, help="the old key keeps working this many days (0: revoked now)"
    ),
    valid_days: int | None = _VALID_DAYS,
    db: str | None = DB_OPTION,
) -> None:
    """Issue a new key with the same party, scopes and grants, and let the old one expire after the grace
    period; the new key is printed once."""
    from ijw.auth.credentials import rotate

    issued = _on_database(
        db,
        lambda engine: rotate(engine, key_id, dt.timedelta(days=grace_days), expires_at=_expiry(valid_days)),
    )
    if issued is None:
        typer.echo(f"error: no active credential with key id {key_id}", err=True)
        raise typer.Exit(1)
    info = issued.info
    ending = "revoked now" if grace_days == 0 else f"works {grace_days} more day(s)"
    typer.echo(
        f"rotated {key_id} ({ending}) to key id {info.key_id} for {info.kind} {info.code} "
        f"(scopes: {info.scopes}{_expires(info)}); the new key below is shown only now:",
        err=True,
    )
    typer.echo(issued.key)


@app.command("grant")
def grant_command(
    key_id: str = typer.Argument(..., help="the key id of an afnemer credential"),
    export: list[str] | None = _EXPORT,
    gemeente: list[str] | None = _GEMEENTE,
    db: str | None = DB_OPTION,
) -> None:
    """Replace an afnemer's export grants (what is not named is granted in full); the key stays the same."""
    from ijw.auth.credentials import grant

    done = _on_database(db, lambda engine: grant(engine, key_id, export or None, gemeente or None))
    if not done:
        typer.echo(f"error: no active credential with key id {key_id}", err=True)
        raise typer.Exit(1)
    exports = " ".join(export) if export else "every export"
    gemeenten = " ".join(gemeente) if gemeente else "every gemeente"
    typer.echo(f"granted {key_id}: {exports}; {gemeenten}")


@app.command("revoke")
def revoke_command(
    key_id: str = typer.Argument(..., help="the key id (the part after ijw_, as `list` shows it)"),
    db: str | None = DB_OPTION,
) -> None:
    """Revoke a credential: requests with its key are answered 401 from now on."""
    from ijw.auth.credentials import revoke

    done = _on_database(db, lambda engine: revoke(engine, key_id))
    if not done:
        typer.echo(f"error: no active credential with key id {key_id}", err=True)
        raise typer.Exit(1)
    typer.echo(f"revoked {key_id}")


def _grants(info: CredentialInfo) -> str:
    if info.kind != "afnemer":
        return ""
    exports = info.export_grants or "all exports"
    gemeenten = info.gemeente_grants or "all gemeenten"
    return f"{exports}; {gemeenten}"


@app.command("list")
def list_command(
    db: str | None = DB_OPTION,
    active: bool = typer.Option(False, "--active", help="only credentials that are not revoked"),
    as_json: bool = typer.Option(False, "--json", help="one JSON object per credential per line"),
) -> None:
    """List the credentials (key id, party, scopes, grants, dates; never a secret)."""
    from ijw.auth.credentials import list_credentials

    infos = _on_database(db, lambda engine: list_credentials(engine, include_revoked=not active))
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
                        "expires_at": info.expires_at.isoformat() if info.expires_at else None,
                        "exports": info.export_grants.split() if info.export_grants else None,
                        "gemeenten": info.gemeente_grants.split() if info.gemeente_grants else None,
                    }
                )
            )
        return
    table = Table(title="Credentials")
    for column in (
        "key id",
        "kind",
        "code",
        "scopes",
        "grants",
        "bsn",
        "label",
        "created",
        "revoked",
        "expires",
    ):
        table.add_column(column)
    for info in infos:
        table.add_row(
            info.key_id,
            info.kind,
            info.code,
            info.scopes,
            _grants(info),
            "yes" if info.bsn_entitled else "",
            info.label or "",
            info.created_at.strftime("%Y-%m-%d %H:%M"),
            info.revoked_at.strftime("%Y-%m-%d %H:%M") if info.revoked_at else "",
            info.expires_at.strftime("%Y-%m-%d %H:%M") if info.expires_at else "",
        )
    Console(soft_wrap=False, width=160).print(table)
