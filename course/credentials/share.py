"""Sharing a credential: LinkedIn's Add-to-profile link and the public verification page.

`build.py certify` writes `certificates/public/`, a folder the course can publish as it is:
`verify.html` (static HTML and JavaScript, no server code) and one `<credential uuid>.json` per
credential. The page checks an eddsa-jcs-2022 proof in the browser with WebCrypto's Ed25519 and
the same JCS canonical JSON as course.credentials.proof, and says whether this course's issuer key
signed it. A credential is opened from `verify.html?credential=<uuid>.json`, a file or pasted JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from widgets.store import atomic_write

if TYPE_CHECKING:
    from course.config import Sharing

LINKEDIN = "https://www.linkedin.com/profile/add"
PUBLIC = "public"
PAGE = "verify.html"
SCRIPT = Path(__file__).with_name("verify.js")


def public_name(document: dict) -> str:
    """The file name of a credential in the public folder (its uuid, not the learner's id)."""
    return document["id"].removeprefix("urn:uuid:") + ".json"


def verify_link(document: dict, sharing: Sharing | None) -> str | None:
    """The public verification page for this credential, when course.yml says where it lives."""
    if sharing is None or not sharing.verify_url:
        return None
    return f"{sharing.verify_url}?{urlencode({'credential': public_name(document)})}"


def linkedin_url(document: dict, sharing: Sharing | None) -> str:
    """LinkedIn's Add-to-profile link for the certification, filled from the credential."""
    issued, until = document["validFrom"], document["validUntil"]
    params = {"startTask": "CERTIFICATION_NAME", "name": document["name"],
              "organizationName": sharing.organization if sharing else document["issuer"]["name"],
              "issueYear": issued[:4], "issueMonth": str(int(issued[5:7])),
              "expirationYear": until[:4], "expirationMonth": str(int(until[5:7])),
              "certId": document["id"].removeprefix("urn:uuid:")}
    link = verify_link(document, sharing)
    if link:
        params["certUrl"] = link
    return f"{LINKEDIN}?{urlencode(params)}"


def verify_page(trusted_issuer: str, title: str) -> str:
    """The static verification page, trusting this course's issuer did:key."""
    settings = json.dumps({"trustedIssuer": trusted_issuer, "course": title}).replace(
        "</", "<\\/")
    script = SCRIPT.read_text(encoding="utf-8").replace("</", "<\\/")
    safe_title = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Verify a credential: {safe_title}</title>
<style>
 body {{ font-family: system-ui, sans-serif; max-width: 760px; margin: 2em auto; padding: 0 1em; }}
 textarea {{ width: 100%; height: 10em; font-family: monospace; }}
 #result {{ margin-top: 1em; padding: 0.8em; border-left: 6px solid #999; }}
 #result[data-verified="true"] {{ border-color: #2b8a3e; background: #ebfbee; }}
 #result[data-verified="false"] {{ border-color: #c92a2a; background: #fff5f5; }}
</style></head><body>
<h1>Verify a credential</h1>
<p>Checks the digital signature of a {safe_title} credential (Open Badges 3.0, eddsa-jcs-2022)
in this browser; nothing is uploaded.</p>
<p><label>Credential file: <input type="file" id="file" accept=".json,application/json"></label></p>
<p><label for="json">or paste the credential (JSON):</label><br><textarea id="json"></textarea></p>
<p><button id="check" type="button">Verify</button></p>
<div id="result" role="status" aria-live="polite">No credential checked yet.</div>
<script id="settings" type="application/json">{settings}</script>
<script>{script}</script>
</body></html>
"""


def write_public(folder: Path, documents: list[dict], trusted_issuer: str, title: str) -> Path:
    """Write (or refresh) the publishable folder: the page and every credential by uuid."""
    public = Path(folder) / PUBLIC
    public.mkdir(parents=True, exist_ok=True)
    atomic_write(public / PAGE, verify_page(trusted_issuer, title))
    for document in documents:
        target = public / public_name(document)
        if not target.exists():
            atomic_write(target, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return public / PAGE
