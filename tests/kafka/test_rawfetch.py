"""Splitting a fetch answer into log entries and finding the one the client cannot decode.

The entries are built with kafka-python's own record batch builder (the producer's code, not the code under
test); the layout they are read by is the Kafka protocol guide's "Record Batch": baseOffset int64,
batchLength int32, partitionLeaderEpoch int32, magic int8, crc uint32 (CRC-32C of everything after it),
attributes int16 (compression in the low three bits), lastOffsetDelta int32, …
"""

from __future__ import annotations

import struct

import kafka.codec
import pytest
from kafka.record.default_records import DefaultRecordBatchBuilder

from services.ingest.rawfetch import (
    decode_error,
    entry_codec,
    entry_offsets,
    split_entries,
    undecodable_at,
)

GZIP, LZ4 = 1, 3


def entry(base: int, values: list[bytes], codec: int = 0) -> bytes:
    builder = DefaultRecordBatchBuilder(2, codec, False, -1, -1, -1, 1 << 20)
    for i, value in enumerate(values):
        builder.append(i, timestamp=1_700_000_000_000, key=b"k", value=value, headers=[("h", b"v")])
    data = bytearray(builder.build())
    struct.pack_into(">q", data, 0, base)  # the broker's base offset (outside the CRC)
    return bytes(data)


def test_entries_are_split_and_read_without_decoding() -> None:
    a = entry(10, [b"x" * 300] * 5, LZ4)
    b = entry(15, [b"y" * 300] * 2, GZIP)
    parts = list(split_entries(a + b + b[:20]))  # a fetch answer may end in a partial entry
    assert parts == [a, b]
    assert entry_offsets(a) == (10, 15) and entry_offsets(b) == (15, 17)
    assert entry_codec(a) == "lz4" and entry_codec(b) == "gzip" and entry_codec(entry(0, [b"z"])) == "none"
    assert decode_error(a) is None and decode_error(b) is None


def test_a_missing_codec_and_a_bad_crc_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    corrupt = bytearray(entry(0, [b"abc" * 100] * 3, GZIP))
    corrupt[-1] ^= 0xFF
    assert decode_error(bytes(corrupt)) == "CorruptRecordError: the record batch failed its CRC check"
    lz4 = entry(0, [b"abc" * 100], LZ4)
    monkeypatch.setattr(kafka.codec, "has_lz4", lambda: False)  # a client without the lz4 library
    error = decode_error(lz4)
    assert error is not None and error.startswith("UnsupportedCodecError: Libraries for lz4")


def test_only_the_entry_at_the_position_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    done = entry(0, [b"a" * 300] * 4, GZIP)
    stuck = entry(4, [b"b" * 300] * 3, LZ4)
    later = entry(7, [b"c" * 300], LZ4)
    monkeypatch.setattr(kafka.codec, "has_lz4", lambda: False)
    found = undecodable_at("t", 2, 5, done + stuck + later)
    assert found is not None
    assert (found.base_offset, found.next_offset, found.position, found.codec) == (4, 7, 5, "lz4")
    assert found.data == stuck and (found.topic, found.partition) == ("t", 2)
    # A good entry first: the consumer gets its records before it reaches the bad one.
    assert undecodable_at("t", 2, 0, done + stuck) is None
    assert undecodable_at("t", 2, 8, done + stuck + later) is None  # nothing at or after the position
