"""Subprocesses of the suite (the CLI as a user runs it, README blocks) run this checkout's code,
not an installed copy: a fresh clone's run tests the clone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_a_subprocess_imports_this_checkouts_geo(tmp_path):
    r = subprocess.run([sys.executable, "-c", "import geo; print(geo.__file__)"], cwd=tmp_path,
                       capture_output=True, text=True, check=True)
    assert Path(r.stdout.strip()).resolve().is_relative_to(ROOT)
