"""The hub's login in front of a standalone Voila server run as a JupyterHub service.

JupyterHub's identity provider for Jupyter servers does the OAuth and the access check (a user
without `access:services!service=<this service>` gets 403). Two adjustments for standalone Voila:
its extra handlers (the OAuth callback, logout) are served under the service's prefix, which Voila
does not add to them, and the service's API token is never printed as a "token" in Voila's log.
"""

from __future__ import annotations

import os

from jupyter_server.utils import url_path_join
from jupyterhub.singleuser.extension import JupyterHubIdentityProvider


class HubIdentityProvider(JupyterHubIdentityProvider):
    """JupyterHub OAuth for Voila: handlers under JUPYTERHUB_SERVICE_PREFIX, no token shown."""

    @property
    def token(self) -> str:
        return ""

    def get_handlers(self) -> list[tuple]:
        prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
        return [(url_path_join(prefix, path), *rest) for path, *rest in super().get_handlers()]
