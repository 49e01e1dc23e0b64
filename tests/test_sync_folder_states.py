"""The folder is recognised, not assumed, and every failure is told in words. On real mounts: a
"USB stick" is a directory bind-mounted on a mount point (pulled: unmounted, the empty mount point
stays; plugged again: its content is back), remounted read-only, or a tiny tmpfs that fills up.
Skipped where this machine does not let the tests mount (not root, no mount namespace)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from continuity.core.permissions import Role
from continuity.services import sync
from tests.conftest import add_woman
from tests.sync_helpers import make_laptops


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, timeout=60)


def _umount(point: Path) -> None:
    subprocess.run(["umount", str(point)], check=False, capture_output=True, timeout=60)


@pytest.fixture
def stick(tmp_path):
    """A USB stick: its content in tmp_path/stick-data, plugged at tmp_path/media/stick."""
    data, point = tmp_path / "stick-data", tmp_path / "media" / "stick"
    data.mkdir()
    point.mkdir(parents=True)
    try:
        _mount("--bind", str(data), str(point))
    except (subprocess.CalledProcessError, FileNotFoundError, PermissionError) as error:
        pytest.skip(f"cannot mount here: {error}")
    plugged = {"in": True}

    class Stick:
        path = point

        def pull(self) -> None:
            _umount(point)
            plugged["in"] = False

        def plug(self) -> None:
            _mount("--bind", str(data), str(point))
            plugged["in"] = True

        def read_only(self, on: bool) -> None:
            _mount("-o", f"remount,bind,{'ro' if on else 'rw'}", str(point))

    yield Stick()
    if plugged["in"]:
        _umount(point)


def test_a_pulled_stick_is_told_and_nothing_is_written_into_its_empty_mount_point(stick, tmp_path, built_kit):
    one, two = make_laptops(tmp_path, built_kit, 2, share=stick.path)
    sync.set_folder(one.session(Role.SUPERVISOR), stick.path)
    add_woman(one.session(), birth_name="Avant")
    assert one.sync().folder_error is None
    stick.pull()
    assert list(stick.path.iterdir()) == []  # the empty mount point left behind
    add_woman(one.session(), birth_name="Pendant")
    report = one.sync()
    assert report.folder_problem == "unmounted" and "USB stick is probably not plugged in" in report.folder_error
    assert list(stick.path.iterdir()) == []  # nothing written on the laptop's own disk under the mount point
    status = sync.status(one.session())
    assert status["folder_reachable"] is False and "not plugged in" in status["folder_problem"]
    stick.plug()
    report = one.sync()
    assert report.folder_error is None and report.published == 1
    two.sync()
    assert {p["birth_name"] for p in two.store.db["patients"].rows} == {"Avant", "Pendant"}


def test_a_read_only_stick_is_told_in_the_status_and_sending_resumes_once_writable(stick, tmp_path, built_kit):
    one, two = make_laptops(tmp_path, built_kit, 2, share=stick.path)
    sync.set_folder(one.session(Role.SUPERVISOR), stick.path)
    add_woman(one.session(), birth_name="Avant")
    one.sync()
    stick.read_only(True)
    try:
        add_woman(one.session(), birth_name="Bloquee")
        report = one.sync()
        assert report.folder_problem == "read_only" and "read-only" in report.folder_error
        status = sync.status(one.session())
        assert status["folder_problem"] and "read-only" in status["folder_problem"]
        assert status["pending_outgoing"] == 0 and status["last_export"]["bundle"] == 2  # kept in the local outbox, not lost
    finally:
        stick.read_only(False)
    assert one.sync().published == 1
    assert sync.status(one.session())["folder_problem"] is None
    two.sync()
    assert "Bloquee" in {p["birth_name"] for p in two.store.db["patients"].rows}


def test_a_full_stick_is_told_leaves_no_partial_file_and_loses_nothing(tmp_path, built_kit):
    point = tmp_path / "tiny"
    point.mkdir()
    try:
        _mount("-t", "tmpfs", "-o", "size=8k", "tmpfs", str(point))
    except (subprocess.CalledProcessError, FileNotFoundError, PermissionError) as error:
        pytest.skip(f"cannot mount here: {error}")
    try:
        one, = make_laptops(tmp_path, built_kit, 1, share=point)
        for index in range(150):
            add_woman(one.session(), birth_name=f"Pleine{index}")
        report = one.sync()
        assert report.folder_problem == "full" and "full" in report.folder_error
        assert not [p for p in point.rglob("*.partial")]  # no half-written file left to fill the stick
        assert sync.status(one.session())["last_export"] is not None  # bundled in the local outbox all the same
    finally:
        _umount(point)


def test_the_sync_pass_and_status_speak_of_the_folder_in_words_on_the_command_line(stick, tmp_path, built_kit):
    from tests.conftest import PASSWORD
    from tests.test_cli import run

    one, = make_laptops(tmp_path, built_kit, 1, share=stick.path)
    sync.set_folder(one.session(Role.SUPERVISOR), stick.path)
    one.store.close()
    stick.pull()
    passed = run(tmp_path / "laptop-1", "sync", user="cdurand", password=PASSWORD)
    told = run(tmp_path / "laptop-1", "sync", "status", user="cdurand", password=PASSWORD)
    assert passed.returncode == 0 and "USB stick is probably not plugged in" in passed.stdout, passed.stdout + passed.stderr
    assert "unreachable" in told.stdout and "USB stick is probably not plugged in" in told.stdout, told.stdout + told.stderr
