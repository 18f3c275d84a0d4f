"""Certificates: Open Badges 3.0 credentials signed with the course's Ed25519 issuer key."""
