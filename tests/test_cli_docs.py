"""The CLI reference cannot rot: it must equal what the commands' --help prints."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import click

from newsprism.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("update_cli_docs", ROOT / "scripts" / "update_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_docs_match_help_output():
    expected = _generator().render()
    actual = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/cli.md is out of date: run .venv/bin/python scripts/update_cli_docs.py"


def test_cli_every_command_has_help_and_appears_in_docs():
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert isinstance(cli, click.Group)
    for name, command in cli.commands.items():
        assert command.help, f"command {name} has no help"
        assert f"## newsprism {name}" in doc


def test_cli_contract_options_exist():
    """The analysis contract's command line: analyze INPUT... --json --html --one-story --summary-words."""
    params = {p.name for p in cli.commands["analyze"].params}
    assert {"inputs", "json_path", "html_dir", "one_story", "summary_words"} <= params
