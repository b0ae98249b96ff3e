"""A clone without the Marine Regions reference extracts (issue 13.6): only the comparisons with
the real polygons skip, they say why, the run counts them, and they are at most a tenth of the suite.

Each case runs pytest as a subprocess with ``EEZCHECK_TEST_MR_DIR`` pointing at an empty folder.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_NEEDS_AND_NOT = """
def test_needs_the_v10_extract(mr_v10_path):
    assert mr_v10_path.exists()


def test_needs_the_v12_zones(mr_v12_zones):
    assert len(mr_v12_zones.table)


def test_needs_nothing():
    assert True
"""


def _pytest(*args, mr_dir: Path, ci: bool = False) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["EEZCHECK_TEST_MR_DIR"] = str(mr_dir)
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", str(ROOT / "pyproject.toml"), *map(str, args)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )


def test_missing_extracts_skip_saying_so_even_in_ci(tmp_path):
    empty = tmp_path / "no-extracts"
    empty.mkdir()
    case = tmp_path / "test_case.py"
    case.write_text(_NEEDS_AND_NOT, encoding="utf-8")
    r = _pytest("-rs", "-p", "tests.conftest", case, mr_dir=empty, ci=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert re.search(r"\b1 passed, 2 skipped\b", r.stdout), r.stdout
    # Each skip names the file it looked for; the summary counts them and says where it looked.
    assert str(empty / "eez_v10_s05" / "eez_s05.shp") in r.stdout and "compares with the real public polygons" in r.stdout
    assert f"eezcheck: 2 tests comparing with the real Marine Regions polygons skipped: their reference extracts are not in {empty}" in r.stdout


def test_at_most_a_tenth_of_the_suite_needs_the_extracts(tmp_path):
    """The tests marked ``needs_mr_extracts`` (those using the extract fixtures) are ≤ 10 % of all."""
    r = _pytest("--co", "-m", "needs_mr_extracts", ROOT / "tests", mr_dir=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    needing, total = map(int, re.search(r"(\d+)/(\d+) tests collected", r.stdout).groups())
    assert 0 < needing <= 0.10 * total, (needing, total)
