"""``ijw retour``: print the retour message (JW302 … JW320, JW325) that answers one message.

The message is validated (XSD, in-message rules, product codes) and answered as the standard prescribes for
the control level that failed. Findings of cross-message or external-source checks (levels 3 and 4) need
state: with ``--db URL`` the message is judged on the cross-message rules (control level 3) against the
linked state of its aanbieder in that database, as the quality service's linker judges a message on arrival,
without storing anything; findings of other checks can be given as a JSON file in the shape of
``ijw validate --json`` findings, and a gemeente's rejections of prestaties with ``--afwijzen``.

Exit codes: 0 a retour message was printed; 1 the message failed at control level 1, so there is no retour
message and the transport error is printed on stderr; 2 usage error (no such file, bad option, or the
message is itself a retour message).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import typer
from sqlalchemy import Engine

from ijw.findings import Finding
from ijw.retour import DeclaratieBeoordeling, NotAnsweredError, build_retour
from ijw.validation import ValidationResult, Validator


def make_validator() -> Validator:
    """The validator used by the command (a seam for tests)."""
    return Validator()


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def load_findings(path: Path) -> list[Finding]:
    """Findings from a JSON file: a list of objects, or one object per line (``rule``, ``retourcode``,
    ``location``, ``message``; optional ``severity``)."""
    text = path.read_text(encoding="utf-8")
    stripped = text.strip()
    items: list[Any]
    if stripped.startswith("["):
        items = json.loads(stripped)
    else:
        items = [json.loads(line) for line in text.splitlines() if line.strip()]
    findings = []
    for item in items:
        if not isinstance(item, dict) or "rule" not in item:
            raise ValueError(f"{path}: every finding needs at least a 'rule'")
        findings.append(
            Finding(
                rule=str(item["rule"]),
                message=str(item.get("message", "")),
                retourcode=item.get("retourcode"),
                location=item.get("location"),
                severity=item.get("severity", "error"),
            )
        )
    return findings


def parse_afwijzingen(values: list[str]) -> DeclaratieBeoordeling:
    """``REFERENTIENUMMER=CODE[,CODE…]`` options into a :class:`DeclaratieBeoordeling`."""
    beoordeling = DeclaratieBeoordeling()
    for value in values:
        ref, sep, codes = value.partition("=")
        if not sep or not ref or not codes:
            raise ValueError(f"--afwijzen {value!r}: expected REFERENTIENUMMER=RETOURCODE[,RETOURCODE]")
        beoordeling.afwijzen(ref, *[c.strip() for c in codes.split(",") if c.strip()])
    return beoordeling


def linked_findings(engine: Engine, result: ValidationResult, validator: Validator) -> list[Finding]:
    """The control level 3 findings on the validated message ``result``: the cross-message rules it breaks
    against the linked state in the database of ``engine`` (:func:`services.quality.judge_message`, read
    only), each with its rule's retourcode and location. None when the message has errors of its own or
    content that cannot be read: the quality service links only messages stored as valid, with content."""
    from ijw.db import content as c
    from ijw.model import MessageModelError, parse_record
    from services.quality import CHECKS, judge_message

    if result.root is None or result.message not in c.RECORD_MESSAGES or not result.xsd_valid:
        return []
    if any(f.is_error for f in result.findings):
        return []
    info = validator.model.messages[result.message]
    header = c.header_of(result.root, result.message, info.retour_of, info.afzender)
    try:
        rows = c.content_rows(parse_record(result.root, result.message), header, result.root)
    except (MessageModelError, ValueError, TypeError):
        return []
    with engine.connect() as conn:  # nothing is written
        found = judge_message(conn, header, rows)
    return [  # the errors of the official rules (each with its retourcode) decide the retour
        Finding(f.check, f.detail, CHECKS[f.check].retourcode, f.location)
        for f in found
        if CHECKS[f.check].retourcode is not None and CHECKS[f.check].severity == "error"
    ]


def retour(
    path: Path = typer.Argument(
        ..., help="the received message (JW301, JW305, JW307, JW315, JW317, JW319, JW323)"
    ),
    dagtekening: str | None = typer.Option(
        None, help="DagtekeningRetour (JW325: Dagtekening), YYYY-MM-DD; default: the message's Dagtekening"
    ),
    identificatie: str | None = typer.Option(
        None, help="IdentificatieRetour (JW325: Identificatie); default: derived from the message"
    ),
    xslt_versie: str | None = typer.Option(None, "--xslt-versie", help="XsltVersie to state in the header"),
    findings_file: Path | None = typer.Option(
        None,
        "--findings",
        help="JSON file with findings of control level 3/4 checks (rule, retourcode, location)",
    ),
    afwijzen: list[str] = typer.Option(
        [], "--afwijzen", help="JW323 only: reject a prestatie, REFERENTIENUMMER=RETOURCODE[,RETOURCODE]"
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="write the retour message here instead of stdout"
    ),
    db: str | None = typer.Option(
        None,
        "--db",
        help="judge control level 3 too: the cross-message rules against the linked state in this database "
        "(read only; without it, levels 1 and 2 only)",
        show_default=False,
    ),
) -> None:
    """Print the retour message for a received iJw 3.2 message."""
    if not (path.exists() or path.is_symlink()):  # a looping link is read, and refused with its reason
        raise _fail(f"no such file: {path}")
    try:
        day = dt.date.fromisoformat(dagtekening) if dagtekening else None
        extra = load_findings(findings_file) if findings_file else []
        beoordeling = parse_afwijzingen(afwijzen) if afwijzen else None
    except (OSError, ValueError) as exc:
        raise _fail(str(exc)) from None
    validator = make_validator()
    result = validator.validate_file(path)
    if db is not None:
        from ijw_app.cli.database import open_database

        engine = open_database(db)  # a database mistake: one line, exit 2
        try:
            extra += linked_findings(engine, result, validator)
        finally:
            engine.dispose()
    try:
        outcome = build_retour(
            result,
            extra,
            identificatie=identificatie,
            dagtekening=day,
            xslt_versie=xslt_versie,
            decisions=beoordeling,
        )
    except NotAnsweredError as exc:
        raise _fail(f"{path}: {exc}") from None
    except ValueError as exc:
        raise _fail(f"{path}: {exc}") from None
    if outcome.transport_error is not None:
        error = outcome.transport_error
        typer.echo(f"{path}: no retour message (control level 1): {error.code}: {error.reason}", err=True)
        raise typer.Exit(1)
    data = outcome.to_bytes()
    if out is not None:
        out.write_bytes(data)
    else:
        typer.echo(data.decode("utf-8"), nl=False)
