"""The benchmark's CPU accounting (``ijw_tools.bench.cpu``) against a process whose CPU use is known."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from ijw_tools.bench.cpu import snapshot

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads Linux's /proc")

BURN = "import time\nend = time.process_time() + 0.6\nwhile time.process_time() < end: pass\ntime.sleep(30)"


def test_a_child_that_burns_cpu_is_counted_in_its_parents_group() -> None:
    # The child of a shell counts as "<group> children"; the shell itself as the group.
    shell = subprocess.Popen(["/bin/sh", "-c", f'"{sys.executable}" -c "$0"; :', BURN])
    try:
        before = snapshot({"shell": [shell.pid]})
        time.sleep(1.5)  # the child burns 0.6 s of CPU, then sleeps
        used = snapshot({"shell": [shell.pid]}).since(before)
    finally:
        subprocess.run(["pkill", "-P", str(shell.pid)], check=False)  # the child first: it would be orphaned
        shell.kill()
        shell.wait()
    assert 0.4 <= used.groups["shell children"] <= 1.2
    assert used.groups.get("shell", 0.0) < 0.2
    assert 0.0 < used.busy_share <= 1.0
    assert used.total >= 1.0 * (os.cpu_count() or 1)


def test_processes_outside_every_group_are_not_counted() -> None:
    used = snapshot({"nobody": [2**22 + 1]})
    assert used.groups == {}
    assert used.total > 0
