"""The window through a compressed night, in a process of its own (``continuity.ui.soak``): it
must survive, and neither the references to None nor the process memory may drift. The long
version is ``make soak`` (figures in docs/ARCHITECTURE.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_a_compressed_night_leaves_the_window_alive_and_flat():
    env = dict(os.environ)
    completed = subprocess.run([sys.executable, "-m", "continuity.ui.soak", "--hours", "5"], capture_output=True, text=True,
                               env=env, timeout=900, check=False)  # a hang guard only
    assert completed.returncode in (0, 1), completed.stderr[-3000:]  # not killed by a signal (an abort is -6)
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    print("\n", figures)
    assert figures["repaints"] >= 300 and figures["locks"] == 5 and figures["syncs"] == 5 and figures["admissions"] >= 4
    assert figures["births"] >= 2 and figures["switches"] >= 1 and figures["dialogs"] >= 8
    assert figures["none_never_fell"], figures["none_refs_by_hour"]
    assert figures["flat"], figures
    assert completed.returncode == 0
