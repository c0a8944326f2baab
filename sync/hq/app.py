"""The HQ HTTP API (FastAPI) over ``sync.hq.service``.

Every endpoint but enrolment and health needs ``Authorization: Bearer <device token>``.
Every error answer is a ``Problem`` (code, Chinese message, English twin); an internal error
never shows a traceback or the data it was handling. A database that is busy answers 503 with
``Retry-After``. Each request is one transaction: a push is applied whole or not at all.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path as FilePath
from typing import IO, Annotated, Any

import portalocker
from fastapi import FastAPI, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from gridapp import anchors as anchor
from sync import protocol as p
from sync.hq import recovery, service
from sync.hq.blobs import FileBlobStore
from sync.hq.database import create_hq_engine, database_url, sessions, upgrade
from sync.hq.models import Device
from sync.hq.service import HQError

log = logging.getLogger(__name__)
BLOBS_DIRNAME = "blobs"


class HQ:
    """One server process's handles: the database and the blob store."""

    def __init__(self, data_dir: FilePath, db_url: str | None = None) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir = data_dir
        self.engine = create_hq_engine(database_url(data_dir, db_url))
        upgrade(self.engine)
        self.sessions: sessionmaker[Session] = sessions(self.engine)
        self.blobs = FileBlobStore(data_dir / BLOBS_DIRNAME)
        self.signer = anchor.load_or_create_signing_key(data_dir)
        self.anchor_key = anchor.public_key_text(self.signer)
        self.recovery_key = recovery.public_text(recovery.load_or_create(data_dir))

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _problem(status: int, code: str, zh: str, en: str,
             headers: dict[str, str] | None = None) -> JSONResponse:
    body = p.Problem(code=code, message=zh, message_en=en).model_dump()
    return JSONResponse(body, status_code=status, headers=headers)


def _methods_for(app: FastAPI, path: str) -> list[str]:
    """Every method some route serves at ``path`` (for the Allow header of a 405)."""
    methods: set[str] = set()
    for route in app.routes:
        match = getattr(route, "path_regex", None)
        if match is not None and match.match(path):
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


def _bearer(authorization: str) -> str:
    scheme, _, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


Auth = Annotated[str, Header(description="Bearer <device token>")]
MAX_PROBE = 256 << 20  # bytes one link test may send
# Upload ids are UUIDs HQ made; the pattern keeps anything else out of file paths.
UploadId = Annotated[str, Path(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
PROBLEMS: dict[int | str, dict[str, Any]] = {
    status: {"model": p.Problem} for status in (400, 401, 403, 404, 405, 409, 413, 422, 503)
}


def create_app(hq: HQ) -> FastAPI:
    app = FastAPI(title="gridapp HQ", version="1", description="城管网格执法助手 指挥中心同步接口",
                  responses=PROBLEMS)

    @app.exception_handler(HQError)
    async def _hq_error(_request: Request, exc: HQError) -> JSONResponse:
        return _problem(exc.status, exc.code, exc.zh, exc.en)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_methods_for(app, request.url.path))
            return _problem(405, "method", "接口不支持此请求方法", "method not allowed",
                            headers=headers)
        if exc.status_code == 404:
            return _problem(404, "not_found", "没有这个接口", "no such endpoint")
        if exc.status_code == 400:
            return _problem(400, "bad_request", "请求内容无法解析（须为 JSON）",
                            "request body could not be parsed", headers=headers)
        return _problem(exc.status_code, f"http_{exc.status_code}",
                        f"请求被拒绝（HTTP {exc.status_code}）", str(exc.detail),
                        headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        where = "; ".join(".".join(str(x) for x in e.get("loc", ())) for e in exc.errors()[:5])
        return _problem(422, "invalid", f"请求内容不符合接口格式：{where}",
                        f"request does not match the API: {where}")

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)
    async def _busy(_request: Request, exc: Exception) -> JSONResponse:
        log.warning("database busy or unavailable: %s", type(exc).__name__)
        return _problem(503, "busy", "指挥中心数据库繁忙，请稍后重试",
                        "HQ database busy; retry later", headers={"Retry-After": "2"})

    @app.exception_handler(IntegrityError)
    @app.exception_handler(DataError)
    async def _conflict(_request: Request, exc: Exception) -> JSONResponse:
        log.warning("refused by the database: %s", type(exc).__name__)
        return _problem(409, "conflict", "与指挥中心已有的数据冲突，未保存；请稍后重试",
                        "conflicts with data HQ holds; nothing saved")

    @app.exception_handler(Exception)
    async def _internal(_request: Request, exc: Exception) -> JSONResponse:
        log.error("internal error: %s", type(exc).__name__, exc_info=exc)
        return _problem(500, "internal", "指挥中心内部错误，已记录；请稍后重试",
                        "internal HQ error (logged)")

    def device_of(session: Session, authorization: str) -> Device:
        return service.authenticate(session, _bearer(authorization))

    def run(fn: Callable[[Session], Any]) -> Any:
        with hq.transaction() as session:
            return fn(session)

    @app.get(f"{p.API}/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post(f"{p.API}/enrol")
    def enrol(req: p.EnrolRequest) -> p.EnrolResponse:
        return run(lambda s: service.enrol(s, req, hq.anchor_key, hq.recovery_key))  # type: ignore[no-any-return]

    @app.post(f"{p.API}/push")
    def push(req: p.PushRequest, authorization: Auth = "") -> p.PushResponse:
        return run(  # type: ignore[no-any-return]
            lambda s: service.push(s, device_of(s, authorization), req, hq.signer))

    @app.get(f"{p.API}/pull")
    def pull(cursor: Annotated[int, Query(ge=0, le=p.MAX_INT)] = 0,
             limit: Annotated[int, Query(ge=1, le=p.MAX_PULL)] = 500,
             authorization: Auth = "") -> p.PullResponse:
        return run(lambda s: service.pull(s, device_of(s, authorization), cursor, limit))  # type: ignore[no-any-return]

    @app.post(f"{p.API}/blobs/have")
    def blobs_have(req: p.HaveRequest, authorization: Auth = "") -> p.HaveResponse:
        def body(s: Session) -> p.HaveResponse:
            device_of(s, authorization)
            return p.HaveResponse(have=service.have(s, req.sha256))
        return run(body)  # type: ignore[no-any-return]

    @app.post(f"{p.API}/uploads")
    def upload_start(req: p.UploadRequest, authorization: Auth = "") -> p.UploadState:
        return run(lambda s: service.start_upload(s, device_of(s, authorization), req))  # type: ignore[no-any-return]

    @app.get(f"{p.API}/uploads/{{upload_id}}")
    def upload_get(upload_id: UploadId, authorization: Auth = "") -> p.UploadState:
        def body(s: Session) -> p.UploadState:
            up = service.upload_of(s, device_of(s, authorization), upload_id)
            return p.UploadState(upload_id=up.id, sha256=up.sha256, size=up.size,
                                 offset=up.offset, complete=False)
        return run(body)  # type: ignore[no-any-return]

    @app.patch(f"{p.API}/uploads/{{upload_id}}",
               openapi_extra={"requestBody": {"required": True, "content": {
                   "application/octet-stream": {
                       "schema": {"type": "string", "format": "binary"}}}}})
    async def upload_patch(upload_id: UploadId, request: Request,
                           upload_offset: Annotated[int, Header(ge=0, le=p.MAX_BLOB)],
                           authorization: Auth = "") -> p.UploadState:
        """Append the body at ``Upload-Offset``, streamed to disk. When the connection breaks
        part-way, the bytes that arrived are kept (fsync'd) and the offset recorded, so the
        station resumes from there. One request at a time per upload (a file lock)."""
        # Who asks is checked before anything touches the disk.
        await run_in_threadpool(_expect, upload_id, None, authorization)
        lock = await run_in_threadpool(_lock, upload_id)
        try:
            size = await run_in_threadpool(_expect, upload_id, upload_offset, authorization)
            written, digest = await _receive(request, upload_id, upload_offset,
                                             size - upload_offset)
            state = await run_in_threadpool(_record, upload_id, upload_offset + written,
                                            digest, authorization)
        finally:
            await run_in_threadpool(_unlock, lock)
        if isinstance(state, HQError):
            raise state
        return state

    def _lock(upload_id: str) -> IO[str]:
        fh = (hq.blobs.uploads / f"{upload_id}.lock").open("a")
        portalocker.lock(fh, portalocker.LOCK_EX)
        return fh

    def _unlock(fh: IO[str]) -> None:
        portalocker.unlock(fh)
        fh.close()

    def _expect(upload_id: str, offset: int | None, authorization: str) -> int:
        with hq.transaction() as s:
            up = service.upload_of(s, device_of(s, authorization), upload_id)
            if offset is not None:
                service.check_offset(up, offset)
            return up.size

    async def _receive(request: Request, upload_id: str, offset: int,
                       room: int) -> tuple[int, str | None]:
        """Write the body after ``offset``; returns (bytes kept, their SHA-256 when they are
        the whole blob from byte 0)."""
        digest = hashlib.sha256() if offset == 0 else None
        written = 0
        fh = hq.blobs.open_part(upload_id, offset)
        try:
            try:
                async for chunk in request.stream():
                    if written + len(chunk) > room:
                        fh.truncate(offset)
                        raise HQError(409, "too_large", "上传的内容超出了声明的文件大小，已拒收",
                                      "more bytes than the declared size")
                    fh.write(chunk)
                    written += len(chunk)
                    if digest is not None:
                        digest.update(chunk)
            except ClientDisconnect:
                log.info("upload %s: connection lost after %d bytes (kept)", upload_id, written)
            fh.flush()
            await run_in_threadpool(os.fsync, fh.fileno())
        finally:
            fh.close()
        whole = digest is not None and written == room
        return written, digest.hexdigest() if whole and digest is not None else None

    def _record(upload_id: str, end: int, digest: str | None,
                authorization: str) -> p.UploadState | HQError:
        with hq.transaction() as s:
            up = service.upload_of(s, device_of(s, authorization), upload_id)
            state = service.finish_chunk(s, hq.blobs, up, end, known_sha256=digest)
        if not isinstance(state, HQError) and state.complete:
            (hq.blobs.uploads / f"{upload_id}.lock").unlink(missing_ok=True)
        return state

    @app.get(f"{p.API}/conflicts")
    def conflict_list(authorization: Auth = "") -> p.ConflictList:
        return run(lambda s: service.conflicts(s, device_of(s, authorization).station))  # type: ignore[no-any-return]

    @app.post(f"{p.API}/conflicts/{{conflict_id}}/resolve")
    def conflict_resolve(conflict_id: Annotated[int, Path(ge=1, le=p.MAX_INT)], req: p.ResolveRequest, authorization: Auth = "") -> p.ConflictOut:
        return run(lambda s: service.resolve(  # type: ignore[no-any-return]
            s, conflict_id, req, station=device_of(s, authorization).station))

    @app.get(f"{p.API}/packs")
    def pack_list(after: Annotated[int, Query(ge=0, le=p.MAX_INT)] = 0,
                  authorization: Auth = "") -> p.PackList:
        def body(s: Session) -> p.PackList:
            device_of(s, authorization)
            return service.packs(s, after)
        return run(body)  # type: ignore[no-any-return]

    @app.put(f"{p.API}/diagnostics/throughput",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
    async def throughput(request: Request, authorization: Auth = "") -> p.ThroughputOut:
        """Link test (测速): how fast a plain upload reaches this server's disk. The body is
        written to a scratch file and fsync'd, as a stored blob would be, then removed."""
        await run_in_threadpool(run, lambda s: device_of(s, authorization))
        started = time.monotonic()
        received = 0
        scratch = hq.blobs.uploads / f"probe-{uuid.uuid4().hex}.tmp"
        try:
            with scratch.open("wb") as fh:
                async for chunk in request.stream():
                    received += len(chunk)
                    if received > MAX_PROBE:
                        raise HQError(413, "too_large", "测速数据过大（最多 256 MB）",
                                      "throughput probe too large")
                    fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())
        finally:
            scratch.unlink(missing_ok=True)
        if received == 0 and "content-type" not in request.headers:
            raise HQError(400, "empty", "测速请求缺少数据", "the probe needs a body")
        return p.ThroughputOut(bytes=received, seconds=round(time.monotonic() - started, 6))

    @app.head(f"{p.API}/health", include_in_schema=False)
    def health_head() -> Response:
        return Response()

    return app
