"""The ingest HTTP API on SQLite and PostgreSQL: intake, reads, access control, health, metrics."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from api_helpers import (
    AANBIEDER,
    GEMEENTE,
    OTHER_AANBIEDER,
    OTHER_GEMEENTE,
    Api,
    example,
    generated,
    with_parties,
)
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from ijw.auth import issue, revoke
from ijw.db import head_revision, make_engine
from ijw.db import models as m
from ijw.validation import Validator
from ijw_app.http import create_app
from services.ingest.api import ApiSettings

BSN_EXAMPLE = "999900006"  # the client of the official JW301 example


def berichten_count(api: Api) -> int:
    with api.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM berichten")).scalar_one())


def only(response: Any) -> dict[str, Any]:
    body = response.json()
    assert len(body["results"]) == 1
    result: dict[str, Any] = body["results"][0]
    return result


# -- authentication ------------------------------------------------------------------------------------------


def _concrete(path: str) -> str:
    return path.replace("{bericht_id}", "1")


def test_every_endpoint_but_health_requires_a_credential(api: Api) -> None:
    paths = api.client.get("/openapi.json").json()["paths"]
    guarded = [(method.upper(), p) for p, ops in paths.items() for method in ops if p != "/health"]
    assert {p for _, p in guarded} >= {
        "/berichten",
        "/berichten/{bericht_id}",
        "/berichten/{bericht_id}/xml",
        "/berichten/{bericht_id}/retour",
        "/metrics",
    }
    for n, (method, path) in enumerate(guarded):
        # each endpoint from its own address and key id: failed authentications are limited per both
        client = TestClient(api.app, client=(f"192.0.2.{n}", 40000))
        for headers in (
            {},
            {"Authorization": f"Bearer ijw_{n:012x}_" + "x" * 43},
            {"X-API-Key": "nonsense"},
        ):
            response = client.request(method, _concrete(path), headers=headers)
            assert response.status_code == 401, (method, path, headers)
            assert response.headers["www-authenticate"] == "Bearer"
    health = api.client.get("/health")
    assert health.status_code == 200
    assert health.json()["database"] is True
    assert health.json()["schema_revision"] == head_revision()


def test_api_key_header_and_bearer_both_work(api: Api) -> None:
    key = api.keys["gemeente"]
    assert api.client.get("/berichten", headers={"X-API-Key": key}).status_code == 200
    assert api.client.get("/berichten", headers={"Authorization": f"Bearer {key}"}).status_code == 200


def test_revoked_key_is_refused(api: Api) -> None:
    key = issue(api.engine, "gemeente", GEMEENTE).key
    headers = {"X-API-Key": key}
    assert api.client.get("/berichten", headers=headers).status_code == 200
    assert revoke(api.engine, key.split("_")[1])
    assert api.client.get("/berichten", headers=headers).status_code == 401
    assert not revoke(api.engine, key.split("_")[1])  # already revoked


def test_keys_are_stored_hashed(api: Api) -> None:
    with api.engine.connect() as conn:
        rows = conn.execute(select(m.Credential.key_id, m.Credential.secret_hash)).all()
        dump = json.dumps([list(map(str, r)) for r in conn.execute(select(m.Credential.__table__)).all()])
    assert len(rows) == len(api.keys)
    for key in api.keys.values():
        _, key_id, secret = key.split("_", 2)
        assert secret not in dump
        assert key not in dump
        stored = {r.key_id: r.secret_hash for r in rows}[key_id]
        assert stored == hashlib.sha256(f"{key_id}:{secret}".encode()).hexdigest()


# -- intake --------------------------------------------------------------------------------------------------


def test_post_one_message_then_duplicate(api: Api, reference: Path) -> None:
    data = example(reference, "JW301")
    first = api.post_xml("gemeente", data)
    assert first.status_code == 200, first.text
    result = only(first)
    assert result["message"] == "JW301"
    assert result["xsd_valid"] is True
    assert result["status"] == "stored"
    assert result["key"] == f"{GEMEENTE}/JW301/123456789012"
    assert isinstance(result["findings"], list)
    assert (
        set(result["findings"][0]) >= {"rule", "retourcode", "location", "message"}
        if result["findings"]
        else True
    )
    assert result["retour"].startswith("<?xml") and "jw302" in result["retour"]
    second = api.post_xml("gemeente", data)
    assert second.status_code == 200
    again = only(second)
    assert again["status"] == "duplicate"
    assert again["bericht_id"] == result["bericht_id"]
    assert again["retour"] == result["retour"]
    assert berichten_count(api) == 1


def test_aanbieder_may_post_its_own_verzoek(api: Api, reference: Path) -> None:
    response = api.post_xml("aanbieder", example(reference, "JW315"))
    assert response.status_code == 200, response.text
    assert only(response)["status"] == "stored"


def test_gemeente_cannot_post_a_message_of_another_gemeente(
    api: Api, reference: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    key = api.keys["other_gemeente"]
    response = api.post_xml("other_gemeente", example(reference, "JW301"))
    assert response.status_code == 403
    assert "JW301 is sent by the gemeente (0384), not by gemeente 0599" in response.json()["detail"]
    assert berichten_count(api) == 0
    denials = [r for r in caplog.records if r.name == "ijw.auth" and "access denied" in r.getMessage()]
    assert len(denials) == 1
    line = denials[0].getMessage()
    assert key.split("_")[1] in line  # the key id
    assert "POST /berichten" in line
    everything = "\n".join(r.getMessage() for r in caplog.records)
    assert BSN_EXAMPLE not in everything
    assert key.split("_", 2)[2] not in everything  # never the secret
    assert "Wit" not in everything  # the client's name in the example


def test_aanbieder_cannot_post_for_another_aanbieder(api: Api, reference: Path) -> None:
    response = api.post_xml("other_aanbieder", example(reference, "JW315"))
    assert response.status_code == 403
    assert berichten_count(api) == 0


def test_a_batch_with_one_foreign_message_is_refused_whole(api: Api, reference: Path) -> None:
    own = example(reference, "JW301")
    foreign = with_parties(own, OTHER_GEMEENTE, AANBIEDER)
    response = api.client.post(
        "/berichten",
        json={"berichten": [own.decode(), foreign.decode()]},
        headers=api.headers("gemeente"),
    )
    assert response.status_code == 403
    assert "message 1" in response.json()["detail"]
    assert berichten_count(api) == 0


def test_afnemer_cannot_send_or_read_messages(api: Api, reference: Path) -> None:
    assert api.post_xml("afnemer", example(reference, "JW301")).status_code == 403
    assert api.client.get("/berichten", headers=api.headers("afnemer")).status_code == 403


def test_batch_as_json(api: Api, reference: Path) -> None:
    names = ["JW301", "JW315", "JW319", "JW323"]  # the official examples of gemeente 0384
    batch = [example(reference, n).decode() for n in names] + [example(reference, "JW301").decode()]
    # both kinds send these types (JW315 and JW323 come from the aanbieder): a beheerder may send them all
    response = api.client.post("/berichten", json={"berichten": batch}, headers=api.headers("beheerder"))
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["index"] for r in results] == [0, 1, 2, 3, 4]
    assert [r["message"] for r in results] == [*names, "JW301"]
    assert [r["status"] for r in results] == ["stored", "stored", "stored", "stored", "duplicate"]
    assert results[4]["bericht_id"] == results[0]["bericht_id"]
    assert berichten_count(api) == 4


def test_batch_as_multipart_keeps_the_bytes(api: Api, reference: Path) -> None:
    jw301 = example(reference, "JW301")
    files = [
        ("files", ("a.xml", jw301, "application/xml")),
        ("files", ("b.xml", example(reference, "JW305"), "application/xml")),
    ]
    response = api.client.post("/berichten", files=files, headers=api.headers("beheerder"))
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [(r["path"], r["status"]) for r in results] == [("a.xml", "stored"), ("b.xml", "stored")]
    raw = api.client.get(f"/berichten/{results[0]['bericht_id']}/xml", headers=api.headers("gemeente"))
    assert raw.status_code == 200
    assert raw.content == jw301
    assert raw.headers["content-type"].startswith("application/xml")


def test_unparseable_input_is_stored_as_rejected_and_answered_400(api: Api) -> None:
    response = api.post_xml("gemeente", b"<Bericht><unclosed>")
    assert response.status_code == 400
    result = only(response)
    assert result["status"] == "rejected"
    assert result["xsd_valid"] is False
    assert result["rejection"].startswith("PARSE-")
    assert result["retour"] is None
    bericht_id = result["bericht_id"]
    assert berichten_count(api) == 1
    # its sender (any key of that party) reads it back; other parties do not see it
    mine = api.client.get(f"/berichten/{bericht_id}", headers=api.headers("gemeente"))
    assert mine.status_code == 200
    assert mine.json()["status"] == "rejected"
    assert mine.json()["rejection_code"].startswith("PARSE-")
    assert (
        api.client.get(f"/berichten/{bericht_id}", headers=api.headers("other_gemeente")).status_code == 404
    )
    listed = api.client.get("/berichten", headers=api.headers("aanbieder")).json()["items"]
    assert listed == []


def test_xsd_invalid_message_is_stored_and_answered_400(api: Api, reference: Path) -> None:
    data = example(reference, "JW301").replace(
        b"<jw301:Geslacht>1</jw301:Geslacht>", b"<jw301:Geslacht>7</jw301:Geslacht>"
    )
    response = api.post_xml("gemeente", data)
    assert response.status_code == 400
    result = only(response)
    assert result["status"] == "stored"
    assert result["xsd_valid"] is False
    assert any(f["rule"] == "XSD" for f in result["findings"])
    assert result["retour"] is None


def test_size_limit_and_media_type(db_url: str, validator: Validator, reference: Path) -> None:
    settings = ApiSettings(db_url=db_url, max_message_bytes=2048, max_batch_bytes=4096)
    app = create_app(settings, validator=validator)
    engine = make_engine(db_url)
    try:
        key = issue(engine, "gemeente", GEMEENTE).key
        headers = {"X-API-Key": key}
        with TestClient(app) as client:
            data = example(reference, "JW301")
            assert len(data) > 2048
            big = client.post(
                "/berichten", content=data, headers={**headers, "Content-Type": "application/xml"}
            )
            assert big.status_code == 413
            batch = client.post("/berichten", json={"berichten": [data.decode()[:1500]] * 4}, headers=headers)
            assert batch.status_code == 413
            plain = client.post("/berichten", content=b"x", headers={**headers, "Content-Type": "text/plain"})
            assert plain.status_code == 415
            bad = client.post("/berichten", json={"messages": []}, headers=headers)
            assert bad.status_code == 422
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM berichten")).scalar_one() == 0
    finally:
        engine.dispose()


# -- reads ---------------------------------------------------------------------------------------------------


def _traffic(api: Api) -> dict[str, int]:
    """Four messages between two gemeenten and two aanbieders, posted by a beheerder; name → id."""
    messages = {
        "g1-a1": generated("JW301", 1, GEMEENTE, AANBIEDER),
        "g1-a2": generated("JW301", 2, GEMEENTE, OTHER_AANBIEDER),
        "g2-a2": generated("JW305", 3, OTHER_GEMEENTE, OTHER_AANBIEDER),
        "g2-a1": generated("JW305", 4, OTHER_GEMEENTE, AANBIEDER),
    }
    response = api.client.post(
        "/berichten",
        json={"berichten": [d.decode() for d in messages.values()]},
        headers=api.headers("beheerder"),
    )
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert all(r["status"] == "stored" for r in results), results
    return {name: r["bericht_id"] for name, r in zip(messages, results, strict=True)}


def _visible(api: Api, who: str) -> set[int]:
    response = api.client.get("/berichten", headers=api.headers(who))
    assert response.status_code == 200
    return {item["id"] for item in response.json()["items"]}


def test_parties_see_only_their_own_messages(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    ids = _traffic(api)
    assert _visible(api, "gemeente") == {ids["g1-a1"], ids["g1-a2"]}
    assert _visible(api, "other_gemeente") == {ids["g2-a2"], ids["g2-a1"]}
    assert _visible(api, "aanbieder") == {ids["g1-a1"], ids["g2-a1"]}
    assert _visible(api, "other_aanbieder") == {ids["g1-a2"], ids["g2-a2"]}
    assert _visible(api, "beheerder") == set(ids.values())

    caplog.set_level(logging.INFO)
    # an aanbieder cannot read another aanbieder's message, nor the gemeente's other traffic: 404, logged
    for suffix in ("", "/xml", "/retour"):
        own = api.client.get(f"/berichten/{ids['g1-a1']}{suffix}", headers=api.headers("aanbieder"))
        assert own.status_code == 200, suffix
        for other in ("g1-a2", "g2-a2"):
            response = api.client.get(f"/berichten/{ids[other]}{suffix}", headers=api.headers("aanbieder"))
            assert response.status_code == 404, (other, suffix)
            assert response.json() == {"detail": "not found"}
    missing = api.client.get("/berichten/999999", headers=api.headers("aanbieder"))
    assert missing.status_code == 404
    assert missing.json() == {"detail": "not found"}  # the same answer: existence is not leaked
    denials = [
        r.getMessage() for r in caplog.records if r.name == "ijw.auth" and "access denied" in r.getMessage()
    ]
    assert len(denials) == 6
    assert all(api.keys["aanbieder"].split("_")[1] in d and "status=404" in d for d in denials)
    # a gemeente cannot read a message of another gemeente
    assert api.client.get(f"/berichten/{ids['g2-a1']}", headers=api.headers("gemeente")).status_code == 404


def test_detail_has_findings_and_no_bsn(api: Api, reference: Path) -> None:
    data = example(reference, "JW301")
    bericht_id = only(api.post_xml("gemeente", data))["bericht_id"]
    response = api.client.get(f"/berichten/{bericht_id}", headers=api.headers("aanbieder"))
    assert response.status_code == 200
    detail = response.json()
    assert detail["key"] == f"{GEMEENTE}/JW301/123456789012"
    assert detail["gemeente"] == GEMEENTE and detail["aanbieder"] == AANBIEDER
    assert detail["has_retour"] is True
    assert detail["size"] == len(data)
    assert isinstance(detail["findings"], list)
    assert BSN_EXAMPLE not in response.text
    assert (
        BSN_EXAMPLE in api.client.get(f"/berichten/{bericht_id}/xml", headers=api.headers("aanbieder")).text
    )
    retour = api.client.get(f"/berichten/{bericht_id}/retour", headers=api.headers("gemeente"))
    assert retour.status_code == 200
    assert b"jw302" in retour.content


def test_list_filters_and_pagination(api: Api, reference: Path) -> None:
    names = ["JW301", "JW315", "JW319", "JW323"]  # the official examples of gemeente 0384
    api.client.post(
        "/berichten",
        json={"berichten": [example(reference, n).decode() for n in names]},
        headers=api.headers("beheerder"),  # JW315 and JW323 come from the aanbieder, the others from 0384
    )
    api.post_xml("gemeente", b"garbage")
    headers = api.headers("gemeente")

    def ids(**params: Any) -> list[int]:
        response = api.client.get("/berichten", params=params, headers=headers)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    everything = ids()
    assert len(everything) == 5 and everything == sorted(everything)
    jw315 = api.client.get("/berichten", params={"berichtsoort": "JW315"}, headers=headers).json()["items"]
    assert [i["berichtsoort"] for i in jw315] == ["JW315"]
    assert len(ids(status="rejected")) == 1
    assert len(ids(status="valid")) + len(ids(status="invalid")) == 4
    assert ids(received_from="2000-01-01", received_to="2999-12-31") == everything
    assert ids(received_to="2000-01-01") == []
    # pagination: two per page
    seen: list[int] = []
    after: int | None = None
    while True:
        params: dict[str, Any] = {"limit": 2}
        if after is not None:
            params["after"] = after
        page = api.client.get("/berichten", params=params, headers=headers).json()
        seen.extend(i["id"] for i in page["items"])
        after = page["next_after"]
        if after is None:
            break
    assert seen == everything
    assert api.client.get("/berichten", params={"berichtsoort": "X"}, headers=headers).status_code == 422


# -- operations ----------------------------------------------------------------------------------------------


def test_metrics_for_beheerders(api: Api, reference: Path) -> None:
    api.post_xml("gemeente", example(reference, "JW301"))
    api.post_xml("gemeente", example(reference, "JW301"))
    assert api.client.get("/metrics", headers=api.headers("gemeente")).status_code == 403
    response = api.client.get("/metrics", headers=api.headers("beheerder"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    body = response.text
    assert 'ijw_http_messages_total{status="stored"} 1.0' in body
    assert 'ijw_http_messages_total{status="duplicate"} 1.0' in body
    assert 'ijw_http_requests_total{method="POST",route="/berichten",status="200"} 2.0' in body
    assert 'route="/metrics",status="403"' in body


def test_health_without_database(api: Api) -> None:
    state = api.app.state.ingest
    good = state.engine
    state.engine = make_engine("sqlite:////nonexistent-dir/for/sure/ijw.sqlite")
    try:
        response = api.client.get("/health")
    finally:
        state.engine.dispose()
        state.engine = good
    assert response.status_code == 503
    assert response.json()["database"] is False
    assert response.json()["status"] == "unavailable"


def test_openapi_schema_loads(api: Api) -> None:
    response = api.client.get("/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert {
        "/berichten",
        "/berichten/{bericht_id}",
        "/berichten/{bericht_id}/xml",
        "/health",
        "/metrics",
    } <= set(schema["paths"])
    body = schema["paths"]["/berichten"]["post"]["requestBody"]["content"]
    assert {"application/xml", "application/json", "multipart/form-data"} <= set(body)
    assert {"HTTPBearer", "APIKeyHeader"} <= set(schema["components"]["securitySchemes"])
    assert api.client.get("/docs").status_code == 200


# -- Kafka mode ----------------------------------------------------------------------------------------------


class _Future:
    def get(self, timeout: float | None = None) -> None:
        return None


class FakeProducer:
    """Records what would be published."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, bytes, bytes, list[tuple[str, bytes]]]] = []
        self.flushed = 0

    def send(self, topic: str, value: bytes, key: bytes, headers: list[tuple[str, bytes]]) -> _Future:
        self.sent.append((topic, value, key, headers))
        return _Future()

    def flush(self, timeout: float | None = None) -> None:
        self.flushed += 1


def test_kafka_mode_publishes_and_answers_202(db_url: str, validator: Validator, reference: Path) -> None:
    producer = FakeProducer()
    settings = ApiSettings(db_url=db_url, bootstrap_servers="127.0.0.1:1")
    app = create_app(settings, producer=producer, validator=validator)
    engine = make_engine(db_url)
    try:
        key = issue(engine, "gemeente", GEMEENTE).key
        other = issue(engine, "gemeente", OTHER_GEMEENTE).key
        data = example(reference, "JW301")
        with TestClient(app) as client:
            xml = {"Content-Type": "application/xml"}
            response = client.post("/berichten", content=data, headers={"X-API-Key": key, **xml})
            assert response.status_code == 202, response.text
            result = only(response)
            assert result["status"] == "published"
            assert result["kafka_key"] == f"{GEMEENTE}/{AANBIEDER}"
            assert result["key"] == f"{GEMEENTE}/JW301/123456789012"
            assert result["message"] == "JW301" and result["xsd_valid"] is True
            assert result["bericht_id"] is None and result["retour"] is None
            assert (
                client.post("/berichten", content=data, headers={"X-API-Key": other, **xml}).status_code
                == 403
            )
            assert client.get("/health").json()["mode"] == "kafka"
        assert len(producer.sent) == 1
        topic, value, record_key, headers = producer.sent[0]
        assert (topic, value, record_key) == ("ijw.berichten", data, f"{GEMEENTE}/{AANBIEDER}".encode())
        assert dict(headers)["ijw-source"].startswith(b"http:gemeente:0384:")
        with engine.connect() as conn:  # the worker stores; the API did not
            assert conn.execute(text("SELECT count(*) FROM berichten")).scalar_one() == 0
    finally:
        engine.dispose()
