"""`iopdocs serve`'s app on a real port, in a thread, and Debian's Chromium driven by
Playwright, for the tests that only a browser can make."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from iopdocs.project import Project
from iopdocs.web.app import create_app

CHROMIUM = Path(os.environ.get("IOPDOCS_CHROMIUM", "/usr/bin/chromium"))
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def chromium_or_skip() -> Path:
    if not CHROMIUM.is_file():
        pytest.skip(f"Chromium saknas ({CHROMIUM}); 'make test' installerar det med apt-get som root")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("Playwright saknas; kör 'make setup'")
    return CHROMIUM


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(root: Path, trusted_header: str | None = None):
    """The app served on 127.0.0.1 for the duration; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(create_app(Project(root), trusted_header=trusted_header), host="127.0.0.1",
                            port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(chromium_or_skip()), headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def has_pdf_tools() -> bool:
    return shutil.which("soffice") is not None and shutil.which("pdftoppm") is not None
