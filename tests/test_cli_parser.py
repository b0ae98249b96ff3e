"""geo.cli.build_parser: each command registered on its own, only the named one imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

from geo.cli import build_parser

COMMANDS = ("point", "batch", "impact", "report", "history", "map", "data")


def test_a_cold_point_command_imports_no_report_reader():
    code = "import sys; from geo.cli import build_parser; build_parser(['point', '1', '2']); " \
           "print(sorted(m for m in sys.modules if m.startswith('geo.reports')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_parses_alone_as_in_the_full_parser(name):
    alone = build_parser([name])._subparsers._group_actions[0].choices
    full = build_parser()._subparsers._group_actions[0].choices
    assert list(alone) == [name]
    assert alone[name].format_help() == full[name].format_help()


def test_no_command_or_a_typo_lists_every_command(capsys):
    for argv in ([], ["pint"], ["--help"]):
        choices = build_parser(argv)._subparsers._group_actions[0].choices
        assert list(choices) == list(COMMANDS)
    with pytest.raises(SystemExit) as exc:
        build_parser(["pint"]).parse_args(["pint"])
    assert exc.value.code == 2
    assert "invalid choice: 'pint'" in capsys.readouterr().err
