"""The issuer key: one Ed25519 key per course root, created on first use, never in the repo."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

KEY_FILE = Path("issuer") / "ed25519-key.pem"


def key_path(root: Path) -> Path:
    """Where the course root keeps its issuer key."""
    return Path(root) / KEY_FILE


def issuer_key(root: Path, create: bool = True) -> Ed25519PrivateKey:
    """Load the course root's issuer key, creating it (mode 0600) on first use."""
    path = key_path(root)
    if not path.exists():
        if not create:
            raise FileNotFoundError(f"{path}: no issuer key; `build.py certify` creates it")
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(Encoding.PEM, PrivateFormat.PKCS8,
                                                         NoEncryption())
        try:  # O_EXCL: two first uses at once never create two keys
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
    key = load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path}: not an Ed25519 private key")
    return key
