"""Scopes and permissions of the HTTP APIs of the ingest, quality and export services, declared in one place.

Two layers decide whether a request may proceed:

1. **Scopes** (what kind of operation): a credential carries a set of named scopes, checked by the FastAPI
   dependency :func:`ijw.auth.require` before an endpoint runs. Missing scope: 403.

   ======================  ==================================================================================
   scope                   allows
   ======================  ==================================================================================
   berichten.aanleveren    ``POST /berichten``: deliver messages (one or a batch)
   berichten.lezen         ``GET /berichten…``: results, findings, retour messages, raw XML of own messages
   kwaliteit.lezen         quality feedback (findings per aanbieder/gemeente, indicators, trends)
   export.lezen            BIJ records and Iv3 aggregates (afnemers; pseudonymised unless ``bsn_entitled``)
   beheer                  everything above for every party, plus access management, metrics, code sets
   ======================  ==================================================================================

2. **Party rules** (which objects): a gemeente sees the messages whose gemeente party (Afzender or
   Ontvanger, per message type) is its CBS gemeentecode, an aanbieder those whose aanbieder party is its
   AGB code, an afnemer no messages at all (only the exports it is granted), a beheerder everything. What a
   party may *send* is stricter: only the message types its kind sends (:mod:`ijw.auth.senders`, the
   "Sent by" column of the standard), with its own code as that sending party. A gemeente sends JW301 only
   as its Afzender, and a JW302 not at all (the aanbieder sends it, although its header names the gemeente
   as Afzender); an aanbieder likewise. A beheerder may send for anyone (its key id is stored as the source).

3. **Export grants** (afnemers only): which exports (:data:`EXPORTS`) an afnemer may fetch and for which
   gemeenten. A credential without grants may fetch every export for every gemeente (CBS's national
   role); one with ``gemeenten`` gets only those gemeenten's traffic: rows of other gemeenten are left
   out and indicators only at gemeente level, since a regio or aanbieder total would include the others.

Out-of-scope answers (decided here, applied by every service): a send outside the party rules is answered
403; a read of a single object outside them is answered 404, as if it did not exist, so that existence is
not leaked; lists are filtered. Every denial is logged with the credential's key id, the endpoint and the
reason — never personal data and never the key secret.

>>> p = Principal(key_id="k1", kind="aanbieder", code="12345678", scopes=DEFAULT_SCOPES["aanbieder"])
>>> p.has(BERICHTEN_AANLEVEREN), p.has(EXPORT_LEZEN)
(True, False)
>>> p.may_access_message(gemeente="0384", aanbieder="12345678"), p.may_access_message("0384", "87654321")
(True, False)
>>> p.may_send("JW305", gemeente="0384", aanbieder="12345678"), p.may_send("JW301", "0384", "12345678")
(True, False)
>>> regio = Principal("k2", "afnemer", "regio-west", DEFAULT_SCOPES["afnemer"],
...                   exports=frozenset({"iv3"}), gemeenten=frozenset({"0363"}))
>>> regio.may_export("iv3"), regio.may_export("bij"), sorted(regio.export_gemeenten or ())
(True, False, ['0363'])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from ijw.auth.senders import is_sender, sending_party

PartyKind = Literal["gemeente", "aanbieder", "afnemer", "beheerder"]
PARTY_KINDS: tuple[PartyKind, ...] = get_args(PartyKind)


@dataclass(frozen=True, slots=True)
class Scope:
    """A named permission a credential can hold (``label`` is what is stored and shown)."""

    label: str
    description: str

    def __str__(self) -> str:
        return self.label


BERICHTEN_AANLEVEREN = Scope("berichten.aanleveren", "Deliver iJw messages (POST /berichten).")
BERICHTEN_LEZEN = Scope(
    "berichten.lezen", "Read results, findings and retour messages of the party's own messages."
)
KWALITEIT_LEZEN = Scope("kwaliteit.lezen", "Read quality feedback on the party's own messages.")
EXPORT_LEZEN = Scope("export.lezen", "Fetch the exports granted (BIJ records, Iv3 aggregates).")
BEHEER = Scope("beheer", "Everything, for every party: access management, metrics, code sets.")

SCOPES: dict[str, Scope] = {
    s.label: s for s in (BERICHTEN_AANLEVEREN, BERICHTEN_LEZEN, KWALITEIT_LEZEN, EXPORT_LEZEN, BEHEER)
}
"""Every scope by label."""

ALLOWED_SCOPES: dict[PartyKind, frozenset[Scope]] = {
    "gemeente": frozenset({BERICHTEN_AANLEVEREN, BERICHTEN_LEZEN, KWALITEIT_LEZEN}),
    "aanbieder": frozenset({BERICHTEN_AANLEVEREN, BERICHTEN_LEZEN, KWALITEIT_LEZEN}),
    "afnemer": frozenset({EXPORT_LEZEN}),
    "beheerder": frozenset(SCOPES.values()),
}
"""The scopes a credential of each party kind may be issued with."""

DEFAULT_SCOPES: dict[PartyKind, frozenset[Scope]] = {
    "gemeente": ALLOWED_SCOPES["gemeente"],
    "aanbieder": ALLOWED_SCOPES["aanbieder"],
    "afnemer": ALLOWED_SCOPES["afnemer"],
    "beheerder": frozenset({BEHEER}),
}
"""The scopes a credential gets when none are named at issue."""


class ScopeError(ValueError):
    """A scope that does not exist, or that the party kind may not have."""


def parse_scopes(labels: str | list[str] | tuple[str, ...]) -> frozenset[Scope]:
    """Scopes from labels (a list, or one string separated by spaces or commas).

    >>> sorted(s.label for s in parse_scopes("berichten.lezen, beheer"))
    ['beheer', 'berichten.lezen']
    """
    if isinstance(labels, str):
        labels = labels.replace(",", " ").split()
    unknown = [label for label in labels if label not in SCOPES]
    if unknown:
        raise ScopeError(f"unknown scope(s): {', '.join(unknown)}; known: {', '.join(sorted(SCOPES))}")
    return frozenset(SCOPES[label] for label in labels)


def check_scopes(kind: PartyKind, scopes: frozenset[Scope]) -> None:
    """Raise :class:`ScopeError` when ``kind`` may not hold one of ``scopes``."""
    extra = scopes - ALLOWED_SCOPES[kind]
    if extra:
        raise ScopeError(
            f"a {kind} credential cannot have scope(s) {', '.join(sorted(s.label for s in extra))}"
        )


EXPORTS: tuple[str, ...] = ("bij", "iv3", "reconciliation", "indicators")
"""The exports an afnemer can be granted (``bij``: jeugdhulp, jeugdbescherming and jeugdreclassering)."""


def format_scopes(scopes: frozenset[Scope]) -> str:
    """Labels separated by spaces, sorted (the stored form)."""
    return " ".join(sorted(s.label for s in scopes))


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated party behind a request.

    ``code`` is the CBS gemeentecode (gemeente), the AGB code (aanbieder) or a name (afnemer, beheerder).
    ``bsn_entitled``: an afnemer that may receive BSN in exports (otherwise pseudonymised). ``exports`` and
    ``gemeenten``: an afnemer's export grants (None: every export, every gemeente).
    """

    key_id: str
    kind: PartyKind
    code: str
    scopes: frozenset[Scope]
    bsn_entitled: bool = False
    exports: frozenset[str] | None = None
    gemeenten: frozenset[str] | None = None

    @property
    def is_beheerder(self) -> bool:
        """A beheerder credential, or any credential with the ``beheer`` scope: no party restriction."""
        return self.kind == "beheerder" or BEHEER in self.scopes

    def has(self, scope: Scope) -> bool:
        """Whether the credential holds ``scope`` (``beheer`` implies every scope)."""
        return scope in self.scopes or BEHEER in self.scopes

    def may_export(self, name: str) -> bool:
        """Whether the credential may fetch export ``name`` (scope ``export.lezen`` and the grant)."""
        if self.is_beheerder:
            return True
        return self.has(EXPORT_LEZEN) and (self.exports is None or name in self.exports)

    @property
    def export_gemeenten(self) -> frozenset[str] | None:
        """The gemeenten whose exports the credential may fetch; None: every gemeente."""
        return None if self.is_beheerder else self.gemeenten

    @property
    def party_column(self) -> Literal["gemeente", "aanbieder"] | None:
        """Which party of a message this principal must be: ``gemeente``/``aanbieder``; None for others."""
        if self.kind == "gemeente":
            return "gemeente"
        if self.kind == "aanbieder":
            return "aanbieder"
        return None

    def may_access_message(self, gemeente: str | None, aanbieder: str | None) -> bool:
        """Whether this principal may read a message with these parties (party rules above)."""
        if self.is_beheerder:
            return True
        if self.kind == "gemeente":
            return bool(gemeente) and gemeente == self.code
        if self.kind == "aanbieder":
            return bool(aanbieder) and aanbieder == self.code
        return False  # afnemers see exports, never messages

    def may_send(self, berichtsoort: str, gemeente: str | None, aanbieder: str | None) -> bool:
        """Whether this principal may submit a message of ``berichtsoort`` with these parties: it must be the
        party that sends that message type (:data:`ijw.auth.senders.SENT_BY`), a beheerder anything."""
        return self.is_beheerder or is_sender(self.kind, self.code, berichtsoort, gemeente, aanbieder)

    def why_not_send(self, berichtsoort: str, gemeente: str | None, aanbieder: str | None) -> str:
        """The reason :meth:`may_send` is False, for the denial log and the answer (party codes only)."""
        sender = sending_party(berichtsoort, gemeente, aanbieder)
        if self.party_column is None:
            return f"a {self.kind} credential cannot send messages"
        if sender is None:
            return f"{berichtsoort} is not an iJw 3.2 message type"
        kind, code = sender
        return f"{berichtsoort} is sent by the {kind} ({code or 'absent'}), not by {self.kind} {self.code}"

    def why_not(self, gemeente: str | None, aanbieder: str | None) -> str:
        """The reason :meth:`may_access_message` is False, for the denial log (party codes only)."""
        column = self.party_column
        if column is None:
            return f"a {self.kind} credential has no access to messages"
        other = gemeente if column == "gemeente" else aanbieder
        return f"{column} {self.code} is not the {column} party of the message (that is {other or 'absent'})"
