"""Certificates: Ed25519 proofs, did:key, tamper detection, certify from the gradebook."""

from __future__ import annotations

import copy
import datetime as dt
import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from course.credentials.badge import add_years, certify, verify_file
from course.credentials.keys import issuer_key, key_path
from course.credentials.proof import (
    ProofError,
    b58decode,
    b58encode,
    canonical,
    did_key,
    sign,
    verify,
)

PROJECT = Path(__file__).resolve().parents[3]
SPEC_SEED = "9b937b81322d816cfab9d5a3baacc9b2a5febe4b149f126b3630f93a29527017"


def test_base58_known_vector_and_round_trip() -> None:
    assert b58encode(bytes.fromhex("0000287fb4cd")) == "11233QC4"
    for data in (b"", b"\0", b"\0\0abc", bytes(range(40))):
        assert b58decode(b58encode(data)) == data


def test_did_key_of_the_did_key_spec_example() -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(SPEC_SEED))
    assert did_key(key.public_key()) == "did:key:z6Mkf5rGMoatrSj1f4CyvuHBeXJELe9RPdzo2PKGNCKVtZxP"


def test_canonical_json_sorts_keys_and_refuses_fractions() -> None:
    assert canonical({"b": 1, "a": [True, None, "é"]}) == '{"a":[true,null,"é"],"b":1}'.encode()
    with pytest.raises(ProofError):
        canonical({"x": 0.5})


def test_sign_then_verify_and_detect_tampering() -> None:
    key = Ed25519PrivateKey.generate()
    doc = sign({"@context": ["https://www.w3.org/ns/credentials/v2"], "name": "A"}, key)
    assert verify(doc) == did_key(key.public_key())
    tampered = copy.deepcopy(doc)
    tampered["name"] = "B"
    with pytest.raises(ProofError, match="altered or signed by another key"):
        verify(tampered)
    moved = copy.deepcopy(doc)
    moved["proof"]["created"] = "2000-01-01T00:00:00Z"
    with pytest.raises(ProofError):
        verify(moved)
    with pytest.raises(ProofError, match="no proof"):
        verify({k: v for k, v in doc.items() if k != "proof"})


def test_issuer_key_is_created_once_with_private_mode(tmp_path: Path) -> None:
    first = issuer_key(tmp_path)
    assert stat.S_IMODE(key_path(tmp_path).stat().st_mode) == 0o600
    assert did_key(issuer_key(tmp_path).public_key()) == did_key(first.public_key())


def _graded_final(root: Path, config, scores: dict[str, float]) -> None:
    """A gradebook where each learner has a final-exam submission with this fraction correct."""
    from nbgrader.api import Gradebook

    from course.nbgrader_io import ensure_tools_on_path, gradebook_url

    ensure_tools_on_path()
    exam = config.exams.final.id
    with Gradebook(gradebook_url(root)) as gb:
        gb.add_assignment(exam, duedate=dt.datetime(2027, 3, 12, 17))
        gb.add_notebook("final", exam)
        gb.add_grade_cell("q1", "final", exam, max_score=10, cell_type="code")
        for learner, fraction in scores.items():
            gb.add_student(learner, first_name=learner.title(), last_name="<Tester>",
                           email=f"{learner}@example.org")
            sub = gb.add_submission(exam, learner, timestamp=dt.datetime(2027, 3, 12, 10))
            grade = gb.find_grade("q1", "final", exam, learner)
            grade.auto_score = 10 * fraction
            gb.db.commit()
            assert sub.score == pytest.approx(10 * fraction)


def test_certify_issues_only_to_passers_and_keeps_existing(config, tmp_path: Path) -> None:
    _graded_final(tmp_path, config, {"ann": 0.9, "bob": 0.5, "cy": 0.7})
    issued = certify(config, tmp_path)
    assert sorted(i.learner for i in issued) == ["ann", "cy"]
    doc = verify_file(issued[0].credential, did_key(issuer_key(tmp_path).public_key()))
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert doc["validFrom"] == "2027-03-12T10:00:00Z"
    assert doc["validUntil"] == "2029-03-12T10:00:00Z"  # the CPD cycle, two years
    page = issued[0].certificate.read_text()
    assert "&lt;Tester&gt;" in page and "<Tester>" not in page
    before = issued[0].credential.read_bytes()
    again = certify(config, tmp_path)
    assert not any(i.new for i in again) and issued[0].credential.read_bytes() == before


def test_verify_command_accepts_genuine_and_rejects_forged(config, tmp_path: Path) -> None:
    _graded_final(tmp_path, config, {"ann": 1.0})
    [item] = certify(config, tmp_path)

    def verify_cli(path: Path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(PROJECT / "build.py"), "verify", str(path),
                               "--root", str(tmp_path)], capture_output=True, text=True)

    ok = verify_cli(item.credential)
    assert ok.returncode == 0 and ok.stdout.startswith("VALID")
    doc = json.loads(item.credential.read_text())
    doc["credentialSubject"]["identifier"][0]["identityHash"] = "Mallory"
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(doc))
    bad = verify_cli(tampered)
    assert bad.returncode == 1 and "NOT VALID" in bad.stderr
    other = Ed25519PrivateKey.generate()  # a consistent credential from someone else's key
    forged = sign({**doc, "issuer": {**doc["issuer"], "id": did_key(other.public_key())}}, other)
    forged_path = tmp_path / "forged.json"
    forged_path.write_text(json.dumps(forged))
    refused = verify_cli(forged_path)
    assert refused.returncode == 1 and "not by this course" in refused.stderr
    resigned = sign(json.loads(item.credential.read_text()), other)  # issuer kept, key swapped
    resigned_path = tmp_path / "resigned.json"
    resigned_path.write_text(json.dumps(resigned))
    assert "signed by" in verify_cli(resigned_path).stderr


def test_add_years_handles_leap_day() -> None:
    assert add_years(dt.datetime(2028, 2, 29), 2) == dt.datetime(2030, 2, 28)
