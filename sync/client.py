"""The station's HTTP client for HQ (``/api/v1``), on requests.

Contract: TLS is always verified (against the system store, or a CA bundle the station names
for a government intranet); every call has a connect and a read timeout; idempotent calls are
retried with exponential backoff and jitter, honouring ``Retry-After`` (capped); every failure
is a ``sync.errors.SyncError`` with a Chinese message.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any, BinaryIO, TypeVar

import requests
from pydantic import BaseModel, ValidationError

from sync import protocol as p
from sync.errors import Refused, Revoked, ServerBusy, SyncError, TLSFailure, Unreachable

M = TypeVar("M", bound=BaseModel)
TIMEOUT = (10.0, 60.0)  # connect, read (seconds)
MAX_RETRY_AFTER = 60.0


class HQClient:
    def __init__(self, url: str, token: str = "", *, ca_bundle: str | None = None,
                 timeout: tuple[float, float] = TIMEOUT, retries: int = 4,
                 backoff: float = 0.5, sleep: Callable[[float], None] = time.sleep) -> None:
        self.base = url.rstrip("/") + p.API
        self.token = token
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self.http = requests.Session()
        # Passed with every request: requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE in the
        # environment override a session's own setting, never a per-request one.
        self.verify: str | bool = ca_bundle if ca_bundle else True
        self.http.headers["User-Agent"] = "gridapp-station/1"

    def close(self) -> None:
        self.http.close()

    # --- transport -------------------------------------------------------------------------

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        out = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return out | (extra or {})

    def _once(self, method: str, path: str, **kw: Any) -> requests.Response:
        try:
            return self.http.request(method, self.base + path, timeout=self.timeout,
                                     verify=self.verify, **kw)
        except requests.exceptions.SSLError as exc:
            raise TLSFailure("无法验证指挥中心的证书（TLS），已停止同步；请检查证书或 CA 证书设置",
                             f"TLS verification failed: {exc}", code="tls") from exc
        except requests.exceptions.Timeout as exc:
            raise Unreachable("连接指挥中心超时，稍后将自动重试", f"timeout: {exc}",
                              code="timeout") from exc
        except OSError as exc:  # e.g. the CA bundle file went missing
            if not isinstance(exc, requests.exceptions.RequestException):
                raise TLSFailure(f"无法读取 CA 证书文件（{exc.strerror or exc}），已停止同步",
                                 f"cannot read the CA bundle: {exc}", code="tls") from exc
            raise Unreachable("无法连接指挥中心（网络不通），数据已保存在本机，稍后将自动重试",
                              f"cannot reach HQ: {type(exc).__name__}", code="network") from exc

    def _call(self, method: str, path: str, *, retry: bool = True, **kw: Any) -> requests.Response:
        attempt = 0
        while True:
            try:
                resp = self._once(method, path, **kw)
                _raise_for(resp)
                return resp
            except SyncError as exc:
                if not (retry and exc.retryable) or attempt >= self.retries:
                    raise
                wait = exc.retry_after
                if wait is None:
                    wait = self.backoff * (2 ** attempt) * (0.5 + random.random())  # noqa: S311
                self.sleep(min(wait, MAX_RETRY_AFTER))
                attempt += 1

    def _model(self, model: type[M], resp: requests.Response) -> M:
        try:
            return model.model_validate(resp.json())
        except (ValueError, ValidationError) as exc:
            raise ServerBusy("指挥中心的应答格式不正确，稍后将重试",
                             f"malformed answer from HQ: {type(exc).__name__}",
                             code="malformed") from exc

    # --- API -------------------------------------------------------------------------------

    def health(self) -> bool:
        self._call("GET", "/health", retry=False)
        return True

    def enrol(self, code: str, device_id: str, name: str, segment: int = 0) -> p.EnrolResponse:
        req = p.EnrolRequest(code=code, device_id=device_id, name=name, segment=segment)
        resp = self._call("POST", "/enrol", json=req.model_dump(), retry=False)
        return self._model(p.EnrolResponse, resp)

    def push(self, req: p.PushRequest) -> p.PushResponse:
        resp = self._call("POST", "/push", json=req.model_dump(mode="json"),
                          headers=self._headers())
        return self._model(p.PushResponse, resp)

    def pull(self, cursor: int, limit: int = 500) -> p.PullResponse:
        resp = self._call("GET", "/pull", params={"cursor": cursor, "limit": limit},
                          headers=self._headers())
        return self._model(p.PullResponse, resp)

    def have(self, shas: list[str]) -> set[str]:
        resp = self._call("POST", "/blobs/have", json={"sha256": shas}, headers=self._headers())
        return set(self._model(p.HaveResponse, resp).have)

    def start_upload(self, sha256: str, size: int) -> p.UploadState:
        resp = self._call("POST", "/uploads", json={"sha256": sha256, "size": size},
                          headers=self._headers())
        return self._model(p.UploadState, resp)

    def upload_state(self, upload_id: str) -> p.UploadState:
        resp = self._call("GET", f"/uploads/{upload_id}", headers=self._headers())
        return self._model(p.UploadState, resp)

    def upload_chunk(self, upload_id: str, offset: int, data: bytes | BinaryIO) -> p.UploadState:
        """Bytes (or the rest of an open file, streamed) at ``offset``. Not retried here: after
        a failure the caller asks HQ for the offset it kept and continues from there."""
        headers = self._headers({"Upload-Offset": str(offset),
                                 "Content-Type": "application/octet-stream"})
        resp = self._call("PATCH", f"/uploads/{upload_id}", data=data, headers=headers,
                          retry=False)
        return self._model(p.UploadState, resp)

    def throughput(self, data: bytes) -> p.ThroughputOut:
        """Send ``data`` to HQ's link test (nothing is stored)."""
        resp = self._call("PUT", "/diagnostics/throughput", data=data, retry=False,
                          headers=self._headers({"Content-Type": "application/octet-stream"}))
        return self._model(p.ThroughputOut, resp)

    def conflicts(self) -> p.ConflictList:
        return self._model(p.ConflictList, self._call("GET", "/conflicts",
                                                      headers=self._headers()))

    def resolve(self, conflict_id: int, keep: str, by: str) -> p.ConflictOut:
        resp = self._call("POST", f"/conflicts/{conflict_id}/resolve",
                          json={"keep": keep, "by": by}, headers=self._headers())
        return self._model(p.ConflictOut, resp)

    def packs(self, after: int) -> p.PackList:
        resp = self._call("GET", "/packs", params={"after": after}, headers=self._headers())
        return self._model(p.PackList, resp)


def _raise_for(resp: requests.Response) -> None:
    if resp.status_code < 400:
        return
    try:
        problem = p.Problem.model_validate(resp.json())
        zh, en, code = problem.message, problem.message_en, problem.code
    except (ValueError, ValidationError):
        zh = f"指挥中心返回错误（HTTP {resp.status_code}）"
        en, code = f"HTTP {resp.status_code} from HQ", f"http_{resp.status_code}"
    if resp.status_code in (429, 502, 503, 504) or resp.status_code >= 500:
        retry_after = resp.headers.get("Retry-After", "")
        raise ServerBusy(zh, en, code=code,
                         retry_after=float(retry_after) if retry_after.isdigit() else None)
    if code == "revoked":
        raise Revoked(zh, en, code=code)
    raise Refused(zh, en, code=code)
