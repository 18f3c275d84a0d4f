"""The course view: learner-facing notebooks open with no code shown and run themselves.

Two halves, shipped in this package and switched on in the environment by
`python -m course.courseview install` (`make install` runs it; pip's editable installs leave out
data files):

- The build marks every notebook it lays out (`present`): notebook metadata `tmcert` names the
  course, and every code cell carries `jupyter.source_hidden`, which JupyterLab honours (Voila
  shows no code at all).
- In JupyterLab, the `tmcert-course-view` extension (labextension/, a hand-written federated
  module with no build step) sees a notebook with that metadata open, asks this server extension
  whether it is the course's own, and if so runs its cells; otherwise the learner is told why it
  did not run.

"The course's own" is decided on the server, not by the metadata (anyone can write metadata): a
notebook qualifies only when its code cells are exactly, in order, those of a notebook in the
course root's `release/` folder, the copies nbgrader hands out. The course root is $TMCERT_ROOT
(set by the hub and by `build.py serve`), else course.yml's `root`.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

METADATA_KEY = "tmcert"
ENDPOINT = "tmcert/course-notebook"
LAB_EXTENSION = "tmcert-course-view"


def code_digest(notebook: dict[str, Any]) -> str:
    """A digest of a notebook's code cells' sources, in order (what running it would execute)."""
    digest = hashlib.sha256()
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            digest.update(source.encode("utf-8"))
            digest.update(b"\x1e")
    return digest.hexdigest()


def present(notebook: Any) -> Any:
    """Mark a learner-facing notebook as the course's: metadata, and every code input hidden."""
    notebook.metadata[METADATA_KEY] = {"view": "course"}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    return notebook


def course_root() -> Path:
    """The course root this server serves: $TMCERT_ROOT, else course.yml's `root`."""
    from course.serve import ROOT_ENV, served_config

    if os.environ.get(ROOT_ENV):
        return Path(os.environ[ROOT_ENV])
    config = served_config()
    return config.path(config.root)


class ReleasedDigests:
    """The code digests of the released notebooks, re-read when a release folder changes."""

    def __init__(self, release: Path) -> None:
        self.release = release
        self._seen: dict[Path, tuple[int, str]] = {}

    def current(self) -> set[str]:
        """Digests of every release/<assignment>/*.ipynb (unreadable files are skipped)."""
        import nbformat

        found: dict[Path, tuple[int, str]] = {}
        for path in sorted(self.release.glob("*/*.ipynb")):
            try:
                stamp = path.stat().st_mtime_ns
                if path in self._seen and self._seen[path][0] == stamp:
                    found[path] = self._seen[path]
                    continue
                found[path] = (stamp, code_digest(nbformat.read(path, as_version=4)))
            except (OSError, ValueError):
                continue
        self._seen = found
        return {digest for _, digest in found.values()}


def verdict(notebook: dict[str, Any], released: set[str]) -> dict[str, Any]:
    """Whether a notebook may run on opening, and why not when it may not."""
    if METADATA_KEY not in notebook.get("metadata", {}):
        return {"course": False, "reason": "This notebook is not one of the course's."}
    if code_digest(notebook) not in released:
        return {"course": False,
                "reason": ("This notebook's code differs from the copy the course released, so it "
                           "was not run automatically.")}
    return {"course": True, "reason": ""}


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Add GET /tmcert/course-notebook?path=... to the server."""
    from jupyter_server.auth.decorator import authorized
    from jupyter_server.base.handlers import APIHandler
    from jupyter_server.utils import ensure_async, url_path_join
    from tornado import web

    digests = ReleasedDigests(course_root() / "release")

    class CourseNotebookHandler(APIHandler):
        auth_resource = "contents"

        @web.authenticated
        @authorized
        async def get(self) -> None:
            path = self.get_query_argument("path", "")
            manager = self.serverapp.contents_manager
            try:
                model = await ensure_async(manager.get(path, type="notebook", content=True))
            except web.HTTPError:
                raise
            except Exception as exc:  # an unreadable file is not a course notebook
                raise web.HTTPError(404, f"cannot read {path}") from exc
            self.finish(verdict(model["content"], digests.current()))

    pattern = url_path_join(serverapp.web_app.settings["base_url"], ENDPOINT)
    serverapp.web_app.add_handlers(".*$", [(pattern, CourseNotebookHandler)])


def install(prefix: Path) -> list[Path]:
    """Link the lab extension into `prefix` and switch the server extension on; paths made."""
    import json

    here = Path(__file__).resolve().parent
    lab = prefix / "share" / "jupyter" / "labextensions" / LAB_EXTENSION
    lab.parent.mkdir(parents=True, exist_ok=True)
    if lab.is_symlink() or lab.is_file():
        lab.unlink()
    elif lab.exists():
        import shutil

        shutil.rmtree(lab)
    lab.symlink_to(here / "labextension", target_is_directory=True)
    switch = prefix / "etc" / "jupyter" / "jupyter_server_config.d" / f"{LAB_EXTENSION}.json"
    switch.parent.mkdir(parents=True, exist_ok=True)
    switch.write_text(json.dumps({"ServerApp": {"jpserver_extensions": {__name__: True}}},
                                 indent=1) + "\n", encoding="utf-8")
    return [lab, switch]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "course.courseview"}]
