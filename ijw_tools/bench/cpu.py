"""Where a benchmark's CPU time goes: per process group, read from Linux's ``/proc``.

A pipeline run shares the machine's cores between the worker processes, their pool processes, the broker and
the database server. :func:`snapshot` reads the CPU seconds each group has used so far and the machine's busy
and total time; the difference of two snapshots (:meth:`CpuSnapshot.since`) says what each group used in
between, so a throughput figure can be set against the CPU it cost and against what the machine had free.
Elsewhere than on Linux every figure is zero.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True)
class CpuSnapshot:
    """CPU seconds per group and the machine's busy and total CPU seconds (all cores) at one moment."""

    groups: Mapping[str, float] = field(default_factory=dict)
    busy: float = 0.0
    total: float = 0.0

    def since(self, earlier: CpuSnapshot) -> CpuSnapshot:
        """What was used between ``earlier`` and this snapshot (a group that ended in between counts what it
        used until it was last seen).

        >>> a = CpuSnapshot({"worker": 1.0}, busy=10.0, total=40.0)
        >>> b = CpuSnapshot({"worker": 3.5, "broker": 0.5}, busy=14.0, total=48.0)
        >>> d = b.since(a)
        >>> d.groups["worker"], d.groups["broker"], d.busy_share
        (2.5, 0.5, 0.5)
        """
        groups = {name: value - earlier.groups.get(name, 0.0) for name, value in self.groups.items()}
        return CpuSnapshot(groups, self.busy - earlier.busy, self.total - earlier.total)

    @property
    def busy_share(self) -> float:
        """The share of all cores' time that was busy (0–1)."""
        return self.busy / self.total if self.total > 0 else 0.0


def parse_stat(text: str) -> tuple[int, float]:
    """``(parent pid, user + system CPU seconds)`` from the text of ``/proc/<pid>/stat``.

    The command name in parentheses may hold spaces and parentheses, so the fields are read after the last
    ``)`` (proc(5): field 4 is the parent, 14 and 15 are utime and stime in clock ticks).

    >>> parse_stat("42 (a (b) c) S 7 42 42 0 -1 4194560 1 0 0 0 250 50 0 0 20 0 1 0")
    (7, 3.0)
    """
    fields = text.rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS


def machine_times(text: str) -> tuple[float, float]:
    """``(busy, total)`` CPU seconds of all cores from the first line of ``/proc/stat``.

    Idle and iowait count as not busy; guest time is already in user time.

    >>> machine_times("cpu  100 0 50 800 50 0 0 0 0 0\\ncpu0 …")
    (1.5, 10.0)
    """
    values = [int(v) for v in text.splitlines()[0].split()[1:9]]
    user, nice, system, idle, iowait, irq, softirq, steal = values
    busy = user + nice + system + irq + softirq + steal
    return busy / _TICKS, (busy + idle + iowait) / _TICKS


def snapshot(roots: Mapping[str, Iterable[int]], by_name: Mapping[str, str] | None = None) -> CpuSnapshot:
    """CPU seconds used so far by each group.

    ``roots`` names groups of processes by their pids; a group's descendants go to ``<group> children``
    (a worker's pool processes). ``by_name`` maps a command name (``comm``, e.g. ``postgres``) to a group,
    for servers not started by the benchmark.
    """
    stats: dict[int, tuple[int, float, str]] = {}
    for entry in PROC.iterdir() if PROC.is_dir() else ():
        if not entry.name.isdigit():
            continue
        try:
            parent, seconds = parse_stat((entry / "stat").read_text())
            name = (entry / "comm").read_text().strip()
        except (OSError, ValueError, IndexError):
            continue  # ended meanwhile
        stats[int(entry.name)] = (parent, seconds, name)
    groups: dict[str, float] = {}
    owner: dict[int, str] = {}
    for root_group, pids in roots.items():
        for pid in pids:
            owner[pid] = root_group
    for pid, (_, seconds, name) in stats.items():
        group: str | None = owner.get(pid) or _ancestor_group(pid, stats, owner) or (by_name or {}).get(name)
        if group is not None:
            groups[group] = groups.get(group, 0.0) + seconds
    try:
        busy, total = machine_times((PROC / "stat").read_text())
    except OSError:
        busy = total = 0.0
    return CpuSnapshot(groups, busy, total)


def _ancestor_group(
    pid: int, stats: Mapping[int, tuple[int, float, str]], owner: Mapping[int, str]
) -> str | None:
    parent = stats[pid][0]
    seen = 0
    while parent in stats and seen < 64:
        if parent in owner:
            return f"{owner[parent]} children"
        parent = stats[parent][0]
        seen += 1
    return None
