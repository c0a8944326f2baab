"""The HQ API's contract: the committed OpenAPI document is the app's own, schemathesis finds no
server error and no schema violation against a live server, every refusal is a Chinese
Problem, and TLS verification is never switched off."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from sync.hq.openapi import schema_json
from tests.sync.conftest import HQServer

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_openapi_document_is_the_apps_own() -> None:
    committed = (ROOT / "docs" / "openapi.json").read_text(encoding="utf-8")
    assert committed == schema_json(), "regenerate: gridapp-hq openapi > docs/openapi.json"


def _token(hq: HQServer, device: str) -> str:
    answer = requests.post(f"{hq.url}/api/v1/enrol", timeout=10,
                           json={"code": hq.code("测试中队"), "device_id": device})
    answer.raise_for_status()
    return str(answer.json()["token"])


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_and_no_schema_violation(hq: HQServer) -> None:
    token = _token(hq, "fuzz-device")
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("schemathesis")), "run",
         f"{hq.url}/openapi.json", "-H", f"Authorization: Bearer {token}",
         "--checks", "all", "--max-examples", "40", "--seed", "20261129",
         "--no-color"],
        check=False, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert re.search(r"\d+ generated, \d+ passed", proc.stdout), proc.stdout[-2000:]


@pytest.mark.parametrize(("method", "path", "kwargs", "status", "words"), [
    ("post", "/api/v1/push", {"json": {"changes": []}}, 401, "未注册"),
    ("post", "/api/v1/enrol", {"json": {"code": "AAAA-BBBB-CCCC", "device_id": "x"}}, 403,
     "注册码无效"),
    ("post", "/api/v1/enrol", {"data": b"{not json", "headers": {"Content-Type":
                                                                 "application/json"}},
     422, "接口格式"),
    ("get", "/api/v1/nowhere", {}, 404, "没有这个接口"),
    ("delete", "/api/v1/push", {}, 405, "请求方法"),
])
def test_every_refusal_is_a_problem_in_chinese(hq: HQServer, method: str, path: str,
                                               kwargs: dict[str, object], status: int,
                                               words: str) -> None:
    answer = requests.request(method, hq.url + path, timeout=10, **kwargs)  # type: ignore[arg-type]
    assert answer.status_code == status
    body = answer.json()
    assert set(body) == {"code", "message", "message_en"} and words in body["message"]


def test_an_upload_at_the_wrong_offset_or_too_large_is_refused_and_keeps_nothing(hq: HQServer) -> None:
    token = _token(hq, "dev-chunk")
    headers = {"Authorization": f"Bearer {token}"}
    start = requests.post(f"{hq.url}/api/v1/uploads", headers=headers, timeout=10,
                          json={"sha256": "a" * 64, "size": 10})
    upload = start.json()["upload_id"]
    wrong = requests.patch(f"{hq.url}/api/v1/uploads/{upload}", data=b"12345", timeout=10,
                           headers=headers | {"Upload-Offset": "3"})
    assert wrong.status_code == 409 and "上传位置不一致" in wrong.json()["message"]
    state = requests.get(f"{hq.url}/api/v1/uploads/{upload}", headers=headers, timeout=10)
    assert state.json()["offset"] == 0
    too_much = requests.patch(f"{hq.url}/api/v1/uploads/{upload}", data=b"x" * 20, timeout=10,
                              headers=headers | {"Upload-Offset": "0"})
    assert too_much.status_code == 409 and "超出" in too_much.json()["message"]
    state = requests.get(f"{hq.url}/api/v1/uploads/{upload}", headers=headers, timeout=10)
    assert state.json()["offset"] == 0


def test_tls_verification_is_never_switched_off() -> None:
    offenders = [
        str(path.relative_to(ROOT)) for folder in ("gridapp", "sync", "ui")
        for path in (ROOT / folder).rglob("*.py")
        if re.search(r"verify\s*=\s*False|CERT_NONE|check_hostname\s*=\s*False",
                     path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_an_upload_id_never_reaches_a_file_path_and_strangers_touch_no_file(
        hq: HQServer) -> None:
    token = _token(hq, "dev-paths")
    uploads = hq.data / "blobs" / "uploads"
    before = sorted(p.name for p in hq.data.rglob("*"))
    for upload in ("..%2F..%2Fescaped", "..%2Fescaped", "escaped", "0" * 36):
        answer = requests.patch(f"{hq.url}/api/v1/uploads/{upload}", data=b"x", timeout=10,
                                headers={"Authorization": f"Bearer {token}",
                                         "Upload-Offset": "0"})
        assert answer.status_code in (404, 422), (upload, answer.status_code)
    stranger = requests.patch(f"{hq.url}/api/v1/uploads/{'1' * 8}-1111-1111-1111-{'1' * 12}",
                              data=b"x", timeout=10, headers={"Upload-Offset": "0"})
    assert stranger.status_code == 401
    assert sorted(p.name for p in hq.data.rglob("*")) == before
    assert not list(uploads.glob("*.lock"))
    assert not any(p.name.startswith("escaped") for p in hq.data.parent.rglob("*"))
