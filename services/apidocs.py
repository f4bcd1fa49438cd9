"""The one title and description of the iJw HTTP API, and its documentation pages served without internet.

``/docs`` (Swagger UI) and ``/redoc`` (ReDoc) load their scripts and styles from the ``fastapi-offline``
package's own copies (under ``/docs-static``), not from a CDN: many gemeente networks give their servers no
internet, and there the default FastAPI pages stay blank. :func:`api_app` makes every app of the product
(``ijw serve``, the stand-alone export service) this way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi_offline import FastAPIOffline

TITLE = "iJw 3.2 API"
DESCRIPTION = """\
The HTTP API of the iJw 3.2 message processor: intake of messages, their validation results and retour
messages, cross-message quality feedback, and the exports (Beleidsinformatie Jeugd, Iv3, reconciliation,
monitor indicators). The dashboard for people is at `/dashboard`.

- **intake** `POST /berichten`: one message (XML) or many (multipart); validated on arrival.
- **berichten** `GET /berichten…`: the party's stored messages, findings, raw XML and retour message.
- **kwaliteit** `GET /kwaliteit…`: indicators, findings across messages, the feedback report, the
  Great Expectations results.
- **exports** `GET /exports…`: JSON or CSV (`format=csv`), within the credential's grants.
- **operations** `/health`, `/metrics`.

Authenticate with an API key issued by `ijw credentials issue`, as `Authorization: Bearer ijw_…` or
`X-API-Key: ijw_…` (never in the URL). A gemeente reads the messages of its own gemeentecode, an aanbieder
those of its own AGB code, a beheerder everything; an afnemer reads only the exports it is granted. A party
sends only the message types it sends in the standard, as itself (a JW302 comes from the aanbieder although
its Afzender is the gemeente); anything else is answered 403, reading another party's message 404. Failed
authentications are limited per address and key id (429, Retry-After); unknown query parameters are 400.
BSNs go only to credentials entitled to them; everyone else gets pseudonyms.
"""
STATIC_URL = "/docs-static"
DOC_PAGES = ("/docs", "/redoc")
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
"""The documentation pages' Content-Security-Policy: nothing from another host (ReDoc's "powered by" logo
from its CDN included), so the browser never reaches out even where a network exists."""


def api_app(*, title: str = TITLE, description: str = DESCRIPTION, **kwargs: Any) -> FastAPI:
    """A FastAPI app with this API's title and description and ``/docs`` and ``/redoc`` that work offline."""
    app: FastAPI = FastAPIOffline(title=title, description=description, static_url=STATIC_URL, **kwargs)

    @app.middleware("http")
    async def local_only(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        if request.url.path in DOC_PAGES:
            response.headers["Content-Security-Policy"] = DOCS_POLICY
        return response

    return app
