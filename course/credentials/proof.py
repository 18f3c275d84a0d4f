"""Ed25519 Data Integrity proofs (cryptosuite eddsa-jcs-2022) and did:key identifiers.

Signing follows the W3C "Data Integrity EdDSA Cryptosuites v1.0" JCS variant: the proof options
(without proofValue, with the document's @context) and the unsecured document are each
canonicalised with the JSON Canonicalization Scheme (RFC 8785), hashed with SHA-256, and the
concatenated hashes (options first) are signed with Ed25519. The proof value is the signature in
multibase base58btc. No network is needed: the verification method is a did:key.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import math
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

CRYPTOSUITE = "eddsa-jcs-2022"
_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_ED25519_PUB = b"\xed\x01"  # multicodec prefix of an Ed25519 public key


class ProofError(ValueError):
    """A credential's proof is missing, malformed or does not verify."""


def b58encode(data: bytes) -> str:
    """Bitcoin-alphabet base58."""
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _ALPHABET[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes:
    """Inverse of b58encode; a bad character raises ProofError."""
    number = 0
    for char in text:
        index = _ALPHABET.find(char)
        if index < 0:
            raise ProofError(f"not base58: {char!r}")
        number = number * 58 + index
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def canonical(value: Any) -> bytes:
    """RFC 8785 canonical JSON for documents of strings, integers, booleans, lists and objects."""

    def check(node: Any) -> None:
        if isinstance(node, float) and not (node.is_integer() and math.isfinite(node)):
            raise ProofError("credentials here carry no fractional numbers; use strings")
        if isinstance(node, dict):
            for item in node.values():
                check(item)
        elif isinstance(node, list):
            for item in node:
                check(item)

    check(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def did_key(public: Ed25519PublicKey) -> str:
    """The did:key identifier of an Ed25519 public key."""
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "did:key:z" + b58encode(_ED25519_PUB + raw)


def public_key_from_did(did: str) -> Ed25519PublicKey:
    """The Ed25519 public key inside a did:key (or did:key#fragment)."""
    ident = did.split("#", 1)[0]
    if not ident.startswith("did:key:z"):
        raise ProofError(f"unsupported verification method {did!r}: expected a did:key")
    raw = b58decode(ident[len("did:key:z"):])
    if not raw.startswith(_ED25519_PUB) or len(raw) != 34:
        raise ProofError(f"{did!r} is not an Ed25519 did:key")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def verification_method(public: Ed25519PublicKey) -> str:
    """The did:key URL used as a proof's verificationMethod."""
    did = did_key(public)
    return f"{did}#{did.removeprefix('did:key:')}"


def _hash_data(document: dict, options: dict) -> bytes:
    options_hash = hashlib.sha256(canonical(options)).digest()
    return options_hash + hashlib.sha256(canonical(document)).digest()


def sign(document: dict, key: Ed25519PrivateKey, created: dt.datetime | None = None) -> dict:
    """Return a copy of the document with an eddsa-jcs-2022 assertion proof."""
    unsecured = {k: v for k, v in copy.deepcopy(document).items() if k != "proof"}
    when = (created or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": when.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "verificationMethod": verification_method(key.public_key()),
        "proofPurpose": "assertionMethod",
        "@context": unsecured.get("@context"),
    }
    signature = key.sign(_hash_data(unsecured, options))
    proof = {k: v for k, v in options.items() if k != "@context"}
    proof["proofValue"] = "z" + b58encode(signature)
    return {**unsecured, "proof": proof}


def verify(document: dict) -> str:
    """Check a document's proof; return the signer's did:key, or raise ProofError saying why."""
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("the credential has no proof")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(f"unsupported proof: {proof.get('type')}/{proof.get('cryptosuite')}")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError("the proof's purpose is not assertionMethod")
    value = proof.get("proofValue", "")
    if not isinstance(value, str) or not value.startswith("z"):
        raise ProofError("the proof value is not multibase base58btc")
    method = str(proof.get("verificationMethod", ""))
    public = public_key_from_did(method)
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    options["@context"] = unsecured.get("@context")
    try:
        public.verify(b58decode(value[1:]), _hash_data(unsecured, options))
    except InvalidSignature:
        raise ProofError("the signature does not match: the credential was altered or signed "
                         "by another key") from None
    return method.split("#", 1)[0]
