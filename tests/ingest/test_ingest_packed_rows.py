"""The content rows a message's preparation carries to the storing process (``PackedRow``, issue 17): the same
as the rows of its typed record, and comments in the message (allowed anywhere by XML and by the XSD) change
none of them.

The expected rows are those of ``ijw.db.content.content_rows`` on the typed record (``ijw.model``), whose
mapping is pinned down against the reference examples by ``test_ingest_processing.py``.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from ijw.db import content as c
from ijw.model import parse_record
from ijw.schema.model import load_model
from ijw.validation import Validator
from ijw_tools.corpus import generate_valid
from services.ingest.contracts import IncomingMessage
from services.ingest.preparation import Preparer

RECEIVED = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)


def _with_comments(data: bytes) -> bytes:
    """``data`` with a comment after every start tag of an element that has child elements."""
    return re.sub(rb"(<[A-Za-z0-9]+:[A-Za-z]+>)(\s*<)", rb"\1<!-- opmerking -->\2", data)


def test_packed_rows_are_the_rows_of_the_typed_record_and_ignore_comments() -> None:
    model = load_model()
    rng = random.Random(23)
    validator = Validator()
    preparer = Preparer(validator, None)
    checked = 0
    for name in sorted(c.RECORD_MESSAGES):
        data = generate_valid(model, name, rng)
        commented = _with_comments(data)
        assert commented.count(b"<!-- opmerking -->") >= 3
        plain = preparer.prepare(IncomingMessage(data, "test", RECEIVED))
        noted = preparer.prepare(IncomingMessage(commented, "test", RECEIVED))
        assert plain.xsd_valid and noted.xsd_valid, name
        assert plain.rows and noted.rows == plain.rows, name
        result = validator.validate_bytes(data)
        assert result.root is not None and plain.header is not None
        rows = c.content_rows(parse_record(result.root, name), plain.header, result.root)
        assert [(c.INSERT_ORDER[t], len(values)) for t, values in plain.rows] == [
            (row.table, len(c.COLUMNS[row.table])) for row in rows
        ]
        for (_t, values), row in zip(plain.rows, rows, strict=True):
            for i, column in enumerate(c.COLUMNS[row.table]):
                if i not in c.PARENTS[row.table]:
                    assert values[i] == row.values.get(column), (name, column)
        checked += 1
    assert checked == len(c.RECORD_MESSAGES)
