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
