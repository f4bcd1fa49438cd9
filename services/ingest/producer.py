"""Publishing iJw messages to the incoming topic.

Every record gets the partition key ``<afzender>/<ontvanger>``, read cheaply from the message header with
a bounded regular expression (no XML parse), so all messages between one sender and one receiver land in
the same partition and keep their order. Input without a readable header (garbage, truncated, another
standard) gets ``sha256:<hex>`` of its content as key: spread over the partitions, the same bytes always
in the same partition.

>>> partition_key(b"<j:Afzender>0384</j:Afzender><j:Ontvanger>42420001</j:Ontvanger>")
'0384/42420001'
>>> partition_key(b"not xml")[:7]
'sha256:'
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ijw.files import iter_message_files, read_message_file
from ijw.safeparse import MessageRejected

log = logging.getLogger(__name__)

#: Only this many leading bytes are searched for the header (Afzender/Ontvanger come first in an iJw header).
HEADER_SCAN_BYTES = 8192
_AFZENDER = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?Afzender>\s*([0-9A-Za-z]{1,20})\s*</")
_ONTVANGER = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?Ontvanger>\s*([0-9A-Za-z]{1,20})\s*</")


def partition_key(data: bytes) -> str:
    """``<afzender>/<ontvanger>`` from the header, or ``sha256:<hex>`` of the content when absent."""
    head = data[:HEADER_SCAN_BYTES]
    afzender = _AFZENDER.search(head)
    ontvanger = _ONTVANGER.search(head)
    if afzender is not None and ontvanger is not None:
        return f"{afzender.group(1).decode('ascii')}/{ontvanger.group(1).decode('ascii')}"
    return "sha256:" + hashlib.sha256(data).hexdigest()


#: Compression of what the product produces: lz4 compresses iJw XML about fourfold at little CPU cost, and
#: every client the product supports decodes it (docs/operations.md, "Clients and codecs").
DEFAULT_COMPRESSION = "lz4"


def make_producer(bootstrap_servers: str, compression: str = DEFAULT_COMPRESSION, **overrides: Any) -> Any:
    """A KafkaProducer for iJw traffic: acks from all replicas, retries, small linger for throughput.

    ``compression``: ``none``, ``gzip``, ``snappy``, ``lz4`` or ``zstd`` (``IJW_COMPRESSION_TYPE``).
    """
    from kafka import KafkaProducer

    config: dict[str, Any] = {
        "bootstrap_servers": bootstrap_servers,
        "compression_type": None if compression == "none" else compression,
        "acks": "all",
        "retries": 10,
        "linger_ms": 5,
        "batch_size": 256 * 1024,
        "max_request_size": 16 * 1024 * 1024,
        "max_block_ms": 30_000,
        "request_timeout_ms": 30_000,
        "client_id": "ijw-publisher",
    }
    config.update(overrides)
    return KafkaProducer(**config)


def publish_bytes(
    producer: Any, topic: str, data: bytes, headers: list[tuple[str, bytes]] | None = None
) -> Any:
    """Send one message with its partition key; returns the send future."""
    return producer.send(topic, value=data, key=partition_key(data).encode("ascii"), headers=headers or [])


def publish_many(producer: Any, topic: str, messages: Iterable[bytes], flush_every: int = 10_000) -> int:
    """Publish every message of ``messages``; raises the first send error. Returns the number sent."""
    futures: list[Any] = []
    count = 0
    for data in messages:
        futures.append(publish_bytes(producer, topic, data))
        count += 1
        if len(futures) >= flush_every:
            _settle(producer, futures)
            futures = []
    _settle(producer, futures)
    return count


def _settle(producer: Any, futures: list[Any]) -> None:
    producer.flush()
    for future in futures:
        future.get(timeout=0)  # re-raises the send error, if any


def readable_messages(
    paths: Iterable[Path], on_refused: Callable[[Path, MessageRejected], None]
) -> Iterator[bytes]:
    """The bytes of every message file below ``paths``, read safely; each refused file goes to ``on_refused``
    (not a regular file, unreadable, or over the size limit: the worker would only reject it)."""
    for path in iter_message_files(paths):
        try:
            yield read_message_file(path)
        except MessageRejected as exc:
            on_refused(path, exc)


def publish_files(
    paths: Iterable[Path],
    bootstrap: str,
    topic: str = "ijw.berichten",
    on_refused: Callable[[Path, MessageRejected], None] | None = None,
    compression: str = DEFAULT_COMPRESSION,
) -> int:
    """Publish the files (and ``*.xml`` below folders) to ``topic``; returns the number published.

    Files that cannot be read as messages are not published; each is passed to ``on_refused`` (default:
    logged as a warning)."""
    producer = make_producer(bootstrap, compression)
    try:
        count = publish_many(producer, topic, readable_messages(paths, on_refused or _log_refused))
    finally:
        producer.close()
    log.info("published files", extra={"topic": topic, "count": count})
    return count


def _log_refused(path: Path, exc: MessageRejected) -> None:
    log.warning("file not published path=%s code=%s reason=%s", path, exc.code, exc.reason)
