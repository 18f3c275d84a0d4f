"""`build.py certify` and `build.py verify FILE`: issue and check Open Badges 3.0 credentials."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.config import CourseConfig
from course.credentials.badge import certify, verify_file
from course.credentials.keys import issuer_key, key_path
from course.credentials.proof import ProofError, did_key


def run_certify(args: argparse.Namespace, config: CourseConfig, root: Path) -> int:
    issued = certify(config, root)
    new = [i for i in issued if i.new]
    for item in issued:
        state = "issued" if item.new else "already issued"
        print(f"{item.learner}: {state}: {item.credential}")
    print(f"{len(new)} new credential(s), {len(issued) - len(new)} kept; "
          f"issuer key {key_path(root)}")
    return 0


def run_verify(args: argparse.Namespace, config: CourseConfig, root: Path) -> int:
    trusted = did_key(issuer_key(root, create=False).public_key()) \
        if key_path(root).exists() else None
    try:
        document = verify_file(args.file, trusted)
    except ProofError as exc:
        print(f"NOT VALID: {exc}", file=sys.stderr)
        return 1
    subject = document["credentialSubject"]
    name = next(i["identityHash"] for i in subject["identifier"] if i["identityType"] == "name")
    scope = ("this course's issuer key" if trusted
             else "its own issuer key (no course key to compare)")
    print(f"VALID: {subject['achievement']['name']} for {name}, issued "
          f"{document['validFrom'][:10]}, signed by {scope}.")
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("certify", parents=[common], help="issue credentials to learners who passed",
                       description="Issue a signed Open Badges 3.0 credential and a printable "
                                   "certificate to every learner who passed the final exam. "
                                   "Existing credentials are kept.")
    p.set_defaults(func=run_certify)
    v = sub.add_parser("verify", parents=[common], help="verify a credential file",
                       description="Check a credential's Ed25519 proof and, when the course root "
                                   "has an issuer key, that this course issued it.")
    v.add_argument("file", type=Path, help="a .credential.json file")
    v.set_defaults(func=run_verify)
