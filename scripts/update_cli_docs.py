"""Regenerate docs/cli.md from the commands' own --help (tests/test_cli_docs.py checks it).

Run: .venv/bin/python scripts/update_cli_docs.py
"""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from newsprism.cli import cli

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"

INTRO = """# Command-line reference

Generated from the commands' own `--help` by `scripts/update_cli_docs.py`; a test fails
when this page and the commands disagree. The analysis contract these commands honour is
in [report-contract.md](report-contract.md).

Exit status, for every command: 0 when every input was read; 1 when some inputs failed
(one line each on standard error: what, which input, what to do; the other inputs were
processed); 2 for a usage error; 3 when the run itself failed (for example the store could
not be opened).
"""


def help_text(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--help"], prog_name="newsprism", terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.output.rstrip() + "\n"


def render() -> str:
    parts = [INTRO, "## newsprism\n", "```text\n" + help_text() + "```\n"]
    assert isinstance(cli, click.Group)
    for name in sorted(cli.commands):
        parts.append(f"## newsprism {name}\n")
        parts.append("```text\n" + help_text(name) + "```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC.name}")
