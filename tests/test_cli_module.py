"""``python -m newsprism`` runs the same command line as the ``newsprism`` script."""

from __future__ import annotations

import subprocess
import sys

from newsprism import __version__


def test_python_dash_m_runs_the_command_line() -> None:
    done = subprocess.run([sys.executable, "-m", "newsprism", "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"newsprism, version {__version__}"
    failed = subprocess.run([sys.executable, "-m", "newsprism", "no-such-command"], capture_output=True, text=True)
    assert failed.returncode == 2 and "No such command" in failed.stderr


def test_piped_run_writes_nothing_but_failures_to_standard_error(tmp_path) -> None:
    # standard error is a pipe here: no progress bar, not even its blank remnants
    good = tmp_path / "good.txt"
    good.write_text("The ferry to Kestrel Point resumed sailing on Monday after repairs, the operator said.\n",
                    encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "newsprism", "analyze", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 1
    assert [line for line in done.stderr.splitlines() if line.strip()] == [line for line in done.stderr.splitlines()]
    assert done.stderr.strip().startswith("newsprism: ") and "empty.txt" in done.stderr
    assert "resumed sailing" in done.stdout
