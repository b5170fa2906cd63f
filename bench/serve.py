"""Serving a Streamlit page locally, shared by bench/startup.py and the browser tests:
`port = free_port()`; `healthy(f"http://127.0.0.1:{port}")`."""

from __future__ import annotations

import socket
import urllib.request


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str, timeout: float = 2) -> bool:
    """True once Streamlit's health endpoint at `url` answers 200."""
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False
