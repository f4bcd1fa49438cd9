"""The database schema: SQLAlchemy 2 typed models of stored messages, their findings and parsed content.

One row in ``berichten`` per distinct message received (also rejected input, keyed by its content hash),
its ``findings``, and, for every XSD-valid message, the parsed content the quality and export services read:
``clients`` per message, ``toewijzingen`` (JW301), ``starts`` (JW305), ``stops`` (JW307), ``verzoeken`` and
``verzoek_producten`` (JW315, JW317), ``antwoorden`` (JW319), ``declaraties`` and ``prestaties`` (JW323),
``declaratie_antwoorden`` and ``afgewezen_prestaties`` (JW325) and the ``retourcodes`` received in retour
messages (JW302/306/308/316/318/320, and those of JW325).

The schema changes only through the Alembic migrations in ``ijw/db/migrations``; a test compares these
models with the migrated database. Indexes: only those a query of a service uses (every insert maintains
them; the table is in docs/benchmarks.md, "Indexes the ingest maintains"). Joins go from a content row to its
parent's primary key, so the foreign keys to ``clients``, ``verzoeken`` and ``declaratie_antwoorden`` have
none. BSN is stored here (the services need it to link messages) and nowhere else: not in findings texts,
not in logs.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# 64-bit keys on PostgreSQL; SQLite needs INTEGER PRIMARY KEY for its rowid alias.
Id = BigInteger().with_variant(Integer(), "sqlite")

STATUS_VALID = "valid"
STATUS_INVALID = "invalid"
STATUS_REJECTED = "rejected"

# Lengths of the iJw data types (basisschema LDT_*), with room to spare where the XSD allows more.
GEMEENTE = 4
AGB = 8
IDENTIFICATIE = 64  # LDT_IdentificatieBericht is 12; header values of XSD-invalid messages are cut to 64
BSN = 9
REFERENTIE = 36
REFERENTIENUMMER = 20
PRODUCTCODE = 5
CODE = 4


class Base(DeclarativeBase):
    """Declarative base with the naming convention Alembic needs for batch (SQLite) migrations."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _fk_bericht() -> Mapped[int]:
    return mapped_column(Id, ForeignKey("berichten.id", ondelete="CASCADE"), nullable=False, index=True)


class Party(Base):
    """A gemeente (by CBS gemeentecode) or an aanbieder (by AGB code) that took part in the traffic."""

    __tablename__ = "parties"
    __table_args__ = (
        UniqueConstraint("soort", "code"),
        CheckConstraint("soort IN ('gemeente', 'aanbieder')", name="soort"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    soort: Mapped[str] = mapped_column(String(9))
    code: Mapped[str] = mapped_column(String(IDENTIFICATIE))
    naam: Mapped[str | None] = mapped_column(String(200))
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Bericht(Base):
    """One distinct message as received: header, raw XML (zlib), verdict and, for heen messages, the retour.

    Idempotency key: (afzender, berichtsoort, identificatie, content_hash). Rejected input that could not be
    identified has empty strings in the first three, so it is keyed by its content hash alone. For retour
    messages ``identificatie`` and ``dagtekening`` are IdentificatieRetour/DagtekeningRetour, and
    ``retour_of_*`` name the heenbericht they answer (for a JW325: the JW323 of its DeclaratieIdentificatie);
    ``retour_to_id`` points to it once both are stored.
    """

    __tablename__ = "berichten"
    __table_args__ = (
        UniqueConstraint("afzender", "berichtsoort", "identificatie", "content_hash"),
        CheckConstraint("status IN ('valid', 'invalid', 'rejected')", name="status"),
        Index(
            "ix_berichten_retour_of",
            "retour_of_afzender",
            "retour_of_berichtsoort",
            "retour_of_identificatie",
        ),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    afzender: Mapped[str] = mapped_column(String(IDENTIFICATIE))
    ontvanger: Mapped[str] = mapped_column(String(IDENTIFICATIE))
    berichtsoort: Mapped[str] = mapped_column(String(5))
    bericht_code: Mapped[str | None] = mapped_column(String(IDENTIFICATIE))
    identificatie: Mapped[str] = mapped_column(String(IDENTIFICATIE))
    dagtekening: Mapped[dt.date | None] = mapped_column(Date)
    gemeente: Mapped[str | None] = mapped_column(String(IDENTIFICATIE), index=True)
    aanbieder: Mapped[str | None] = mapped_column(String(IDENTIFICATIE), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    raw_xml: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    stored_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(8))
    xsd_valid: Mapped[bool] = mapped_column(Boolean)
    rejection_code: Mapped[str | None] = mapped_column(String(40))
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    retour_xml: Mapped[bytes | None] = mapped_column(LargeBinary)
    retour_of_berichtsoort: Mapped[str | None] = mapped_column(String(5))
    retour_of_afzender: Mapped[str | None] = mapped_column(String(IDENTIFICATIE))
    retour_of_identificatie: Mapped[str | None] = mapped_column(String(IDENTIFICATIE))
    retour_to_id: Mapped[int | None] = mapped_column(
        Id, ForeignKey("berichten.id", ondelete="SET NULL"), index=True
    )


class FindingRow(Base):
    """One finding about a stored message (validation, product codes, TR056 on arrival, rejection)."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    bericht_id: Mapped[int] = _fk_bericht()
    rule: Mapped[str] = mapped_column(String(40), index=True)
    retourcode: Mapped[str | None] = mapped_column(String(CODE))
    location: Mapped[str | None] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(7))
    message: Mapped[str] = mapped_column(Text)


class Client(Base):
    """A client as one message carries it (BSN plus what the BIJ needs), with the message's gemeente.

    ``postcode`` is that of the client's Contact with Soort 01 (BRP-adres), JW301 only.
    """

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    bericht_id: Mapped[int] = _fk_bericht()
    volgnummer: Mapped[int] = mapped_column(Integer)
    bsn: Mapped[str] = mapped_column(String(BSN), index=True)
    geboortedatum: Mapped[dt.date | None] = mapped_column(Date)
    geboortedatum_gebruik: Mapped[str | None] = mapped_column(String(1))  # DatumGebruik (COD170)
    geslacht: Mapped[str | None] = mapped_column(String(1))
    postcode: Mapped[str | None] = mapped_column(String(8))
    gemeente: Mapped[str | None] = mapped_column(String(GEMEENTE))


class _Product:
    """Columns shared by the product tables."""

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    bericht_id: Mapped[int] = _fk_bericht()
    volgnummer: Mapped[int] = mapped_column(Integer)
    gemeente: Mapped[str] = mapped_column(String(GEMEENTE))
    aanbieder: Mapped[str] = mapped_column(String(AGB))


class Toewijzing(_Product, Base):
    """A ToegewezenProduct of a JW301 (also wijziging, intrekking and verwijdering)."""

    __tablename__ = "toewijzingen"

    client_id: Mapped[int] = mapped_column(Id, ForeignKey("clients.id", ondelete="CASCADE"))
    bsn: Mapped[str] = mapped_column(String(BSN))
    toewijzing_nummer: Mapped[int] = mapped_column(BigInteger, index=True)
    referentie_aanbieder: Mapped[str | None] = mapped_column(String(REFERENTIE))
    categorie: Mapped[str | None] = mapped_column(String(2))
    code: Mapped[str | None] = mapped_column(String(PRODUCTCODE))
    toewijzingsdatum: Mapped[dt.date] = mapped_column(Date)
    toewijzingstijd: Mapped[dt.time] = mapped_column(Time)
    ingangsdatum: Mapped[dt.date] = mapped_column(Date)
    einddatum: Mapped[dt.date | None] = mapped_column(Date)
    reden_wijziging: Mapped[str | None] = mapped_column(String(2))
    volume: Mapped[int | None] = mapped_column(BigInteger)
    eenheid: Mapped[str | None] = mapped_column(String(2))
    frequentie: Mapped[str | None] = mapped_column(String(1))
    budget: Mapped[int | None] = mapped_column(BigInteger)


class _Delivery(_Product):
    """Columns shared by starts and stops: the client and the toegewezen product they concern."""

    client_id: Mapped[int] = mapped_column(Id, ForeignKey("clients.id", ondelete="CASCADE"))
    bsn: Mapped[str] = mapped_column(String(BSN))
    toewijzing_nummer: Mapped[int | None] = mapped_column(BigInteger, index=True)
    categorie: Mapped[str | None] = mapped_column(String(2))
    code: Mapped[str | None] = mapped_column(String(PRODUCTCODE))
    toewijzing_ingangsdatum: Mapped[dt.date | None] = mapped_column(Date)
    begindatum: Mapped[dt.date] = mapped_column(Date)


class Start(_Delivery, Base):
    """A StartProduct of a JW305."""

    __tablename__ = "starts"

    status_aanlevering: Mapped[str] = mapped_column(String(1))


class Stop(_Delivery, Base):
    """A StopProduct of a JW307."""

    __tablename__ = "stops"

    reden_beeindiging: Mapped[str] = mapped_column(String(2))
    einddatum: Mapped[dt.date] = mapped_column(Date)
    status_aanlevering: Mapped[str] = mapped_column(String(1))


class Verzoek(_Product, Base):
    """A verzoek: one row per AangevraagdProduct of a JW315 (its ReferentieAanbieder is per product, with the
    requested product inline), one row per Verzoek of a JW317 (its products in ``verzoek_producten``)."""

    __tablename__ = "verzoeken"

    berichtsoort: Mapped[str] = mapped_column(String(5))
    client_id: Mapped[int] = mapped_column(Id, ForeignKey("clients.id", ondelete="CASCADE"))
    bsn: Mapped[str] = mapped_column(String(BSN))
    referentie_aanbieder: Mapped[str] = mapped_column(String(REFERENTIE), index=True)
    reden_verzoek: Mapped[str | None] = mapped_column(String(1))
    beschikking_nummer: Mapped[int | None] = mapped_column(BigInteger)
    categorie: Mapped[str | None] = mapped_column(String(2))
    code: Mapped[str | None] = mapped_column(String(PRODUCTCODE))
    beschikking_ingangsdatum: Mapped[dt.date | None] = mapped_column(Date)
    toewijzing_ingangsdatum: Mapped[dt.date | None] = mapped_column(Date)
    toewijzing_einddatum: Mapped[dt.date | None] = mapped_column(Date)
    volume: Mapped[int | None] = mapped_column(BigInteger)
    eenheid: Mapped[str | None] = mapped_column(String(2))
    frequentie: Mapped[str | None] = mapped_column(String(1))
    budget: Mapped[int | None] = mapped_column(BigInteger)
    verwijzer_type: Mapped[str | None] = mapped_column(String(2))
    verwijzer_zorgverlener_code: Mapped[str | None] = mapped_column(String(AGB))
    raamcontract: Mapped[str | None] = mapped_column(String(1))


class VerzoekProduct(Base):
    """A product of a JW317 Verzoek: ``soort`` ongewijzigd, te_wijzigen or nieuw."""

    __tablename__ = "verzoek_producten"
    __table_args__ = (CheckConstraint("soort IN ('ongewijzigd', 'te_wijzigen', 'nieuw')", name="soort"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    bericht_id: Mapped[int] = _fk_bericht()
    verzoek_id: Mapped[int] = mapped_column(Id, ForeignKey("verzoeken.id", ondelete="CASCADE"))
    volgnummer: Mapped[int] = mapped_column(Integer)
    soort: Mapped[str] = mapped_column(String(11))
    toewijzing_nummer: Mapped[int | None] = mapped_column(BigInteger)
    categorie: Mapped[str | None] = mapped_column(String(2))
    code: Mapped[str | None] = mapped_column(String(PRODUCTCODE))
    gewenste_ingangsdatum: Mapped[dt.date | None] = mapped_column(Date)
    einddatum: Mapped[dt.date | None] = mapped_column(Date)
    volume: Mapped[int | None] = mapped_column(BigInteger)
    eenheid: Mapped[str | None] = mapped_column(String(2))
    frequentie: Mapped[str | None] = mapped_column(String(1))
    budget: Mapped[int | None] = mapped_column(BigInteger)


class Antwoord(_Product, Base):
    """The Antwoord of a JW319 on a verzoek (VOT or VOW) with that ReferentieAanbieder."""

    __tablename__ = "antwoorden"

    referentie_aanbieder: Mapped[str] = mapped_column(String(REFERENTIE), index=True)
    verzoek_antwoord: Mapped[str] = mapped_column(String(1))
    reden_afwijzing: Mapped[str | None] = mapped_column(String(2))
    woonplaatsbeginsel_gemeente: Mapped[str | None] = mapped_column(String(GEMEENTE))


class Declaratie(_Product, Base):
    """The Declaratie of a JW323; ``declaratie_identificatie`` is its BerichtIdentificatie (what a JW325's
    DeclaratieIdentificatie names)."""

    __tablename__ = "declaraties"

    declaratie_identificatie: Mapped[str] = mapped_column(String(IDENTIFICATIE), index=True)
    declaratie_nummer: Mapped[str] = mapped_column(String(12))
    periode_begin: Mapped[dt.date] = mapped_column(Date)
    periode_eind: Mapped[dt.date] = mapped_column(Date)
    declaratie_dagtekening: Mapped[dt.date] = mapped_column(Date)
    totaal_bedrag: Mapped[int] = mapped_column(BigInteger)
    debet_credit: Mapped[str] = mapped_column(String(1))


class _Prestatie:
    """Columns of a Prestatie (JW323 and JW325). Amounts in eurocents."""

    bsn: Mapped[str] = mapped_column(String(BSN))
    referentie_nummer: Mapped[str] = mapped_column(String(REFERENTIENUMMER))
    vorig_referentie_nummer: Mapped[str | None] = mapped_column(String(REFERENTIENUMMER))
    toewijzing_nummer: Mapped[int] = mapped_column(BigInteger)
    categorie: Mapped[str] = mapped_column(String(2))
    code: Mapped[str] = mapped_column(String(PRODUCTCODE))
    periode_begin: Mapped[dt.date] = mapped_column(Date)
    periode_eind: Mapped[dt.date] = mapped_column(Date)
    volume: Mapped[int] = mapped_column(BigInteger)
    eenheid: Mapped[str] = mapped_column(String(2))
    tarief: Mapped[int | None] = mapped_column(BigInteger)
    bedrag: Mapped[int] = mapped_column(BigInteger)
    debet_credit: Mapped[str] = mapped_column(String(1))


class Prestatie(_Prestatie, Base):
    """A Prestatie of a JW323 declaratie."""

    __tablename__ = "prestaties"
    __table_args__ = (Index("ix_prestaties_toewijzing_nummer", "toewijzing_nummer"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    bericht_id: Mapped[int] = _fk_bericht()
    declaratie_id: Mapped[int] = mapped_column(
        Id, ForeignKey("declaraties.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[int] = mapped_column(Id, ForeignKey("clients.id", ondelete="CASCADE"))
    volgnummer: Mapped[int] = mapped_column(Integer)


class DeclaratieAntwoord(_Product, Base):
    """A JW325: the answer to the JW323 whose BerichtIdentificatie is ``declaratie_identificatie``.

    ``header_retourcodes`` are the codes on the header (0200 when accepted); without a DeclaratieAntwoord
    element (whole declaratie rejected) the amounts and ``declaratie_nummer`` are empty.
    """

    __tablename__ = "declaratie_antwoorden"

    declaratie_identificatie: Mapped[str] = mapped_column(String(IDENTIFICATIE), index=True)
    declaratie_dagtekening: Mapped[dt.date] = mapped_column(Date)
    header_retourcodes: Mapped[str] = mapped_column(String(200))
    declaratie_nummer: Mapped[str | None] = mapped_column(String(12))
    totaal_ingediend_bedrag: Mapped[int | None] = mapped_column(BigInteger)
    ingediend_debet_credit: Mapped[str | None] = mapped_column(String(1))
    totaal_toegekend_bedrag: Mapped[int | None] = mapped_column(BigInteger)
    toegekend_debet_credit: Mapped[str | None] = mapped_column(String(1))
    antwoord_retourcodes: Mapped[str | None] = mapped_column(String(200))


class AfgewezenPrestatie(_Prestatie, Base):
    """A Prestatie a JW325 returns (not granted), with its retourcodes (comma separated)."""

    __tablename__ = "afgewezen_prestaties"
    __table_args__ = (Index("ix_afgewezen_prestaties_referentie_nummer", "referentie_nummer"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    bericht_id: Mapped[int] = _fk_bericht()
    antwoord_id: Mapped[int] = mapped_column(Id, ForeignKey("declaratie_antwoorden.id", ondelete="CASCADE"))
    client_id: Mapped[int] = mapped_column(Id, ForeignKey("clients.id", ondelete="CASCADE"))
    volgnummer: Mapped[int] = mapped_column(Integer)
    retourcodes: Mapped[str] = mapped_column(String(200))


class RetourcodeRow(Base):
    """One RetourCode received in a retour message (or a JW325), on the berichtklasse at ``location``.

    ``toewijzing_nummer`` / ``referentie`` (ReferentieAanbieder or ReferentieNummer) identify the product or
    verzoek the code belongs to, where the class carries one.
    """

    __tablename__ = "retourcodes"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    bericht_id: Mapped[int] = _fk_bericht()
    berichtklasse: Mapped[str] = mapped_column(String(40))
    location: Mapped[str] = mapped_column(Text)
    retourcode: Mapped[str] = mapped_column(String(CODE), index=True)
    bsn: Mapped[str | None] = mapped_column(String(BSN))
    toewijzing_nummer: Mapped[int | None] = mapped_column(BigInteger)
    referentie: Mapped[str | None] = mapped_column(String(REFERENTIE))


# -- Access control (ijw.auth) ---------------------------------------------------------------------------


class Credential(Base):
    """An API key of the HTTP services (see :mod:`ijw.auth`); the secret itself is never stored.

    A key reads ``ijw_<key_id>_<secret>``; ``secret_hash`` is the SHA-256 of ``<key_id>:<secret>``.
    ``kind`` is the party kind, ``code`` its CBS gemeentecode, AGB code or (afnemer, beheerder) name,
    ``scopes`` the scope labels separated by spaces. A revoked credential keeps its row (``revoked_at``).
    ``export_grants`` and ``gemeente_grants`` (afnemers only): the exports and CBS gemeentecodes granted,
    separated by spaces; NULL grants every export or every gemeente. ``expires_at``: the key stops working
    then (NULL: never; ``ijw credentials rotate`` sets it on the key it replaces).
    """

    __tablename__ = "credentials"
    __table_args__ = (
        UniqueConstraint("key_id"),
        CheckConstraint("kind IN ('gemeente', 'aanbieder', 'afnemer', 'beheerder')", name="kind"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    key_id: Mapped[str] = mapped_column(String(32))
    secret_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(9))
    code: Mapped[str] = mapped_column(String(200))
    scopes: Mapped[str] = mapped_column(String(400))
    bsn_entitled: Mapped[bool] = mapped_column(Boolean, default=False)
    label: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    export_grants: Mapped[str | None] = mapped_column(String(200))
    gemeente_grants: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class DashboardSession(Base):
    """A dashboard login (see :mod:`ijw.auth.sessions`): the browser holds a random session id, the
    database only its SHA-256 (``session_hash``). ``last_seen_at`` drives the idle expiry, ``expires_at`` is
    the absolute one; logout sets ``revoked_at``. The session acts as ``credential_id`` and ends with it.
    """

    __tablename__ = "dashboard_sessions"
    __table_args__ = (UniqueConstraint("session_hash"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    session_hash: Mapped[str] = mapped_column(String(64))
    credential_id: Mapped[int] = mapped_column(
        Id, ForeignKey("credentials.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


# -- Quality service (services/quality): linked trajectories and cross-message findings ---------------------


class LinkedBericht(Base):
    """A message the quality service has linked, with its place in the linking order.

    The linker applies messages in ``seq`` order; a full rebuild replays that same order, so it gives exactly
    the state that incremental linking built. Messages not linked yet are appended in Dagtekening order.
    """

    __tablename__ = "quality_linked"

    bericht_id: Mapped[int] = mapped_column(
        Id, ForeignKey("berichten.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)


class Traject(Base):
    """A toegewezen product as the linked traffic stands: the latest JW301 version of (gemeente, aanbieder,
    ToewijzingNummer), the JW315/JW317 it honoured, and what was declared on it so far.

    ``declared_volume`` and ``declared_bedrag`` count accepted debet prestaties minus their credits, without
    prestaties the gemeente rejected in a JW325. ``verwijderd``: the latest version has RedenWijziging 13.
    The latest version is the one with the most recent ``toewijzingsdatum`` and ``toewijzingstijd`` (IV013),
    not the last to arrive.
    """

    __tablename__ = "trajecten"
    __table_args__ = (UniqueConstraint("gemeente", "aanbieder", "toewijzing_nummer"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    gemeente: Mapped[str] = mapped_column(String(GEMEENTE))
    aanbieder: Mapped[str] = mapped_column(String(AGB), index=True)
    toewijzing_nummer: Mapped[int] = mapped_column(BigInteger)
    bsn: Mapped[str] = mapped_column(String(BSN), index=True)
    client_id: Mapped[int | None] = mapped_column(Id)
    categorie: Mapped[str | None] = mapped_column(String(2))
    code: Mapped[str | None] = mapped_column(String(PRODUCTCODE))
    ingangsdatum: Mapped[dt.date] = mapped_column(Date)
    einddatum: Mapped[dt.date | None] = mapped_column(Date)
    toewijzingsdatum: Mapped[dt.date] = mapped_column(Date)
    volume: Mapped[int | None] = mapped_column(BigInteger)
    eenheid: Mapped[str | None] = mapped_column(String(2))
    frequentie: Mapped[str | None] = mapped_column(String(1))
    budget: Mapped[int | None] = mapped_column(BigInteger)
    reden_wijziging: Mapped[str | None] = mapped_column(String(2))
    referentie_aanbieder: Mapped[str | None] = mapped_column(String(REFERENTIE))
    verzoek_bericht_id: Mapped[int | None] = mapped_column(Id)
    first_bericht_id: Mapped[int] = mapped_column(Id)
    first_dagtekening: Mapped[dt.date] = mapped_column(Date)
    last_bericht_id: Mapped[int] = mapped_column(Id)
    verwijderd: Mapped[bool] = mapped_column(Boolean, default=False)
    declared_volume: Mapped[int] = mapped_column(BigInteger, default=0)
    declared_bedrag: Mapped[int] = mapped_column(BigInteger, default=0)
    n_prestaties: Mapped[int] = mapped_column(Integer, default=0)
    toewijzingstijd: Mapped[dt.time | None] = mapped_column(Time)


class Levering(Base):
    """One delivery of a toegewezen product: an actual start (JW305) and the stop (JW307) that ended it.

    ``status``: ``actueel`` (started, not stopped), ``gestopt`` (a stop was received; ``tijdelijk`` when its
    RedenBeeindiging is 20) or ``verwijderd`` (the start was withdrawn with StatusAanlevering 3).
    """

    __tablename__ = "leveringen"
    __table_args__ = (
        CheckConstraint("status IN ('actueel', 'gestopt', 'verwijderd')", name="status"),
        Index("ix_leveringen_traject", "gemeente", "aanbieder", "toewijzing_nummer"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    gemeente: Mapped[str] = mapped_column(String(GEMEENTE))
    aanbieder: Mapped[str] = mapped_column(String(AGB))
    toewijzing_nummer: Mapped[int] = mapped_column(BigInteger)
    bsn: Mapped[str] = mapped_column(String(BSN))
    volgnummer: Mapped[int] = mapped_column(Integer)
    begindatum: Mapped[dt.date] = mapped_column(Date)
    start_bericht_id: Mapped[int] = mapped_column(Id)
    start_dagtekening: Mapped[dt.date] = mapped_column(Date)
    einddatum: Mapped[dt.date | None] = mapped_column(Date)
    reden_beeindiging: Mapped[str | None] = mapped_column(String(2))
    stop_bericht_id: Mapped[int | None] = mapped_column(Id)
    stop_dagtekening: Mapped[dt.date | None] = mapped_column(Date)
    tijdelijk: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10))


class PrestatieBeoordeling(Base):
    """How the linked traffic judged one JW323 prestatie.

    ``accepted``: no cross-message finding on arrival; ``afgewezen``: the gemeente rejected it in a JW325
    (with ``afwijzing_codes``); ``gecrediteerd``: a later credit prestatie cancelled this debet.
    """

    __tablename__ = "prestatie_beoordelingen"

    prestatie_id: Mapped[int] = mapped_column(
        Id, ForeignKey("prestaties.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    bericht_id: Mapped[int] = mapped_column(Id, index=True)
    gemeente: Mapped[str] = mapped_column(String(GEMEENTE))
    aanbieder: Mapped[str] = mapped_column(String(AGB))
    toewijzing_nummer: Mapped[int] = mapped_column(BigInteger)
    accepted: Mapped[bool] = mapped_column(Boolean)
    afgewezen: Mapped[bool] = mapped_column(Boolean, default=False)
    afwijzing_codes: Mapped[str | None] = mapped_column(String(200))
    gecrediteerd: Mapped[bool] = mapped_column(Boolean, default=False)


class RejectedPart(Base):
    """A start (JW305 StartProduct) or stop (JW307 StopProduct) the linked state rejected, with the first rule
    that rejected it (``volgnummer``: the StartProduct/StopProduct's place in its message), or a declaratie
    (JW323) rejected whole with TR318 or TR333 (``volgnummer`` 0).

    Derived with the state in canonical order (docs/linking.md), so it can differ from the findings, which are
    judged on arrival: the exports list these in their companion files.
    """

    __tablename__ = "quality_rejected_parts"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    aanbieder: Mapped[str] = mapped_column(String(IDENTIFICATIE), index=True)
    bericht_id: Mapped[int] = _fk_bericht()
    berichtsoort: Mapped[str] = mapped_column(String(5))
    volgnummer: Mapped[int] = mapped_column(Integer)
    check: Mapped[str] = mapped_column(String(40))


class QualityFinding(Base):
    """A finding of the quality service on a stored message.

    ``check``: the official rule code (TR019 …) or the project's own check code (GEEN-START, TERMIJN-…).
    ``kind``: ``aankomst`` for a cross-message rule evaluated when the message was linked (kept for good),
    ``stand`` for deadlines and completeness judged on the state at ``as_of`` (recomputed every run).
    ``related_bericht_id``: the other message involved (the late answer, the earlier use).
    """

    __tablename__ = "quality_findings"
    __table_args__ = (
        CheckConstraint("kind IN ('aankomst', 'stand')", name="kind"),
        Index("ix_quality_findings_aanbieder_dagtekening", "aanbieder", "dagtekening"),
        Index("ix_quality_findings_gemeente_dagtekening", "gemeente", "dagtekening"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    bericht_id: Mapped[int] = _fk_bericht()
    check: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    severity: Mapped[str] = mapped_column(String(7))
    retourcode: Mapped[str | None] = mapped_column(String(CODE))
    gemeente: Mapped[str] = mapped_column(String(IDENTIFICATIE))
    aanbieder: Mapped[str] = mapped_column(String(IDENTIFICATIE))
    berichtsoort: Mapped[str] = mapped_column(String(5))
    dagtekening: Mapped[dt.date | None] = mapped_column(Date)
    toewijzing_nummer: Mapped[int | None] = mapped_column(BigInteger)
    bsn: Mapped[str | None] = mapped_column(String(BSN))
    location: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text)
    related_bericht_id: Mapped[int | None] = mapped_column(Id)


class AuditAntwoord(Base):
    """One answer the answer audit judged (``services/quality/audit``): a retour message, a JW325 or a JW319
    compared with what the standard prescribes, or a required answer that is missing.

    ``heen_bericht_id``: the heenbericht (JW325: the JW323; JW319: itself; a missing answer: the message
    that needed it); ``antwoord_bericht_id``: the answer (None when it is missing); ``antwoorder``: the
    party that answered (``gemeente`` or ``aanbieder``); ``dagtekening``: of the heenbericht. Amounts in
    eurocents: debet prestaties approved although a rule fails, and prestaties rejected with a retourcode
    whose rule holds (and no other reason). Recomputed by every quality run.
    """

    __tablename__ = "quality_audit_antwoorden"
    __table_args__ = (
        CheckConstraint("antwoorder IN ('gemeente', 'aanbieder')", name="antwoorder"),
        Index("ix_quality_audit_antwoorden_aanbieder_gemeente", "aanbieder", "gemeente"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    heen_bericht_id: Mapped[int] = mapped_column(
        Id, ForeignKey("berichten.id", ondelete="CASCADE"), nullable=False, index=True
    )
    antwoord_bericht_id: Mapped[int | None] = mapped_column(Id)
    gemeente: Mapped[str] = mapped_column(String(IDENTIFICATIE))
    aanbieder: Mapped[str] = mapped_column(String(IDENTIFICATIE))
    antwoorder: Mapped[str] = mapped_column(String(9))
    berichtsoort: Mapped[str] = mapped_column(String(5))
    dagtekening: Mapped[dt.date | None] = mapped_column(Date)
    volgens_standaard: Mapped[bool] = mapped_column(Boolean)
    bedrag_goedgekeurd_onterecht: Mapped[int] = mapped_column(BigInteger, default=0)
    bedrag_afgewezen_onterecht: Mapped[int] = mapped_column(BigInteger, default=0)


class AuditBevinding(Base):
    """A finding of the answer audit on one answer (the product's own codes ``AUDIT-…``): kept apart from
    the findings on the sender's messages (``findings``, ``quality_findings``).

    ``rule``/``retourcode``: the official rule (or deadline, OP…) the decision contradicts; ``referentie``:
    the ReferentieNummer of the prestatie concerned; ``bedrag``: the amount at stake in eurocents (None when
    none is). Recomputed by every quality run.
    """

    __tablename__ = "quality_audit_bevindingen"
    __table_args__ = (
        CheckConstraint("antwoorder IN ('gemeente', 'aanbieder')", name="antwoorder"),
        Index("ix_quality_audit_bevindingen_aanbieder_gemeente", "aanbieder", "gemeente"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    heen_bericht_id: Mapped[int] = mapped_column(
        Id, ForeignKey("berichten.id", ondelete="CASCADE"), nullable=False, index=True
    )
    antwoord_bericht_id: Mapped[int | None] = mapped_column(Id)
    check: Mapped[str] = mapped_column(String(40), index=True)
    rule: Mapped[str | None] = mapped_column(String(40))
    retourcode: Mapped[str | None] = mapped_column(String(CODE))
    gemeente: Mapped[str] = mapped_column(String(IDENTIFICATIE))
    aanbieder: Mapped[str] = mapped_column(String(IDENTIFICATIE))
    antwoorder: Mapped[str] = mapped_column(String(9))
    berichtsoort: Mapped[str] = mapped_column(String(5))
    dagtekening: Mapped[dt.date | None] = mapped_column(Date)
    toewijzing_nummer: Mapped[int | None] = mapped_column(BigInteger)
    referentie: Mapped[str | None] = mapped_column(String(REFERENTIE))
    bsn: Mapped[str | None] = mapped_column(String(BSN))
    bedrag: Mapped[int | None] = mapped_column(BigInteger)
    detail: Mapped[str] = mapped_column(Text)


class QualityState(Base):
    """Key/value state of the quality service (the as-of date of the last run, its time, counts)."""

    __tablename__ = "quality_state"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ExpectationRun(Base):
    """The stored result of one Great Expectations suite run against the linked tables."""

    __tablename__ = "expectation_runs"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    suite: Mapped[str] = mapped_column(String(100), index=True)
    run_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    success: Mapped[bool] = mapped_column(Boolean)
    evaluated: Mapped[int] = mapped_column(Integer)
    successful: Mapped[int] = mapped_column(Integer)
    result_json: Mapped[str] = mapped_column(Text)
