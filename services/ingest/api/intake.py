"""``POST /berichten``: deliver one message (``application/xml``) or a batch (JSON or multipart).

Steps per request:

1. size limits: one XML message at most ``max_message_bytes`` (413 beyond), a batch at most
   ``max_batch_bytes`` and ``max_batch_messages``, each of its messages at most ``max_message_bytes``;
2. the sender check: the credential's party must be the party that *sends* every message that can be
   parsed and identified: the kind that sends its type (:data:`ijw.auth.senders.SENT_BY`; a retour comes
   from the heenbericht's Ontvanger although its header names the heenbericht's Afzender) with the
   credential's own code. Otherwise the whole request is answered 403 and nothing is stored. A beheerder may
   send for anyone: its key id is the stored source and the parties it sent for are logged. Input that
   cannot be parsed has no parties: it is not checked but stored as rejected (source
   ``http:<kind>:<code>:<key id>``, so its sender can read it back);
3. embedded mode: the batch is processed in one transaction by :class:`IngestProcessor` and every message is
   answered with its validation result, status and retour message. Kafka mode: the validation result is
   computed here, the messages are published to ``ijw.berichten`` (key ``<afzender>/<ontvanger>``) and the
   answer is 202; the ingest worker stores them and builds the retour messages.

Status codes: one XML message: 200 (202 in Kafka mode) when it is XSD-valid, 400 when it is not or could not
be parsed (control level 1: a transport error with the reason; the message is stored all the same). A batch:
200 (202) with one result per message, whatever their verdicts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from email import policy
from email.parser import BytesParser
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from ijw.auth.dependencies import deny, require
from ijw.auth.scopes import BERICHTEN_AANLEVEREN, Principal
from ijw.auth.senders import sending_party
from ijw.db.content import Header, header_of
from ijw.findings import Finding
from ijw.safeparse import MessageRejected, identify, parse_message
from ijw.schema.model import Model
from services.ingest.api.schemas import BerichtBatch, FindingOut, IntakeResponse, MessageResult
from services.ingest.api.state import ApiState, get_state
from services.ingest.contracts import IncomingMessage, IngestOutcome
from services.ingest.processing import personal_values, scrub
from services.ingest.producer import partition_key, publish_bytes

log = logging.getLogger(__name__)

router = APIRouter(tags=["intake"])

XML_TYPES = frozenset({"application/xml", "text/xml"})
HEADER_SOURCE = "ijw-source"

_REQUEST_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/xml": {"schema": {"type": "string", "description": "one iJw 3.2 message"}},
        "application/json": {"schema": BerichtBatch.model_json_schema()},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "description": "every part is one message (file name as path in the answer)",
                "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
            }
        },
    },
}


@dataclass(slots=True)
class _Received:
    index: int
    path: str | None
    data: bytes
    header: Header | None = None


def source_of(principal: Principal) -> str:
    """The ``source`` stored with a message received from ``principal``."""
    return f"http:{principal.kind}:{principal.code}:{principal.key_id}"


async def read_limited(request: Request, limit: int) -> bytes:
    """The request body, or 413 as soon as it exceeds ``limit`` bytes (announced or streamed)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(int(declared), limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(size, limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(size: int, limit: int) -> HTTPException:
    return HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE,
        detail=f"the request is {size} bytes or more, more than the limit of {limit} bytes",
    )


def parse_multipart(content_type: str, body: bytes) -> list[tuple[str | None, bytes]]:
    """The parts of a ``multipart/form-data`` body as (file name or field name, bytes)."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise ValueError("not a multipart body")
    parts: list[tuple[str | None, bytes]] = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            raise ValueError("a nested multipart part is not supported")
        name = part.get_filename() or part.get_param("name", header="content-disposition")
        parts.append((str(name) if name else None, payload))
    return parts


def read_header(model: Model, data: bytes, limit: int) -> Header | None:
    """The header of the message (None when it cannot be parsed or is not an iJw 3.2 message)."""
    try:
        root = parse_message(data, limit)
        identity = identify(root)
    except MessageRejected:
        return None
    info = model.messages.get(identity.message)
    if info is None:
        return None
    return header_of(root, identity.message, info.retour_of, info.afzender)


async def _receive(request: Request, state: ApiState) -> tuple[list[_Received], bool]:
    """The messages of the request and whether it was a single XML message."""
    s = state.settings
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if media in XML_TYPES or media.endswith("+xml"):
        return [_Received(0, None, await read_limited(request, s.max_message_bytes))], True
    if media == "application/json":
        body = await read_limited(request, s.max_batch_bytes)
        try:
            batch = BerichtBatch.model_validate_json(body)
        except ValidationError:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                detail='expected a JSON object {"berichten": ["<xml…>", …]} with at least one message',
            ) from None
        received = [_Received(i, None, xml.encode("utf-8")) for i, xml in enumerate(batch.berichten)]
    elif media == "multipart/form-data":
        body = await read_limited(request, s.max_batch_bytes)
        try:
            parts = parse_multipart(content_type, body)
        except ValueError as exc:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(exc)) from None
        if not parts:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="the form has no parts")
        received = [_Received(i, name, data) for i, (name, data) in enumerate(parts)]
    else:
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            detail="send application/xml (one message), application/json or multipart/form-data (a batch)",
        )
    if len(received) > s.max_batch_messages:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            detail=f"{len(received)} messages, more than the limit of {s.max_batch_messages} per request",
        )
    for r in received:
        if len(r.data) > s.max_message_bytes:
            raise HTTPException(
                status.HTTP_413_CONTENT_TOO_LARGE,
                detail=f"message {r.index} is {len(r.data)} bytes, more than the limit of "
                f"{s.max_message_bytes} bytes",
            )
    return received, False


def _check_sender(request: Request, state: ApiState, principal: Principal, received: list[_Received]) -> None:
    """403 (logged) when the principal is not the party that sends a parseable message (its type's sender,
    :mod:`ijw.auth.senders`); a beheerder's submission is logged with the parties it sends for."""
    refused: list[str] = []
    headers = [r.header for r in received]
    for r in received:
        h = r.header
        if h is not None and not principal.may_send(h.berichtsoort, h.gemeente, h.aanbieder):
            refused.append(
                f"message {r.index} ({h.berichtsoort}): "
                f"{principal.why_not_send(h.berichtsoort, h.gemeente, h.aanbieder)}"
            )
    if refused:
        state.metrics.messages.labels("forbidden").inc(len(refused))
        reason = "; ".join(refused[:20]) + (f"; and {len(refused) - 20} more" if len(refused) > 20 else "")
        raise deny(
            request,
            principal,
            reason,
            detail=f"not allowed to send: {reason}. Nothing of this request was stored.",
        )
    if principal.is_beheerder:
        parties = (sending_party(h.berichtsoort, h.gemeente, h.aanbieder) for h in headers if h is not None)
        senders = sorted({f"{kind} {code or 'absent'}" for kind, code in filter(None, parties)})
        log.info(
            "intake on behalf key_id=%s kind=%s senders=%s",
            principal.key_id,
            principal.kind,
            ",".join(senders) or "-",
        )


def _findings(findings: tuple[Finding, ...] | list[Finding]) -> list[FindingOut]:
    return [
        FindingOut(
            rule=f.rule, retourcode=f.retourcode, location=f.location, message=f.message, severity=f.severity
        )
        for f in findings
    ]


def _embedded_result(r: _Received, outcome: IngestOutcome) -> MessageResult:
    return MessageResult(
        index=r.index,
        path=r.path,
        message=outcome.message,
        xsd_valid=outcome.xsd_valid,
        findings=_findings(outcome.findings),
        status=outcome.status,
        bericht_id=outcome.bericht_id,
        key=outcome.key,
        rejection=outcome.rejection,
        retour=outcome.retour.decode("utf-8") if outcome.retour is not None else None,
    )


def _process_embedded(state: ApiState, received: list[_Received], source: str) -> list[MessageResult]:
    items = [IncomingMessage(r.data, source) for r in received]
    outcomes = state.processor.process_batch(items)
    return [_embedded_result(r, o) for r, o in zip(received, outcomes, strict=True)]


def _publish(state: ApiState, received: list[_Received], source: str) -> list[MessageResult]:
    """Kafka mode: validate here (same pipeline as the worker), publish, wait for the acknowledgements."""
    results: list[MessageResult] = []
    for r in received:
        result = state.validator.validate_bytes(r.data)
        personal = personal_values(result.root) if result.findings else set()
        findings = [replace(f, message=scrub(f.message, personal)) for f in result.findings]
        rejection = None
        if result.rejection is not None:
            rejection = f"{result.rejection.code}: {scrub(result.rejection.reason)}"
        results.append(
            MessageResult(
                index=r.index,
                path=r.path,
                message=result.message,
                xsd_valid=result.xsd_valid,
                findings=_findings(findings),
                status="published",
                key=r.header.key if r.header is not None else None,
                kafka_key=partition_key(r.data),
                rejection=rejection,
            )
        )
    producer = state.producer
    if producer is None:
        raise RuntimeError("Kafka mode without a producer")
    headers = [(HEADER_SOURCE, source.encode("utf-8"))]
    futures = [publish_bytes(producer, state.settings.topic_berichten, r.data, headers) for r in received]
    producer.flush(timeout=state.settings.publish_timeout_s)
    for future in futures:
        future.get(timeout=state.settings.publish_timeout_s)
    return results


@router.post(
    "/berichten",
    response_model=IntakeResponse,
    summary="Deliver one message (XML) or a batch (JSON or multipart)",
    openapi_extra={"requestBody": _REQUEST_BODY},
    responses={
        202: {"model": IntakeResponse, "description": "Kafka mode: published, validation result included"},
        400: {"model": IntakeResponse, "description": "one message that is not XSD-valid or not parseable"},
        401: {"description": "missing, unknown or revoked API key"},
        403: {
            "description": "a message the credential's party does not send (ijw.auth.senders), "
            "or no berichten.aanleveren scope"
        },
        413: {"description": "over the size limits"},
        415: {"description": "unsupported content type"},
        503: {"description": "Kafka mode: the broker did not acknowledge the messages"},
    },
)
async def post_berichten(
    request: Request,
    principal: Principal = Depends(require(BERICHTEN_AANLEVEREN)),
    state: ApiState = Depends(get_state),
) -> JSONResponse:
    """Validate and store (embedded mode) or publish (Kafka mode) the messages; one result per message."""
    received, single = await _receive(request, state)
    model = state.validator.model
    limit = state.settings.max_message_bytes

    def headers() -> None:
        for r in received:
            r.header = read_header(model, r.data, limit)

    await run_in_threadpool(headers)
    _check_sender(request, state, principal, received)
    source = source_of(principal)
    mode = state.settings.mode
    if mode == "kafka":
        try:
            results = await run_in_threadpool(_publish, state, received, source)
        except Exception as exc:
            log.error("intake publish failed messages=%d error=%s", len(received), type(exc).__name__)
            raise HTTPException(
                status.HTTP_503_SERVICE_UNAVAILABLE,
                detail="the broker did not accept the messages; nothing was published reliably, send again",
            ) from None
        ok = status.HTTP_202_ACCEPTED
    else:
        results = await run_in_threadpool(_process_embedded, state, received, source)
        ok = status.HTTP_200_OK
    for result in results:
        state.metrics.messages.labels(result.status).inc()
    log.info(
        "intake key_id=%s mode=%s messages=%d statuses=%s",
        principal.key_id,
        mode,
        len(results),
        ",".join(sorted({r.status for r in results})),
    )
    code = ok
    if single and not results[0].xsd_valid:
        code = status.HTTP_400_BAD_REQUEST
    body = IntakeResponse(mode=mode, results=results)
    return JSONResponse(status_code=code, content=body.model_dump(mode="json"))
