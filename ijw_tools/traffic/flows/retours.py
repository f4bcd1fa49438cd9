"""Sending a heenbericht and its retour (JW302, JW306, JW308, JW316, JW318, JW320): a corrupt copy that
goes before the heenbericht (defects ``bsn-elfproef``, ``datumvolgorde``, ``xsd-ongeldig``,
``onleesbaar``) and a retour that may come late (defect ``retour-te-laat``, OP090)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

from ijw_tools.traffic import render
from ijw_tools.traffic.flows.core import Flow, key_of
from ijw_tools.traffic.output import GroundTruthRecord
from ijw_tools.traffic.render import Header
from ijw_tools.traffic.scenario import Client, StartItem
from ijw_tools.traffic.werkdagen import add_werkdagen


class Retours(Flow):
    """Heenberichten with their retour."""

    def send(
        self,
        h: Header,
        data: bytes,
        *,
        nummer: int | None,
        bsn: str | None,
        corrupt_kinds: Sequence[str] = (),
        make_corrupt: Callable[[str, Header], bytes] | None = None,
        defects: Sequence[GroundTruthRecord] = (),
        retour: bool = True,
    ) -> None:
        """Emit a heenbericht (preceded, maybe, by a corrupt copy) and schedule its retour."""
        core = self.core
        if make_corrupt is not None:
            for kind in corrupt_kinds:
                if core.roll(kind):
                    ch = replace(h, identificatie=core.ident(h.message))
                    bad = self.garbage() if kind == "onleesbaar" else make_corrupt(kind, ch)
                    rec = core.record(kind, key_of(ch), ch, nummer, bsn)
                    core.emit(h.message, key_of(ch), ch.dagtekening, bad, corrupt=kind, defects=(rec,))
                    if kind in ("bsn-elfproef", "datumvolgorde"):
                        self.schedule_retour(
                            ch, nummer=nummer, bsn=bsn, header_codes=("0001",), may_be_late=False
                        )
                    break
        core.emit(h.message, key_of(h), h.dagtekening, data, defects=defects)
        if retour:
            self.schedule_retour(h, nummer=nummer, bsn=bsn)

    def garbage(self) -> bytes:
        """Bytes that are no XML message at all (defect ``onleesbaar``)."""
        drng = self.core.drng
        size = drng.randint(64, 1024)
        return bytes(drng.randrange(1, 256) for _ in range(size)).replace(b"<", b"?")

    def schedule_retour(
        self,
        heen: Header,
        *,
        nummer: int | None,
        bsn: str | None,
        header_codes: Sequence[str] = (),
        client: Client | None = None,
        items: Sequence[StartItem] = (),
        codes: Sequence[Sequence[str]] = (),
        may_be_late: bool = True,
    ) -> None:
        core = self.core
        on_time = add_werkdagen(heen.dagtekening, core.rng.choice((0, 0, 1, 1, 2)))
        late_day = add_werkdagen(heen.dagtekening, core.drng.randint(6, 12))
        late = may_be_late and core.late_ok(late_day) and core.roll("retour-te-laat")
        rtype = render.RETOUR_OF[heen.message]

        def fire(day: dt.date) -> None:
            ident = core.ident(rtype)
            key = f"{heen.afzender}/{rtype}/{ident}"
            data = render.retour(heen, ident, day, header_codes, client, items, codes)
            recs = (
                [core.record("retour-te-laat", key_of(heen), heen, nummer, bsn, related=key)] if late else []
            )
            core.emit(rtype, key, day, data, defects=recs)

        core.at(late_day if late else on_time, fire)
