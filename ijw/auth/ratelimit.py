"""Failed authentication, limited per client address and per key id (issue 11): 429 with ``Retry-After``.

:class:`FailureLimiter` counts failed authentications in a sliding window, separately for each client
address and each key id. When an address has failed ``max_failures`` times within ``window_s`` seconds,
every further attempt from it is refused (429) until the oldest failure leaves the window, whatever its key;
when a key id has, every further *wrong* secret for it is (:func:`ijw.auth.dependencies.current_principal`:
the holder of the right key is not locked out by someone who learnt its key id). The key's secret has 256
bits, so the limit is not what protects it; it stops floods of guesses and makes them visible in the log.
The answer names the seconds to wait.
Successful requests are never counted. Memory is bounded: at most ``max_tracked`` addresses and key ids
are remembered (the least recently failed are forgotten first).

Configuration: ``IJW_AUTH_MAX_FAILURES`` (default 10) and ``IJW_AUTH_WINDOW_S`` (default 60).

>>> clock = [0.0]
>>> limiter = FailureLimiter(max_failures=2, window_s=60, clock=lambda: clock[0])
>>> limiter.failed("addr:10.0.0.1", "key:0123456789ab"); limiter.retry_after("addr:10.0.0.1") is None
True
>>> clock[0] = 10.0; limiter.failed("addr:10.0.0.1"); limiter.retry_after("addr:10.0.0.1")
50.0
>>> limiter.retry_after("key:0123456789ab") is None, limiter.retry_after("addr:10.0.0.2") is None
(True, True)
>>> clock[0] = 60.5; limiter.retry_after("addr:10.0.0.1") is None
True
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from ijw.settings import DEFAULT_AUTH_MAX_FAILURES, DEFAULT_AUTH_WINDOW_S, Settings


class FailureLimiter:
    """Failed authentications per subject (``addr:<ip>``, ``key:<key id>``) in a sliding window."""

    def __init__(
        self,
        max_failures: int = DEFAULT_AUTH_MAX_FAILURES,
        window_s: float = DEFAULT_AUTH_WINDOW_S,
        *,
        max_tracked: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_failures < 1 or window_s <= 0:
            raise ValueError("max_failures must be at least 1 and window_s positive")
        self.max_failures = max_failures
        self.window_s = float(window_s)
        self.max_tracked = max_tracked
        self._clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def from_environment(cls) -> FailureLimiter:
        """A limiter configured by ``IJW_AUTH_MAX_FAILURES`` and ``IJW_AUTH_WINDOW_S`` (``ijw.settings``)."""
        settings = Settings()
        return cls(settings.auth_max_failures, settings.auth_window_s)

    def _recent(self, subject: str, now: float) -> deque[float] | None:
        times = self._failures.get(subject)
        if times is None:
            return None
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if not times:
            del self._failures[subject]
            return None
        return times

    def retry_after(self, *subjects: str) -> float | None:
        """Seconds until every one of ``subjects`` may try again; None when none is blocked."""
        now = self._clock()
        wait = 0.0
        with self._lock:
            for subject in subjects:
                times = self._recent(subject, now)
                if times is not None and len(times) >= self.max_failures:
                    wait = max(wait, times[-self.max_failures] + self.window_s - now)
        return wait if wait > 0 else None

    def failed(self, *subjects: str) -> None:
        """Count one failed authentication for each of ``subjects``."""
        now = self._clock()
        with self._lock:
            for subject in subjects:
                times = self._recent(subject, now)
                if times is None:
                    times = self._failures[subject] = deque(maxlen=self.max_failures)
                times.append(now)
                self._failures.move_to_end(subject)
            while len(self._failures) > self.max_tracked:
                self._failures.popitem(last=False)


def retry_after_header(seconds: float) -> str:
    """The ``Retry-After`` value: whole seconds, rounded up, at least 1.

    >>> retry_after_header(0.2), retry_after_header(50.0), retry_after_header(50.01)
    ('1', '50', '51')
    """
    return str(max(1, math.ceil(seconds)))
