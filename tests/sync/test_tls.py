"""HQ over TLS: the station verifies the certificate, refuses one it cannot verify with a
Chinese message, and trusts a government intranet CA only when told to (--ca-bundle)."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from gridapp.models import Case
from gridapp.store import StationStore
from sync import station as sync_station
from sync.errors import TLSFailure
from tests.sync.conftest import HQServer


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _write_pki(folder: Path) -> tuple[Path, Path, Path]:
    """A private CA and a certificate for 127.0.0.1 it signed: (ca.pem, cert.pem, key.pem)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("政务内网测试 CA"))
          .issuer_name(_name("政务内网测试 CA")).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name("hq.test")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


@pytest.fixture
def tls_hq(tmp_path: Path) -> Iterator[tuple[HQServer, Path]]:
    ca, cert, key = _write_pki(tmp_path)
    server = HQServer(tmp_path / "hq", None, tls=(cert, key))
    server.start()
    yield server, ca
    server.stop()


def test_an_unverifiable_certificate_is_refused_and_a_named_ca_is_trusted(
        tls_hq: tuple[HQServer, Path], store: StationStore, demo_case: Case,
        run_cli: object) -> None:
    hq, ca = tls_hq
    code = hq.code("南京东路中队")
    with pytest.raises(TLSFailure, match="证书"):
        sync_station.enrol(store, hq.url, code)
    assert sync_station.status(store)["enrolled"] is False
    result = run_cli("--data-dir", str(store.data_dir), "sync", "enroll", hq.url, code,  # type: ignore[operator]
                     "--ca-bundle", str(ca))
    assert result.code == 0, result.err
    ran = run_cli("--data-dir", str(store.data_dir), "--json", "sync", "run")  # type: ignore[operator]
    assert ran.code == 0, ran.err
    rc, out, _ = hq.cli("cases", "--json")
    assert rc == 0 and demo_case.number in out
    assert sync_station.status(store)["queue"] == 0


def test_enrolment_with_a_missing_ca_file_or_a_wrong_address_is_refused_in_chinese(
        store: StationStore, run_cli: object, tmp_path: Path) -> None:
    for argv, words in ((["https://127.0.0.1:9", "ABCD-EFGH-JKLM", "--ca-bundle",
                          str(tmp_path / "missing.pem")], "找不到 CA 证书文件"),
                        (["ftp://hq.example", "ABCD-EFGH-JKLM"], "https://")):
        result = run_cli("--data-dir", str(store.data_dir), "sync", "enroll", *argv)  # type: ignore[operator]
        assert result.code == 3 and words in result.err and "Traceback" not in result.err
    assert sync_station.status(store)["enrolled"] is False
