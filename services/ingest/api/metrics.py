"""Prometheus metrics of the ingest API: requests by route and status, messages by intake status.

Each app has its own registry (several apps in one process, as in the tests, do not collide). Requests are
labelled by route template (``/berichten/{bericht_id}``), never by concrete path, so ids do not multiply
the series.
"""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class ApiMetrics:
    """The counters of one app and their registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "ijw_http_requests",
            "HTTP requests by method, route template and status code.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.duration = Histogram(
            "ijw_http_request_duration_seconds",
            "HTTP request duration by route template.",
            ["route"],
            registry=self.registry,
        )
        self.messages = Counter(
            "ijw_http_messages",
            "Messages received over HTTP by outcome: stored, duplicate, rejected, published, forbidden.",
            ["status"],
            registry=self.registry,
        )


class MetricsMiddleware:
    """Pure ASGI middleware counting every HTTP request (also those answered 401/403/404/413)."""

    def __init__(self, app: ASGIApp, metrics: ApiMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            self.metrics.requests.labels(scope["method"], template, str(status)).inc()
            self.metrics.duration.labels(template).observe(time.perf_counter() - started)
