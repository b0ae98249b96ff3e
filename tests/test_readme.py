"""README.md as a user reads it: every Python block runs as pasted, and every shell command shown
with its output prints that output (the main command to the letter).

A ```text block right after a ```sh block is that command's output. Lines in it that end in
"…" or hold "(as above)" are shortened in the README: they must start the same way.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

README = ROOT / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)


def blocks() -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in FENCE.finditer(README.read_text(encoding="utf-8"))]


def python_blocks() -> list[str]:
    return [code for lang, code in blocks() if lang == "python"]


def shown_runs() -> list[tuple[str, str]]:
    """(command, output) for each ```sh block followed by a ```text block: its first command."""
    out, bs = [], blocks()
    for (lang, code), (nlang, ncode) in zip(bs, bs[1:]):
        if lang == "sh" and nlang == "text":
            cmd = next(line for line in code.splitlines() if line.strip() and not line.startswith("#"))
            out.append((cmd.split("  #")[0].strip(), ncode))
    return out


def test_the_readme_shows_code_to_run():
    assert python_blocks(), "README has no Python example"
    assert shown_runs(), "README shows no command with its output"


@pytest.mark.parametrize("code", python_blocks(), ids=lambda c: c.splitlines()[0][:40])
def test_python_blocks_run_as_pasted(code, tmp_path):
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, f"README Python block failed:\n{code}\n--- stderr:\n{r.stderr[-3000:]}"


def _matches(shown: str, got: str) -> bool:
    shown_lines, got_lines = shown.rstrip("\n").splitlines(), got.rstrip("\n").splitlines()
    if len(shown_lines) != len(got_lines):
        return False
    for s, g in zip(shown_lines, got_lines):
        cut = re.split(r"…|\(as above\)", s)[0]
        if cut != s:
            if not g.startswith(cut.rstrip()):
                return False
        elif s != g:
            return False
    return True


@pytest.mark.parametrize("cmd, shown", shown_runs(), ids=[c for c, _ in shown_runs()])
def test_shown_commands_print_what_the_readme_shows(cmd, shown, tmp_path):
    argv = shlex.split(cmd)
    assert argv[0] == "eezcheck", cmd
    r = run_cli(*argv[1:], cwd=tmp_path, timeout=600)
    assert r.returncode == 0, r.stderr
    assert _matches(shown, r.stdout), f"README shows for `{cmd}`:\n{shown}\nbut it prints:\n{r.stdout}"
