"""Property-based fuzzing: whatever random damage is done to a valid message, the validator returns a
verdict and never raises or hangs."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from ijw.validation import ValidationResult, Validator

VALIDATOR = Validator()


def _examples() -> list[bytes]:
    from ijw.paths import reference_dir

    ref = reference_dir()
    if ref is None:
        pytest.skip("official iJw 3.2 reference pack not found (IJW_REFERENCE_DIR)")
    return [p.read_bytes() for p in sorted((ref / "examples").glob("*.xml"))]


def _check(result: ValidationResult) -> None:
    assert isinstance(result.xsd_valid, bool)
    assert result.message is None or result.message.startswith("JW")
    if not result.xsd_valid:
        assert result.findings
    result.as_json()


byte_edits = st.lists(
    st.tuples(
        st.floats(0, 1, exclude_max=True),
        st.sampled_from(["delete", "insert", "replace"]),
        st.binary(max_size=8),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(min_value=0, max_value=13), edits=byte_edits)
def test_random_byte_damage(index: int, edits: list[tuple[float, str, bytes]]) -> None:
    data = bytearray(_examples()[index])
    for where, op, blob in edits:
        pos = int(where * len(data))
        if op == "delete":
            del data[pos : pos + max(1, len(blob))]
        elif op == "insert":
            data[pos:pos] = blob
        else:
            data[pos : pos + len(blob)] = blob
    _check(VALIDATOR.validate_bytes(bytes(data)))


text_values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", " ", "2027-06-31", "2026-01-01Z", "-1", "99999999999999", "0", "x" * 300, "01", "D", "C"]
    ),
)


@settings(max_examples=400, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0, max_value=13),
    picks=st.lists(
        st.tuples(
            st.floats(0, 1, exclude_max=True), st.sampled_from(["text", "drop", "dup", "swap"]), text_values
        ),
        min_size=1,
        max_size=5,
    ),
)
def test_random_tree_damage(index: int, picks: list[tuple[float, str, str]]) -> None:
    root = etree.fromstring(_examples()[index])
    for where, op, value in picks:
        elements = [el for el in root.iter() if isinstance(el.tag, str)]
        el = elements[int(where * len(elements))]
        parent = el.getparent()
        if op == "text" and len(el) == 0:
            el.text = "".join(ch for ch in value if ch.isprintable())
        elif op == "drop" and parent is not None:
            parent.remove(el)
        elif op == "dup" and parent is not None:
            parent.insert(parent.index(el), etree.fromstring(etree.tostring(el)))
        elif op == "swap" and parent is not None and len(parent) > 1:
            i = parent.index(el)
            j = (i + 1) % len(parent)
            a, b = parent[i], parent[j]
            parent.replace(a, etree.Element("tmp"))
            parent.replace(b, a)
            parent.replace(parent[i], b)
    _check(VALIDATOR.validate_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8")))
