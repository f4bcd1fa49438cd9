"""The lag of a consumer group: per partition, the end of the partition minus the group's committed offset.

Measured with its own admin client, never through the group's consumer (whose ``committed()`` waits on the
group coordinator and so can hold up a member's join during a rebalance).

The end of a partition is the larger of the broker's end offset (ListOffsets, latest) and the high
watermark of the worker's last fetch, where it has one: Tansu 0.6 answers ListOffsets with the base offset
of the last record batch rather than the offset after its last record, so on the embedded broker the
ListOffsets figure alone undercounts by up to one batch.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class GroupLag:
    #: Records not yet committed by the group, per partition.
    lag: dict[int, int]
    #: Sum of the group's committed offsets (grows while the group makes progress).
    committed: int


def group_lag(
    partitions: Iterable[int],
    ends: Mapping[int, int],
    committed: Mapping[int, int],
    highwaters: Mapping[int, int | None] | None = None,
) -> GroupLag:
    """Lag per partition from end offsets, committed offsets (missing: 0) and known high watermarks.

    >>> group_lag([0, 1], {0: 10, 1: 5}, {0: 4}, {1: 7})
    GroupLag(lag={0: 6, 1: 7}, committed=4)
    """
    lag: dict[int, int] = {}
    total = 0
    for p in partitions:
        end = max(ends.get(p, 0), (highwaters or {}).get(p) or 0)
        done = max(0, committed.get(p, 0))
        lag[p] = max(0, end - done)
        total += done
    return GroupLag(lag, total)


class GroupLagProbe:
    """Measures one group's lag on one topic (the admin client is made on first use)."""

    def __init__(self, bootstrap_servers: str, group: str, topic: str, timeout_ms: int = 3000) -> None:
        self.bootstrap_servers = bootstrap_servers
        self.group = group
        self.topic = topic
        self.timeout_ms = timeout_ms
        self._admin: Any = None

    def measure(self, partitions: Iterable[int], highwaters: Mapping[int, int | None]) -> GroupLag:
        from kafka import KafkaAdminClient, TopicPartition
        from kafka.admin import OffsetSpec

        if self._admin is None:
            self._admin = KafkaAdminClient(
                bootstrap_servers=self.bootstrap_servers,
                client_id="ijw-ingest-lag",
                request_timeout_ms=self.timeout_ms,
            )
        parts = list(partitions)
        tps = [TopicPartition(self.topic, p) for p in parts]
        latest = self._admin.list_partition_offsets(
            {tp: OffsetSpec.LATEST for tp in tps}, timeout_ms=self.timeout_ms
        )
        offsets = self._admin.list_group_offsets(self.group).get(self.group, {})
        ends = {tp.partition: o.offset for tp, o in latest.items()}
        committed = {tp.partition: o.offset for tp, o in offsets.items() if tp.topic == self.topic}
        return group_lag(parts, ends, committed, highwaters)

    def close(self) -> None:
        admin, self._admin = self._admin, None
        if admin is not None:
            with contextlib.suppress(Exception):  # closing must never break the worker
                admin.close()
