"""`iopdocs serve`: check where it may listen, then run the app with uvicorn."""

from __future__ import annotations

import ipaddress
import threading
import webbrowser

from ..errors import UserError
from ..project import Project

LOCAL = {"127.0.0.1", "::1", "localhost"}


def check_listen(host: str, trusted_header: str | None) -> None:
    """Only this computer may reach the app, unless a proxy in front of it signs users on."""
    if host in LOCAL or _loopback(host):
        return
    if not trusted_header:
        raise UserError(
            f"iopdocs serve lyssnar bara på den här datorn (127.0.0.1) om inget inloggningssätt anges. "
            f"För att lyssna på {host} måste en omvänd proxy med kommunens inloggning stå framför, och "
            "du anger vilket huvud den sätter användaren i: --trusted-header HUVUD (t.ex. X-Remote-User). "
            "Utan det kunde vem som helst i nätet ändra ärendena."
        )


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(project: Project, host: str, port: int, open_browser: bool, trusted_header: str | None) -> None:
    check_listen(host, trusted_header)
    project.case_dirs()  # a wrong --root is told now, not on the first page
    import uvicorn

    from .app import create_app

    app = create_app(project, trusted_header=trusted_header, warm=True)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    if open_browser:
        threading.Timer(1.0, webbrowser.open, [url]).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=bool(trusted_header),
                server_header=False)
