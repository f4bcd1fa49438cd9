"""The raw bytes of a record batch that the Kafka client cannot decode.

kafka-python decompresses and checks record batches inside ``KafkaConsumer.poll()``; when one fails
(a codec it has no library for, a CRC mismatch, corrupt compressed data) ``poll()`` raises without saying
where, and kafka-python 3.0.12 then loops forever inside the next ``poll()`` (the failed batch's iterator is
dead but never drained). The worker therefore asks the broker itself: :class:`RawFetcher` fetches a partition
from the consumer's position with a plain Fetch request (kafka-python's own protocol classes and connection
code, so the same bootstrap and security settings apply) and :func:`undecodable_at` splits the answer into
log entries and decodes each with kafka-python's record reader, exactly as the consumer would. The first
entry that does not decode is returned with its bytes, as stored by the broker, for the dead-letter topic.

A Kafka log entry (message formats v0, v1 and v2 alike) is ``offset: int64, length: int32`` followed by
``length`` bytes (Kafka protocol guide, "Record Batch" and "Message Sets"), so entries are split without
decoding them.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

#: Kafka's compression codes (the low three bits of a batch's attributes).
CODECS = {0: "none", 1: "gzip", 2: "snappy", 3: "lz4", 4: "zstd"}
_ENTRY_HEADER = struct.Struct(">qi")
_MAGIC_AT = 16  # offset(8) + length(4) + partition leader epoch / crc (4) → magic byte


@dataclass(frozen=True, slots=True)
class UndecodableBatch:
    """One record batch that cannot be decoded, with the bytes the broker stores for it."""

    topic: str
    partition: int
    #: The consumer's position when it failed (the first offset not yet processed).
    position: int
    base_offset: int
    #: The offset after the batch: where consumption goes on.
    next_offset: int
    codec: str
    error: str
    data: bytes


def split_entries(data: bytes) -> Iterator[bytes]:
    """The complete log entries of a fetch answer (a trailing partial entry is left out, as Kafka allows)."""
    pos = 0
    while pos + _ENTRY_HEADER.size <= len(data):
        _, length = _ENTRY_HEADER.unpack_from(data, pos)
        end = pos + _ENTRY_HEADER.size + length
        if length <= 0 or end > len(data):
            return
        yield data[pos:end]
        pos = end


def entry_offsets(entry: bytes) -> tuple[int, int]:
    """``(base offset, next offset)`` of one log entry, read from its header without decoding it.

    Format v2 keeps the last offset delta at byte 23; formats v0/v1 carry one (wrapper) offset, which for a
    compressed wrapper is the offset of its last inner message.
    """
    offset, _ = _ENTRY_HEADER.unpack_from(entry, 0)
    if len(entry) > _MAGIC_AT and entry[_MAGIC_AT] == 2 and len(entry) >= 27:
        (last_delta,) = struct.unpack_from(">i", entry, 23)
        return offset, offset + last_delta + 1
    return offset, offset + 1


def entry_codec(entry: bytes) -> str:
    """The compression codec named in an entry's attributes."""
    if len(entry) <= _MAGIC_AT:
        return "unknown"
    magic = entry[_MAGIC_AT]
    if magic == 2 and len(entry) >= 23:
        (attributes,) = struct.unpack_from(">h", entry, 21)
    elif magic in (0, 1) and len(entry) > 17:
        attributes = entry[17]
    else:
        return "unknown"
    return CODECS.get(attributes & 0x07, "unknown")


def decode_error(entry: bytes, check_crcs: bool = True) -> str | None:
    """Why kafka-python cannot decode this log entry (``None``: it decodes), as the consumer reads it."""
    from kafka.record import MemoryRecords

    try:
        batch = MemoryRecords(entry).next_batch()
        if batch is None:
            return "CorruptRecordError: the entry holds no complete record batch"
        if check_crcs and not batch.validate_crc():
            return "CorruptRecordError: the record batch failed its CRC check"
        for record in batch:
            if check_crcs and hasattr(record, "validate_crc") and not record.validate_crc():
                return "CorruptRecordError: a record failed its CRC check"
    except Exception as exc:  # whatever the codec or the record reader raises
        return describe(exc)
    return None


def describe(exc: BaseException) -> str:
    """``<ErrorType>: <first line of its text>`` (kafka-python's errors already start with their name).

    >>> describe(ValueError("bad\\nmore"))
    'ValueError: bad'
    """
    name = type(exc).__name__
    text = str(exc).splitlines()[0][:300] if str(exc) else ""
    if not text:
        return name
    return text if text.startswith(name + ":") else f"{name}: {text}"


def undecodable_at(
    topic: str, partition: int, position: int, data: bytes, check_crcs: bool = True
) -> UndecodableBatch | None:
    """The undecodable batch the consumer is stuck on at ``position``, or None when the next one decodes.

    Only the first entry that holds records at or after ``position`` counts: a bad entry behind good ones
    is not where the consumer stands yet (it gets those records first).
    """
    for entry in split_entries(data):
        base, nxt = entry_offsets(entry)
        if nxt <= position:
            continue
        error = decode_error(entry, check_crcs)
        if error is None:
            return None
        return UndecodableBatch(topic, partition, position, base, nxt, entry_codec(entry), error, entry)
    return None


class RawFetcher:
    """Fetches the raw bytes of partitions from their leaders (one short-lived connection set)."""

    def __init__(self, bootstrap_servers: str, client_id: str = "ijw-ingest-raw", **config: Any) -> None:
        from kafka.net.compat import KafkaNetClient

        self._client = KafkaNetClient(bootstrap_servers=bootstrap_servers, client_id=client_id, **config)

    def fetch(
        self, topic: str, partition: int, offset: int, max_bytes: int, timeout_ms: int = 10_000
    ) -> bytes:
        """The records of ``topic``/``partition`` from ``offset`` as the broker sends them (maybe empty)."""
        import kafka.errors as errors
        from kafka.protocol.consumer import FetchRequest
        from kafka.structs import TopicPartition

        client = self._client
        client.check_version(timeout_ms=timeout_ms)
        tp = TopicPartition(topic, partition)
        leader = client.cluster.leader_for_partition(tp)
        if leader is None or leader == -1:
            client.poll(future=client.cluster.request_update(), timeout_ms=timeout_ms)
            leader = client.cluster.leader_for_partition(tp)
        if leader is None or leader == -1:
            raise errors.LeaderNotAvailableError(f"no leader known for {topic}/{partition}")
        part = FetchRequest.FetchTopic.FetchPartition(
            partition=partition,
            current_leader_epoch=-1,
            fetch_offset=offset,
            last_fetched_epoch=-1,
            log_start_offset=-1,
            partition_max_bytes=max_bytes,
        )
        request = FetchRequest(
            replica_id=-1,
            max_wait_ms=500,
            min_bytes=1,  # Tansu 0.6 answers a Fetch with min_bytes 0 with no partitions at all
            max_bytes=max_bytes,
            isolation_level=0,
            session_id=0,
            session_epoch=-1,  # a full fetch outside any fetch session
            topics=[FetchRequest.FetchTopic(topic=topic, partitions=[part])],
            forgotten_topics_data=[],
            rack_id="",
            min_version=4,
            max_version=11,
        )
        response = client.send_and_receive(leader, request, timeout_ms=timeout_ms)
        for answer in response.responses:
            for data in answer.partitions:
                if answer.topic == topic and data.partition_index == partition:
                    error = errors.for_code(data.error_code)
                    if error is not errors.NoError:
                        raise error(f"fetching {topic}/{partition} at {offset}")
                    return bytes(data.records or b"")
        return b""

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> RawFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
