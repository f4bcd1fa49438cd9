"""Issue 11, item 1: every submission is bound to the party that *sends* the message type.

The expected sender of each message type is read from the reference pack's own table ("Message types",
column "Sent by", in ``ijw-3.2/README.md``), not from the product: a retour message copies the heenbericht's
header (IV028), so JW302/JW320 carry the gemeente as Afzender although the aanbieder sends them, and
JW306/308/316/318 the aanbieder although the gemeente sends them; JW325 has its own header (Afzender
gemeente). Each type is posted by its sender (accepted) and by the other party of the same message
(refused 403, nothing stored): the forging across party kinds of the issue.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from api_helpers import AANBIEDER, GEMEENTE, OTHER_GEMEENTE, Api, example, generated, with_parties
from sqlalchemy import select, text

from ijw.auth.senders import SENT_BY
from ijw.db import models as m


def _sent_by(reference: Path) -> dict[str, str]:
    """``{berichtsoort: "gemeente" | "aanbieder"}`` from the README table of the reference pack."""
    text_ = (reference / "README.md").read_text(encoding="utf-8")
    section = text_.split("## Message types", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (JW\d{3}) \|[^|]*\|[^|]*\| (gemeente|aanbieder) \|", section, re.M)
    assert len(rows) == 14, rows
    return dict(rows)


def _count(api: Api) -> int:
    with api.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM berichten")).scalar_one())


def test_the_sender_table_is_the_reference_table(reference: Path) -> None:
    assert dict(SENT_BY) == _sent_by(reference)


@pytest.fixture(scope="module")
def sent_by(reference: Path) -> dict[str, str]:
    return _sent_by(reference)


@pytest.mark.parametrize(
    "message",
    [f"JW3{n:02d}" for n in (1, 2, 5, 6, 7, 8, 15, 16, 17, 18, 19, 20, 23, 25)],
)
def test_each_message_type_only_from_its_sender(message: str, api: Api, sent_by: dict[str, str]) -> None:
    data = generated(message, 11, GEMEENTE, AANBIEDER)  # between gemeente 0384 and aanbieder 42420001
    sender = sent_by[message]
    other = "aanbieder" if sender == "gemeente" else "gemeente"
    # the other party of the very same message may not post it "from" the sender
    forged = api.post_xml(other, data)
    assert forged.status_code == 403, (message, forged.text)
    assert "Nothing of this request was stored" in forged.json()["detail"]
    assert _count(api) == 0
    # its sender may
    own = api.post_xml(sender, data)
    assert own.status_code in (200, 400), (message, own.text)  # 400: a generated message that is not valid
    assert own.json()["results"][0]["status"] == "stored"
    assert _count(api) == 1
    # and the receiving party sees it (it was not forged)
    listed = api.client.get("/berichten", headers=api.headers(other)).json()["items"]
    assert [item["berichtsoort"] for item in listed] == [message]


def test_aanbieder_cannot_forge_a_toewijzing_of_a_gemeente_it_never_trades_with(
    api: Api, reference: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The tester's probe: an aanbieder key posts a JW301 with Afzender = a foreign gemeente, to itself."""
    caplog.set_level(logging.INFO)
    forged = with_parties(example(reference, "JW301"), OTHER_GEMEENTE, AANBIEDER)
    response = api.post_xml("aanbieder", forged)
    assert response.status_code == 403
    assert "JW301 is sent by the gemeente" in response.json()["detail"]
    assert _count(api) == 0
    # so nothing reaches that gemeente's list (nor its quality feedback and exports, which read the table)
    assert api.client.get("/berichten", headers=api.headers("other_gemeente")).json()["items"] == []
    denial = [
        r.getMessage() for r in caplog.records if r.name == "ijw.auth" and "access denied" in r.getMessage()
    ]
    assert len(denial) == 1 and api.keys["aanbieder"].split("_")[1] in denial[0]


def test_gemeente_cannot_forge_a_start_of_an_aanbieder(api: Api, reference: Path) -> None:
    response = api.post_xml("gemeente", example(reference, "JW305"))  # Afzender 42420001, Ontvanger 0384
    assert response.status_code == 403
    assert "JW305 is sent by the aanbieder" in response.json()["detail"]
    assert _count(api) == 0


def test_retour_is_sent_by_the_receiver_of_the_heenbericht(api: Api, reference: Path) -> None:
    """A JW302 carries the gemeente as Afzender (IV028) but comes from the aanbieder: the aanbieder may send
    it, the gemeente whose code is its Afzender may not."""
    jw302 = example(reference, "JW302")
    assert b"<Afzender>0384</Afzender>" in jw302 or b":Afzender>0384<" in jw302
    assert api.post_xml("gemeente", jw302).status_code == 403
    assert api.post_xml("other_aanbieder", jw302).status_code == 403  # not its aanbieder either
    assert api.post_xml("aanbieder", jw302).status_code == 200
    assert _count(api) == 1


def test_batch_with_one_message_from_the_other_party_kind_is_refused_whole(api: Api, reference: Path) -> None:
    jw306 = with_parties(example(reference, "JW306"), AANBIEDER, GEMEENTE)  # retour start, to gemeente 0384
    own = [example(reference, "JW301").decode(), example(reference, "JW319").decode(), jw306.decode()]
    foreign = example(reference, "JW323").decode()  # a declaratie: the aanbieder sends it
    response = api.client.post(
        "/berichten", json={"berichten": [*own, foreign]}, headers=api.headers("gemeente")
    )
    assert response.status_code == 403
    assert "message 3 (JW323)" in response.json()["detail"]
    assert "message 0" not in response.json()["detail"]
    assert _count(api) == 0


def test_beheerder_may_submit_for_anyone_and_that_is_recorded(
    api: Api, reference: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    response = api.client.post(
        "/berichten",
        json={"berichten": [example(reference, "JW301").decode(), example(reference, "JW305").decode()]},
        headers=api.headers("beheerder"),
    )
    assert response.status_code == 200, response.text
    key_id = api.keys["beheerder"].split("_")[1]
    with api.engine.connect() as conn:
        sources = set(conn.execute(select(m.Bericht.source)).scalars())
    assert sources == {f"http:beheerder:ops:{key_id}"}
    lines = [r.getMessage() for r in caplog.records if "on behalf" in r.getMessage()]
    assert len(lines) == 1
    # the senders of the two official examples: gemeente 0384 (JW301), aanbieder 65656055 (JW305)
    assert key_id in lines[0] and "gemeente 0384" in lines[0] and "aanbieder 65656055" in lines[0]
