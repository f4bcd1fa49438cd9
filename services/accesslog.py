"""Access logs without query strings (issue 11): a key pasted into a URL must not land in a log file.

uvicorn's access log writes ``METHOD path?query HTTP/x status``; :class:`RedactQueryStrings` replaces the
query string by ``[redacted]`` (names and values alike: a key can be sent as either). The paths stay, so the
log still shows which endpoint was called. :func:`install` adds the filter to the ``uvicorn.access`` logger
once; uvicorn's own logging configuration keeps logger filters.

>>> redact("/berichten?after=5&api_key=ijw_0123456789ab_secret")
'/berichten?[redacted]'
>>> redact("/health")
'/health'
"""

from __future__ import annotations

import logging

ACCESS_LOGGER = "uvicorn.access"


def redact(path: str) -> str:
    """``path`` with its query string replaced by ``[redacted]``."""
    base, sep, _ = path.partition("?")
    return f"{base}?[redacted]" if sep else base


class RedactQueryStrings(logging.Filter):
    """Redacts the request target of uvicorn's access records (``client - "METHOD target HTTP/v" status``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact(args[2]), *args[3:])
        return True


def install() -> None:
    """Add the filter to the ``uvicorn.access`` logger (idempotent)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, RedactQueryStrings) for f in logger.filters):
        logger.addFilter(RedactQueryStrings())
