"""Helpers of the HTTP API tests (imported as ``api_helpers``): parties, the Api handle, messages."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from ijw.auth import issue
from ijw.schema.model import load_model
from ijw_tools.corpus import generate_valid
from services.ingest.api import ApiSettings

GEMEENTE = "0384"  # the official examples: gemeente 0384, aanbieder 42420001
AANBIEDER = "42420001"
OTHER_GEMEENTE = "0599"
OTHER_AANBIEDER = "12345678"


@dataclass
class Api:
    """A running app, its engine and one key per party."""

    app: FastAPI
    client: TestClient
    engine: Engine
    keys: dict[str, str]
    settings: ApiSettings

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[who]}"}

    def post_xml(self, who: str, data: bytes) -> Any:
        return self.client.post(
            "/berichten", content=data, headers={**self.headers(who), "Content-Type": "application/xml"}
        )


def issue_keys(engine: Engine) -> dict[str, str]:
    return {
        "gemeente": issue(engine, "gemeente", GEMEENTE).key,
        "other_gemeente": issue(engine, "gemeente", OTHER_GEMEENTE).key,
        "aanbieder": issue(engine, "aanbieder", AANBIEDER).key,
        "other_aanbieder": issue(engine, "aanbieder", OTHER_AANBIEDER).key,
        "afnemer": issue(engine, "afnemer", "CBS", bsn_entitled=True).key,
        "beheerder": issue(engine, "beheerder", "ops").key,
    }


def example(reference: Path, name: str) -> bytes:
    """An official example (JW315 with its impossible date repaired, see the reference pack's README)."""
    data = (reference / "examples" / f"{name}.xml").read_bytes()
    if name == "JW315":
        data = data.replace(b"2027-06-31", b"2027-06-30")
    return data


def with_parties(data: bytes, afzender: str, ontvanger: str) -> bytes:
    """``data`` with the header's Afzender and Ontvanger replaced."""
    data = re.sub(
        rb"(<(?:\w+:)?Afzender>)[^<]*(</)", rb"\g<1>" + afzender.encode() + rb"\g<2>", data, count=1
    )
    return re.sub(
        rb"(<(?:\w+:)?Ontvanger>)[^<]*(</)", rb"\g<1>" + ontvanger.encode() + rb"\g<2>", data, count=1
    )


def generated(message: str, seed: int, gemeente: str, aanbieder: str) -> bytes:
    """A valid generated message between these parties (gemeente sends JW301/315…, aanbieder JW305/307…)."""
    model = load_model()
    data = generate_valid(model, message, random.Random(seed))
    info = model.messages[message]
    if info.afzender == "gemeente":
        return with_parties(data, gemeente, aanbieder)
    return with_parties(data, aanbieder, gemeente)
