"""Run a job once, or as a service: the ``--every SECONDS`` / ``--heartbeat FILE`` loop of ``ijw quality run``
and ``ijw export run``.

:func:`repeat` runs ``job`` once when ``every`` is 0. Otherwise it runs it again ``every`` seconds after the
end of the previous run until SIGTERM or SIGINT (Ctrl-C) arrives, or until ``runs`` runs are done: a signal
while sleeping stops the loop at once, a signal during a run lets that run finish and then stops it (a second
signal interrupts the run: KeyboardInterrupt). After every run that returns, ``heartbeat`` is touched, so a
container health check can test its age. An exception of ``job`` propagates (the service's restart policy
restarts it) and the heartbeat ages.

>>> rounds: list[int] = []
>>> repeat(rounds.append, every=0), rounds
(1, [0])
>>> repeat(rounds.append, every=0.001, runs=3), rounds
(3, [0, 0, 1, 2])
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def repeat(
    job: Callable[[int], object],
    *,
    every: float,
    heartbeat: Path | None = None,
    runs: int = 0,
) -> int:
    """Run ``job(round)`` (round 0, 1, …) once, or every ``every`` seconds; return the number of runs.

    ``runs`` > 0 stops after that many runs (tests); 0: until a stop signal.
    """
    done = 0
    if not every:
        job(0)
        _touch(heartbeat)
        return 1
    with _stop_on_signals() as stop:
        while not stop.is_set():
            job(done)
            done += 1
            _touch(heartbeat)
            if runs and done >= runs:
                break
            stop.wait(every)
    return done


def _touch(heartbeat: Path | None) -> None:
    if heartbeat is not None:
        heartbeat.parent.mkdir(parents=True, exist_ok=True)
        heartbeat.touch()


@contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    """An event set by SIGTERM and SIGINT while inside (a second signal raises KeyboardInterrupt).

    Handlers can only be installed from the main thread; elsewhere the event is only set by the caller.
    """
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handle(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = {sig: signal.signal(sig, handle) for sig in STOP_SIGNALS}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
