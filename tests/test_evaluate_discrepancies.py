"""The discrepancy evaluation's command line: ``--ecbplus`` takes a part name."""

from __future__ import annotations

import pytest

from newsprism.evaluate.discrepancies import main


@pytest.mark.parametrize("argv", [["--ecbplus"], ["--ecbplus", "train"], ["--ecbplus", "--kind", "number"]])
def test_ecbplus_needs_dev_or_held_out(argv: list[str]) -> None:
    with pytest.raises(SystemExit, match="dev or held-out"):
        main(argv)
