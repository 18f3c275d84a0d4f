"""Practicum group workspaces: the case, shared state, signed links, the report."""
