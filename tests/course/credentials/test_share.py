"""Sharing: the LinkedIn link, PDFs of the certificate, and the public verification page."""

from __future__ import annotations

import copy
import functools
import http.server
import json
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from course.credentials.badge import certify
from course.credentials.keys import issuer_key
from course.credentials.proof import did_key, sign
from course.credentials.share import LINKEDIN, linkedin_url, public_name
from tests.course.credentials.test_credentials import _graded_final
from tests.servers import free_port


@pytest.fixture
def issued(config, tmp_path: Path):
    _graded_final(tmp_path, config, {"ann": 0.9, "bob": 0.5})
    [item] = certify(config, tmp_path)
    return item


def test_linkedin_link_carries_the_certification(config, issued) -> None:
    document = json.loads(issued.credential.read_text())
    url = linkedin_url(document, config.sharing)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == LINKEDIN
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    uuid = document["id"].removeprefix("urn:uuid:")
    assert query == {
        "startTask": "CERTIFICATION_NAME", "name": config.title,
        "organizationName": config.sharing.organization, "issueYear": "2027",
        "issueMonth": "3", "expirationYear": "2029", "expirationMonth": "3", "certId": uuid,
        "certUrl": f"{config.sharing.verify_url}?credential={uuid}.json"}
    page = issued.certificate.read_text()
    assert "Add to LinkedIn profile" in page and url.replace("&", "&amp;") in page


def test_certificate_pdf_shows_the_learner(issued) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(issued.pdf))
    try:
        assert len(pdf) == 1
        page = pdf[0]
        width, height = page.get_size()
        assert width > height  # A4 landscape
        text = page.get_textpage().get_text_range()
        assert "Ann <Tester>" in text and "Professional Certificate in Training" in text
        assert "Add to LinkedIn" not in text  # the sharing links are not printed
        bitmap = page.render(scale=1).to_numpy()
        dark = (bitmap[..., :3].mean(axis=-1) < 128).mean()
        assert dark > 0.005  # text and the border, not a blank page
    finally:
        pdf.close()


def test_public_folder_holds_the_page_and_credentials_by_uuid(issued, tmp_path: Path) -> None:
    public = tmp_path / "certificates" / "public"
    document = json.loads(issued.credential.read_text())
    assert json.loads((public / public_name(document)).read_text()) == document
    page = (public / "verify.html").read_text()
    assert did_key(issuer_key(tmp_path).public_key()) in page
    assert "ann" not in {p.stem for p in public.iterdir()}  # no learner ids in public names


@pytest.fixture
def public_server(tmp_path: Path):
    """A static HTTP server on 127.0.0.1 serving certificates/public/."""
    handler = functools.partial(QuietHandler, directory=str(tmp_path / "certificates" / "public"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


def _result(page) -> tuple[str, str]:
    box = page.locator("#result")
    page.wait_for_function("document.getElementById('result').dataset.verified !== undefined")
    return box.get_attribute("data-verified"), box.inner_text()


@pytest.mark.browser
def test_verification_page_in_chromium(issued, public_server, browser_page) -> None:
    document = json.loads(issued.credential.read_text())
    page = browser_page
    page.goto(f"{public_server}/verify.html?credential={public_name(document)}")
    verified, text = _result(page)
    assert verified == "true", text
    assert "awarded to Ann <Tester>, issued 2027-03-12" in text

    def paste(doc: dict) -> tuple[str, str]:
        page.goto(f"{public_server}/verify.html")
        page.fill("#json", json.dumps(doc))
        page.click("#check")
        return _result(page)

    assert paste(document)[0] == "true"
    tampered = copy.deepcopy(document)
    tampered["credentialSubject"]["identifier"][0]["identityHash"] = "Mallory"
    verified, text = paste(tampered)
    assert verified == "false" and "altered" in text
    other = Ed25519PrivateKey.generate()
    forged = sign({**document, "issuer": {**document["issuer"],
                                          "id": did_key(other.public_key())}}, other)
    verified, text = paste(forged)
    assert verified == "false" and "not by this course's issuer key" in text
    assert paste({"type": ["OpenBadgeCredential"]})[0] == "false"
