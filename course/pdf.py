"""HTML pages printed to PDF with WeasyPrint (certificates, workspace reports), atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def html_to_pdf(page: str, path: Path) -> Path:
    """Render an HTML document to a PDF file (temp file, then os.replace)."""
    from weasyprint import HTML

    path = Path(path)
    data = HTML(string=page, base_url=str(path.parent)).write_pdf()
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
