"""One file per build.py command; each defines register(subparsers, common)."""
