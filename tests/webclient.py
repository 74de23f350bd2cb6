"""A project in git and a test client over `iopdocs serve`'s app, posting forms as a
browser does: every input of the page, with some values changed."""

from __future__ import annotations

import html
import os
import re
import subprocess
import warnings
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from casefolder import make_project

with warnings.catch_warnings():
    # Starlette 1.x suggests httpx2 for its test client; httpx, which it still supports, is enough.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

from iopdocs.project import Project
from iopdocs.web.app import create_app

ROOT_DIR = Path(__file__).resolve().parent.parent
GIT_ENV = {"GIT_AUTHOR_NAME": "Första Handläggare", "GIT_AUTHOR_EMAIL": "forsta@example.se",
           "GIT_COMMITTER_NAME": "Första Handläggare", "GIT_COMMITTER_EMAIL": "forsta@example.se"}


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True).stdout


def git_project(tmp_path: Path, source: str = "exempel-iop") -> Path:
    root = make_project(tmp_path, source)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Första versionen")
    return root


def client(root: Path, trusted_header: str | None = None, **kwargs) -> TestClient:
    return TestClient(create_app(Project(root), trusted_header=trusted_header), **kwargs)


class _Inputs(HTMLParser):
    """Every value a browser would send for a form: inputs, checked boxes, text areas, selects."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: list[list[str]] = []
        self._area: list[str] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name"):
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.fields.append([a["name"], a.get("value") or ""])
        elif tag == "textarea":
            self._area = [a["name"], ""]
            self.fields.append(self._area)
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append([self._select, a.get("value") or ""])

    def handle_endtag(self, tag):
        if tag == "textarea":
            if self._area is not None and self._area[1].startswith("\n"):
                self._area[1] = self._area[1][1:]  # as a browser drops the newline after <textarea>
            self._area = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._area is not None:
            self._area[1] += data


def page_fields(page: str) -> list[list[str]]:
    parser = _Inputs()
    parser.feed(page)
    return parser.fields


def post_form(c: TestClient, url: str, page: str, changes: dict[str, str] | None = None, op: str = "save",
              headers: dict[str, str] | None = None):
    """Post the form of `page` back to `url` with `changes`, as the button `op` would."""
    changes = changes or {}
    fields = [(name, changes.get(name, value)) for name, value in page_fields(page)]
    fields += [(name, value) for name, value in changes.items() if name not in {n for n, _ in fields}]
    fields.append(("op", op))
    return c.post(url, content=urlencode(fields),
                  headers={"content-type": "application/x-www-form-urlencoded", **(headers or {})})


def message_beside(page: str, name: str) -> list[str]:
    """The error messages shown inside the field `name`'s own block."""
    match = re.search(r'<div class="field[^"]*">((?:(?!<div class="field).)*?name="' + re.escape(name) + r'")',
                      page, re.S)
    if not match:
        return []
    return [html.unescape(m) for m in re.findall(r'<p class="message"[^>]*>(.*?)</p>', match.group(1), re.S)]
