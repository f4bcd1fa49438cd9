"""``GET /berichten/{id}`` with ``Accept: application/vnd.ijw.bericht+json``: the stored message as JSON
decoded by its XSD types (issue 18, item 4), under the same party rules as ``/xml``; without that media type
the metadata answer is unchanged. The expected JSON is :func:`ijw.json_view.message_json` of the bytes sent,
whose fidelity to the official examples ``tests/test_json_view.py`` shows field by field."""

from __future__ import annotations

from pathlib import Path

from api_helpers import Api, example

from ijw.json_view import MEDIA_TYPE, message_json


def _stored_id(api: Api, who: str, data: bytes) -> int:
    response = api.post_xml(who, data)
    (result,) = response.json()["results"]
    assert result["bericht_id"], response.text
    return int(result["bericht_id"])


def test_json_view_of_a_stored_message(api: Api, reference: Path) -> None:
    jw301 = example(reference, "JW301")
    bericht_id = _stored_id(api, "gemeente", jw301)
    accept = {"Accept": MEDIA_TYPE}
    view = api.client.get(f"/berichten/{bericht_id}", headers={**api.headers("aanbieder"), **accept})
    assert view.status_code == 200, view.text
    assert view.headers["content-type"].startswith(MEDIA_TYPE)
    assert view.json() == message_json(jw301)
    assert view.json()["Bericht"]["Header"]["Afzender"] == "0384"
    # a list of media types with parameters and weights names it too
    mixed = {"Accept": f"application/xml;q=0.5, {MEDIA_TYPE};q=0.9"}
    again = api.client.get(f"/berichten/{bericht_id}", headers={**api.headers("gemeente"), **mixed})
    assert again.json() == view.json()


def test_metadata_answer_is_unchanged(api: Api, reference: Path) -> None:
    bericht_id = _stored_id(api, "gemeente", example(reference, "JW301"))
    for accept in ({}, {"Accept": "application/json"}, {"Accept": "*/*"}):
        response = api.client.get(f"/berichten/{bericht_id}", headers={**api.headers("gemeente"), **accept})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        assert response.json()["berichtsoort"] == "JW301" and "findings" in response.json()


def test_json_view_keeps_the_party_rules(api: Api, reference: Path) -> None:
    bericht_id = _stored_id(api, "gemeente", example(reference, "JW301"))
    accept = {"Accept": MEDIA_TYPE}
    for who in ("other_gemeente", "other_aanbieder"):
        response = api.client.get(f"/berichten/{bericht_id}", headers={**api.headers(who), **accept})
        assert response.status_code == 404
    assert api.client.get(f"/berichten/{bericht_id}", headers=accept).status_code == 401


def test_json_view_of_invalid_or_rejected_input_is_406(api: Api, reference: Path) -> None:
    accept = {"Accept": MEDIA_TYPE}
    published = (reference / "examples" / "JW315.xml").read_bytes()  # XSD-invalid as published
    invalid = _stored_id(api, "aanbieder", published)
    response = api.client.get(f"/berichten/{invalid}", headers={**api.headers("aanbieder"), **accept})
    assert response.status_code == 406
    assert response.json()["detail"].startswith("XSD: the message is not XSD-valid")
    rejected = _stored_id(api, "gemeente", b"<Bericht><unclosed>")
    response = api.client.get(f"/berichten/{rejected}", headers={**api.headers("gemeente"), **accept})
    assert response.status_code == 406
    assert response.json()["detail"].startswith("PARSE-")
