"""Whether an ingest worker is alive in the sense that matters: records waiting are being processed.

A consumer group can stall without any error (issue 11: after crashes and a SIGTERM during a rebalance,
every member polled nothing for minutes). :class:`Liveness` turns what the worker observes each cycle into
a verdict with a reason, for the log, the ``ijw_ingest_healthy`` gauge and the ``/health`` endpoint:

* **no progress while records wait**: the group's lag is above zero and neither this worker committed a
  batch nor the group's committed offsets moved for longer than ``stall_timeout_s``; this covers a worker
  without partitions in a stuck group as well as one that has partitions but gets nothing from them. A
  worker without partitions in a group whose other members make progress stays healthy (a spare member);
* **no partitions and no lag figure**: the worker has had no assignment for longer than the timeout and
  cannot measure the lag (the broker does not answer);
* **flagged**: the worker reported a condition it cannot resolve itself (:meth:`Liveness.flag`), cleared by
  the next progress.

>>> live = Liveness(stall_timeout_s=60, now=0.0)
>>> live.observe(30.0, assigned=2, lag=500, progressed=False)
>>> live.healthy
True
>>> live.observe(61.0, assigned=2, lag=500, progressed=False)
>>> live.healthy, live.reason
(False, 'no progress for 61 s while 500 records wait (2 partitions assigned)')
>>> live.observe(62.0, assigned=2, lag=400, progressed=True)
>>> live.healthy
True
"""

from __future__ import annotations


class Liveness:
    """The liveness verdict of one worker, from observations at monotonic times."""

    def __init__(self, stall_timeout_s: float, now: float) -> None:
        self.stall_timeout_s = stall_timeout_s
        self._progress_at = now
        self._unassigned_since: float | None = now
        self._flag: str | None = None
        self._unhealthy_since: float | None = None
        self.reason: str | None = None

    @property
    def healthy(self) -> bool:
        return self.reason is None

    def unhealthy_for(self, now: float) -> float:
        """Seconds the worker has been unhealthy without a break (0 when healthy)."""
        return 0.0 if self._unhealthy_since is None else now - self._unhealthy_since

    def flag(self, reason: str) -> None:
        """Report a condition the worker cannot resolve itself; it stays until the next progress."""
        self._flag = reason

    def observe(self, now: float, assigned: int, lag: int | None, progressed: bool) -> None:
        """One cycle: partitions assigned, the group's lag (None: unknown), whether anything moved."""
        if progressed:
            self._progress_at = now
            self._flag = None
        if assigned:
            self._unassigned_since = None
        elif self._unassigned_since is None:
            self._unassigned_since = now
        idle = now - self._progress_at
        reason: str | None = self._flag
        if reason is None and lag is not None and lag > 0 and idle > self.stall_timeout_s:
            reason = f"no progress for {idle:.0f} s while {lag} records wait ({assigned} partitions assigned)"
        if (
            reason is None
            and lag is None
            and self._unassigned_since is not None
            and now - self._unassigned_since > self.stall_timeout_s
        ):
            reason = (
                f"no partitions assigned for {now - self._unassigned_since:.0f} s "
                "and the lag cannot be measured"
            )
        if reason is not None and self._unhealthy_since is None:
            self._unhealthy_since = now
        elif reason is None:
            self._unhealthy_since = None
        self.reason = reason
