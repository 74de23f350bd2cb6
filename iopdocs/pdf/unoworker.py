"""One warm LibreOffice, driven over UNO: run by LibreOffice's Python, not by iopdocs'.

    /usr/bin/python3 unoworker.py SOFFICE PROFILE_DIR PIPE_NAME

Debian's python3-uno lives in the system Python, so this file imports nothing of
iopdocs: engine.py starts it as a child process and talks to it in JSON lines.
It starts `soffice --accept=pipe,...` (a child in this process's group), connects,
says {"ready": true}, and then answers each request on stdin with one line:

    {"op": "convert", "in": "/a.docx", "out": "/a.pdf", "filter": {...}}  → {"ok": true}
    {"op": "ping"}                                                        → {"ok": true}

It never outlives iopdocs: when stdin closes or the parent process is gone (killed
by SIGKILL too: a watchdog thread polls the parent), it kills its process group,
LibreOffice with it.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import uno  # noqa: F401  (Debian's python3-uno; importing it sets up the bridge)
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

CONNECT_SECONDS = 60.0
IMPORT_FILTER = "MS Word 2007 XML"


_instance_dir = None  # the engine's folder for this instance (profile, tmp): removed on the way out


def _die(*_args) -> None:
    """Take LibreOffice (the rest of our process group) down with us, now, and tidy up."""
    me = os.getpid()
    try:
        if os.getpgid(0) == me:  # engine.py makes us a group leader
            for name in os.listdir("/proc"):
                if name.isdigit() and int(name) != me:
                    try:
                        if os.getpgid(int(name)) == me:
                            os.kill(int(name), signal.SIGKILL)
                    except OSError:
                        pass
        if _instance_dir is not None:
            shutil.rmtree(_instance_dir, ignore_errors=True)
            try:
                os.rmdir(os.path.dirname(_instance_dir))  # the engine's folder, once empty
            except OSError:
                pass
    finally:
        os.kill(me, signal.SIGKILL)  # at once: no cleanup that could hang on a dead LibreOffice


def _watch_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            _die()
        time.sleep(0.2)


def _props(**values) -> tuple:
    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def _filter_data(options: dict) -> "uno.Any":
    """The export filter's options as typed PropertyValues, as soffice reads its JSON."""
    props = []
    for name, spec in options.items():
        kind, text = spec["type"], spec["value"]
        if kind == "boolean":
            value = text == "true"
        elif kind == "long":
            value = int(text)
        else:
            value = text
        props.append(_props(**{name: value})[0])
    return uno.Any("[]com.sun.star.beans.PropertyValue", tuple(props))


class Office:
    def __init__(self, soffice: str, profile: str, pipe: str) -> None:
        command = [
            soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--nologo",
            "--nodefault", "--nolockcheck", "--norestore", "--nofirststartwizard",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ]
        self.proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.desktop = self._connect(pipe)

    def _connect(self, pipe: str):
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + CONNECT_SECONDS
        while True:
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
            except NoConnectException:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def convert(self, source: str, target: str, options: dict) -> None:
        load = _props(Hidden=True, ReadOnly=True, FilterName=IMPORT_FILTER)
        document = self.desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, load)
        if document is None:
            raise RuntimeError("LibreOffice kunde inte öppna dokumentet")
        try:
            store = _props(FilterName="writer_pdf_Export", Overwrite=True)
            store += _props(FilterData=_filter_data(options))
            document.storeToURL(uno.systemPathToFileUrl(target), store)
        finally:
            document.close(True)

    def ping(self) -> None:
        self.desktop.getComponents()  # a round trip through LibreOffice


def main() -> None:
    global _instance_dir
    soffice, profile, pipe = sys.argv[1:4]
    folder = os.path.dirname(uno.fileUrlToSystemPath(profile))
    if os.path.basename(folder).startswith("engine-"):
        _instance_dir = folder
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    signal.signal(signal.SIGTERM, _die)
    office = Office(soffice, profile, pipe)
    reply = sys.stdout
    reply.write(json.dumps({"ready": True}) + "\n")
    reply.flush()
    for line in sys.stdin:
        request = json.loads(line)
        try:
            if request["op"] == "convert":
                office.convert(request["in"], request["out"], request["filter"])
            else:
                office.ping()
            answer = {"ok": True}
        except Exception as exc:  # reported to the engine, which decides what it means
            answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        reply.write(json.dumps(answer) + "\n")
        reply.flush()
    _die()


if __name__ == "__main__":
    main()
