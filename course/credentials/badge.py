"""Open Badges 3.0 credentials (W3C Verifiable Credentials 2.0) and printable certificates."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from course.credentials.keys import issuer_key
from course.credentials.proof import ProofError, did_key, sign, verify
from course.credentials.results import ExamResult, exam_results
from course.credentials.share import linkedin_url, verify_link, write_public
from widgets.store import atomic_write

if TYPE_CHECKING:
    from course.config import CourseConfig, Sharing

CONTEXT = ["https://www.w3.org/ns/credentials/v2",
           "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
FOLDER = "certificates"


def _z(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat().replace(
        "+00:00", "Z")


def add_years(day: dt.datetime, years: int) -> dt.datetime:
    """The same date `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def credential(config: CourseConfig, result: ExamResult, issued: dt.datetime,
               key: Ed25519PrivateKey) -> dict:
    """A signed OpenBadgeCredential for a learner who passed the final exam."""
    issuer = did_key(key.public_key())
    salt = secrets.token_hex(8)
    email_hash = hashlib.sha256((result.email.lower() + salt).encode()).hexdigest()
    ident = uuid.uuid5(uuid.NAMESPACE_URL, f"{config.id}/{result.learner}/{issued.date()}")
    document = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{ident}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": config.title,
        "issuer": {"id": issuer, "type": ["Profile"], "name": f"{config.title} programme"},
        "validFrom": _z(issued),
        "validUntil": _z(add_years(issued, config.cpd.cycle_years)),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {"type": "IdentityObject", "identityType": "name", "hashed": False,
                 "identityHash": result.name},
                {"type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
                 "identityHash": f"sha256${email_hash}", "salt": salt},
            ],
            "achievement": {
                "id": f"urn:{config.id}:achievement:certificate",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": config.title,
                "description": ("Completed ten modules on managing a training function, a "
                                "practicum case and a final examination."),
                "criteria": {"narrative": (
                    f"Pass the final exam with at least {config.exams.final.pass_mark:.0%} after "
                    f"completing the modules and the practicum. Recertify every "
                    f"{config.cpd.cycle_years} years with {config.cpd.hours_per_cycle:g} hours "
                    "of continuing professional development.")},
            },
        },
    }
    return sign(document, key, created=issued)


def _share_html(document: dict, sharing: Sharing | None) -> str:
    """The certificate page's sharing links (hidden when printed)."""
    e = html.escape
    verify = verify_link(document, sharing)
    check = (f' · <a href="{e(verify)}">public verification page</a>' if verify else "")
    return (f'<p class="share"><a href="{e(linkedin_url(document, sharing))}">Add to LinkedIn '
            f"profile</a>{check}</p>")


def certificate_html(document: dict, sharing: Sharing | None = None) -> str:
    """A printable certificate page for a credential (all text escaped)."""
    subject = document["credentialSubject"]
    name = next(i["identityHash"] for i in subject["identifier"] if i["identityType"] == "name")
    e = html.escape
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Certificate: {e(name)}</title>
<style>
 body {{ font-family: Georgia, serif; margin: 0; }}
 .page {{ width: 26cm; margin: 1cm auto; padding: 2cm; border: 6px double #234;
          text-align: center; }}
 h1 {{ font-size: 2.2em; margin: 0.2em 0; }} .name {{ font-size: 2em; margin: 0.6em 0; }}
 .small {{ font-size: 0.8em; color: #444; word-break: break-all; text-align: left; }}
 .share {{ font-family: Arial, sans-serif; }}
 @page {{ size: A4 landscape; margin: 1cm; }}
 @media print {{ .page {{ margin: 0 auto; width: auto; }} .share {{ display: none; }} }}
</style></head><body><div class="page">
<p>This certifies that</p>
<p class="name">{e(name)}</p>
<p>has earned the</p>
<h1>{e(subject["achievement"]["name"])}</h1>
<p>{e(subject["achievement"]["criteria"]["narrative"])}</p>
<p>Issued {e(document["validFrom"][:10])}; recertification due {e(document["validUntil"][:10])}.</p>
<div class="small"><p>Credential id: {e(document["id"])}<br>
Issuer: {e(document["issuer"]["id"])}</p>
<p>This page accompanies a signed Open Badges 3.0 credential (JSON). Verify it with
<code>build.py verify FILE</code> or any verifier supporting eddsa-jcs-2022 proofs.</p></div>
{_share_html(document, sharing)}</div></body></html>
"""


@dataclass(frozen=True)
class Issued:
    """What certify did for one learner."""

    learner: str
    credential: Path
    certificate: Path
    pdf: Path
    new: bool


def certify(config: CourseConfig, root: Path,
            now: dt.datetime | None = None) -> list[Issued]:
    """Issue credentials to every learner who passed the final; existing ones are kept.

    Each gets its credential, a printable page and its PDF (written when missing); the public
    folder (verification page and credentials by uuid) is refreshed for all of them.
    """
    from course.pdf import html_to_pdf

    key = issuer_key(root)
    folder = Path(root) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    done, documents = [], []
    for result in exam_results(root, config.exams.final.id):
        if result.fraction < config.exams.final.pass_mark:
            continue
        cred_path = folder / f"{result.learner}.credential.json"
        html_path = folder / f"{result.learner}.certificate.html"
        pdf_path = folder / f"{result.learner}.certificate.pdf"
        new = not cred_path.exists()
        if new:
            issued = now or result.submitted or dt.datetime.now(dt.timezone.utc)
            if issued.tzinfo is None:
                issued = issued.replace(tzinfo=dt.timezone.utc)  # nbgrader timestamps are UTC
            document = credential(config, result, issued, key)
            atomic_write(cred_path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
            atomic_write(html_path, certificate_html(document, config.sharing))
        else:  # issued before: never overwritten
            document = json.loads(cred_path.read_text(encoding="utf-8"))
        if not pdf_path.exists():
            html_to_pdf(certificate_html(document, config.sharing), pdf_path)
        documents.append(document)
        done.append(Issued(result.learner, cred_path, html_path, pdf_path, new))
    write_public(folder, documents, did_key(key.public_key()), config.title)
    return done


def verify_file(path: Path, trusted_issuer: str | None = None) -> dict:
    """Verify a credential file; return it, or raise ProofError saying why it is not genuine."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ProofError(f"{path}: cannot read a credential ({exc})") from None
    if not isinstance(document, dict) or "OpenBadgeCredential" not in document.get("type", []):
        raise ProofError(f"{path}: not an OpenBadgeCredential")
    signer = verify(document)
    issuer = document.get("issuer", {}).get("id")
    if signer != issuer:
        raise ProofError(f"{path}: signed by {signer}, but the credential names issuer {issuer}")
    if trusted_issuer and issuer != trusted_issuer:
        raise ProofError(f"{path}: issued by {issuer}, not by this course ({trusted_issuer})")
    return document
