"""Laptops as separate processes on one real folder: random work on each, sync, identical state;
a watching laptop sees another's bundle appear without being asked."""

from __future__ import annotations

import json
import os
import queue
import re
import random
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_WARD

LAPTOPS = ["laptop-1", "laptop-2", "laptop-3"]
BEDS = [("GHR", "201"), ("GHR", "202"), ("SDC", "301"), ("SDC", "302"), ("SDN", "SN1"), ("SDN", "SN2")]


def cli(folder: Path, *args: str, password: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTINUITY_")}
    env.update({"CONTINUITY_PASSWORD": password, "CONTINUITY_USER": "cdurand", "CONTINUITY_LANG": "en",
                "CONTINUITY_KIT_PASSPHRASE": "quatre chevaux galopent dans la brume",
                "CONTINUITY_IT_PASSPHRASE": "le serveur ronronne sous la pluie fine"})
    result = subprocess.run([sys.executable, "-m", "continuity", "--data-dir", str(folder), *args],
                            capture_output=True, text=True, env=env, timeout=120)
    if check:
        assert result.returncode in (0, 1), result.stderr
    return result


@pytest.fixture(scope="module")
def ward(tmp_path_factory):
    root = tmp_path_factory.mktemp("ward")
    kit_path = root / "ward.kit"
    created = json.loads(cli(root / "it", "kit", "create", str(EXAMPLE_WARD), "--out", str(kit_path), "--json", password="").stdout)
    password = created["initial_passwords"]["cdurand"]
    for name in LAPTOPS:
        assert cli(root / name, "init", "--kit", str(root / "ward-laptops" / f"{name}.enrol"), "--device", name, password=password).returncode == 0
    return root, password


def random_work(folder: Path, password: str, rng: random.Random, steps: int) -> None:
    for _step in range(steps):
        action = rng.choice(["add", "add", "admit", "move", "discharge"])
        if action == "add":
            cli(folder, "patient", "add", "--birth-name", rng.choice(["Martin", "Roux", "Petit"]), "--first-names", "Anne",
                "--birth-date", f"19{rng.randint(60, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", "--sex", "F", password=password)
            continue
        census = json.loads(cli(folder, "census", "--json", password=password).stdout)
        occupied = [b for u in census["units"] for b in u["beds"] if b["state"] == "occupied"]
        if action == "admit":
            rows = json.loads(cli(folder, "search", "anne", "--json", password=password).stdout)
            free = [r for r in rows if not r["current_nda"]]
            if free:
                unit, bed = rng.choice(BEDS)
                cli(folder, "admit", rng.choice(free)["ipp"], "--unit", unit, "--bed", bed, password=password)
        elif occupied:
            target = rng.choice(occupied)
            if action == "move":
                unit, bed = rng.choice(BEDS)
                cli(folder, "transfer", target["nda"], "--unit", unit, "--bed", bed, password=password)
            else:
                cli(folder, "discharge", target["nda"], password=password)


def state(folder: Path, password: str) -> dict:
    return json.loads(cli(folder, "sync", "status", "--json", password=password).stdout)


def test_three_laptop_processes_converge(ward):
    root, password = ward
    share = root / "share"
    share.mkdir()
    rng = random.Random(7)
    for _round in range(2):
        for name in LAPTOPS:
            random_work(root / name, password, rng, steps=3)
            assert cli(root / name, "sync", "--folder", str(share), "--settle", "0", password=password).returncode == 0
    for _ in range(2):
        for name in LAPTOPS:
            cli(root / name, "sync", "--settle", "0", password=password)  # the folder was kept from the first time
    states = [state(root / name, password) for name in LAPTOPS]
    assert len({s["state_hash"] for s in states}) == 1
    assert all(s["pending_outgoing"] == 0 and s["quarantined"] == [] and s["gaps"] == [] for s in states)
    assert {p["name"] for p in states[0]["peers"]} == {"laptop-2", "laptop-3"}


class Watcher:
    """A `sync --watch` process with its output read line by line (its stderr kept for the verdict)."""

    def __init__(self, folder: Path, password: str, *options: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CONTINUITY_")}
        env.update({"CONTINUITY_PASSWORD": password, "CONTINUITY_USER": "cdurand", "CONTINUITY_LANG": "en"})
        self.process = subprocess.Popen(
            [sys.executable, "-m", "continuity", "--data-dir", str(folder), "sync", *options, "--watch", "--settle", "0"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.said: queue.Queue = queue.Queue()
        self.stderr: list[str] = []
        self.readers = [threading.Thread(target=_lines_into, args=(stream, name, self.said), daemon=True)
                        for stream, name in ((self.process.stdout, "out"), (self.process.stderr, "err"))]
        for reader in self.readers:
            reader.start()

    def next_line(self, wanted) -> str:
        return _next_line(self.said, wanted, self.stderr)

    def watching(self) -> None:
        """Wait for the event, not for a duration: the watcher says when it is watching."""
        self.next_line(lambda name, line: name == "err" and line.startswith("Watching "))

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=HANG_GUARD)
        except subprocess.TimeoutExpired:
            self.process.kill()
        for reader in self.readers:
            reader.join(timeout=HANG_GUARD)
        while not self.said.empty():
            name, line = self.said.get()
            self.stderr += [line] if name == "err" and line is not None else []
        assert self.process.returncode == 0, "\n".join(self.stderr)


def test_a_watching_laptop_sees_a_new_bundle_without_being_asked(ward, tmp_path):
    root, password = ward
    share = tmp_path / "share"
    share.mkdir()
    # The full rescan is an hour away: only a file event can explain what the watcher picks up.
    watcher = Watcher(root / "laptop-2", password, "--folder", str(share), "--rescan", "3600")
    try:
        watcher.watching()
        ipp = cli(root / "laptop-3", "patient", "add", "--birth-name", "Nouvelle", "--first-names", "Alice",
                  "--birth-date", "1991-02-03", "--sex", "F", password=password).stdout.strip()
        cli(root / "laptop-3", "sync", "--folder", str(share), "--settle", "0", password=password)
        watcher.next_line(lambda name, line: name == "out" and re.search(r"received [1-9]\d* bundle", line))
        found = json.loads(cli(root / "laptop-2", "search", ipp, "--json", password=password).stdout)
        assert [r["ipp"] for r in found] == [ipp]
    finally:
        watcher.stop()


def test_a_watcher_sends_a_change_typed_in_another_process_at_once(ward, tmp_path):
    """The window or the command line writes; the `sync --watch` process on the same laptop sends it
    without waiting for its rescan (an hour away here): it notices the database changed."""
    root, password = ward
    share = tmp_path / "share"
    share.mkdir()
    cli(root / "laptop-2", "sync", "--folder", str(share), "--settle", "0", password=password)
    watcher = Watcher(root / "laptop-2", password, "--rescan", "3600")
    try:
        watcher.watching()
        cli(root / "laptop-2", "patient", "add", "--birth-name", "Envoyee", "--first-names", "Alice",
            "--birth-date", "1991-02-03", "--sex", "F", password=password)
        watcher.next_line(lambda name, line: name == "out" and re.search(r"Sent [1-9]\d* bundle", line))
    finally:
        watcher.stop()
    assert list(share.glob("laptop-2--*/00000001.cbundle"))


HANG_GUARD = 120  # seconds: no verdict depends on it, it only stops a test that would hang


def _lines_into(stream, name: str, into: queue.Queue) -> None:
    for line in stream:
        into.put((name, line.rstrip("\n")))
    into.put((name, None))


def _next_line(said: queue.Queue, wanted, stderr: list[str]) -> str:
    """The next line the watcher says that ``wanted(stream, line)``; fails if it ends first."""
    ended = set()
    while True:
        try:
            name, line = said.get(timeout=HANG_GUARD)
        except queue.Empty:
            raise AssertionError(f"the watcher said nothing for {HANG_GUARD} s; its errors: {stderr}") from None
        if line is None:
            ended.add(name)
            assert ended != {"out", "err"}, f"the watcher ended; its errors: {stderr}"
            continue
        if name == "err":
            stderr.append(line)
        if wanted(name, line):
            return line
