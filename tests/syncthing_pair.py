"""Two real Syncthing instances on this machine, each keeping one replica of a shared folder, linked
over localhost only (no discovery, relays or NAT): the way a hospital would link two sites' laptops
once any network is back. Configured as docs/SYNC.md advises (ignore patterns, a short watcher delay)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

FOLDER_ID = "continuity-ward"
IGNORES = "// Continuity's own temporary files: never replicate half a bundle\n(?d).*.partial\n"


def available() -> bool:
    return shutil.which("syncthing") is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Node:
    home: Path
    folder: Path
    device_id: str
    port: int
    gui_port: int
    process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**os.environ, "STNODEFAULTFOLDER": "1", "STNOUPGRADE": "1", "STNORESTART": "1"}
        log = open(self.home / "syncthing.log", "ab")
        self.process = subprocess.Popen(["syncthing", "serve", f"--home={self.home}", "--no-browser", "--no-restart"],
                                        stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        log.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=60)
        self.process = None


def _generate(home: Path) -> str:
    out = subprocess.run(["syncthing", "generate", f"--home={home}", "--no-default-folder"], capture_output=True, text=True, timeout=120)
    if out.returncode != 0:  # older releases have no --no-default-folder (the environment variable does it)
        out = subprocess.run(["syncthing", "generate", f"--home={home}"], capture_output=True, text=True, timeout=120,
                             env={**os.environ, "STNODEFAULTFOLDER": "1"})
    for line in (out.stdout + out.stderr).splitlines():
        if "Device ID:" in line:
            return line.split("Device ID:")[1].strip()
    raise RuntimeError(f"syncthing generate said no device id: {out.stdout} {out.stderr}")


def _config(me: Node, other: Node) -> str:
    def device(node: Node) -> str:
        return (f'<device id="{node.device_id}" name="{node.home.name}" compression="metadata" introducer="false">'
                f"<address>tcp://127.0.0.1:{node.port}</address><autoAcceptFolders>false</autoAcceptFolders></device>")

    return f"""<configuration version="36">
    <folder id="{FOLDER_ID}" label="Continuity" path="{me.folder}" type="sendreceive" rescanIntervalS="3600"
            fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>
        <device id="{me.device_id}"></device>
        <device id="{other.device_id}"></device>
        <minDiskFree unit="%">0</minDiskFree>
        <maxConflicts>10</maxConflicts>
        <markerName>.stfolder</markerName>
    </folder>
    {device(me)}
    {device(other)}
    <gui enabled="true" tls="false"><address>127.0.0.1:{me.gui_port}</address><apikey>continuity-test</apikey></gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{me.port}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <urAccepted>-1</urAccepted>
        <startBrowser>false</startBrowser>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <reconnectionIntervalS>1</reconnectionIntervalS>
        <crashReportingEnabled>false</crashReportingEnabled>
    </options>
</configuration>
"""


def make_pair(root: Path) -> tuple[Node, Node]:
    nodes = []
    for name in ("site-a", "site-b"):
        home, folder = root / f"{name}-syncthing", root / f"{name}-share"
        home.mkdir(parents=True)
        folder.mkdir(parents=True)
        (folder / ".stfolder").mkdir()
        (folder / ".stignore").write_text(IGNORES)
        nodes.append(Node(home, folder, _generate(home), _free_port(), _free_port()))
    a, b = nodes
    (a.home / "config.xml").write_text(_config(a, b))
    (b.home / "config.xml").write_text(_config(b, a))
    return a, b


def wait_for(condition, what: str, folders: list[Path], guard_seconds: float = 180.0):
    """Until ``condition()`` is true, looked at again at each change in ``folders`` (file events,
    not a clock): replication takes what it takes. The guard only ends a test that would otherwise
    hang, and says what never came."""
    changed = threading.Event()

    class Wake(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            changed.set()

    observer = Observer()
    for folder in folders:
        observer.schedule(Wake(), str(folder), recursive=True)
    observer.start()
    try:
        deadline = time.monotonic() + guard_seconds
        while True:
            changed.clear()
            value = condition()
            if value:
                return value
            if not changed.wait(max(0.0, deadline - time.monotonic())):
                raise AssertionError(f"Syncthing never delivered: {what}")
    finally:
        observer.stop()
        observer.join(timeout=10)
