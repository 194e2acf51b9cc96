"""The five scraped seed articles: no boilerplate left, no body line lost, metadata found.

Expectations are hand-written in tests/data/cleaning/seed_expectations.json (line indexes
and metadata only; the seed text stays in ../shared/seeds)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.evaluate.cleaning import check_seed

EXPECTATIONS = json.loads(
    (Path(__file__).parent / "data" / "cleaning" / "seed_expectations.json").read_text(encoding="utf-8")
)
SEEDS = sorted(name for name in EXPECTATIONS if not name.startswith("_"))


@pytest.mark.parametrize("name", SEEDS)
def test_clean_seeds_body_and_metadata(seeds_dir: Path, name: str) -> None:
    result = check_seed((seeds_dir / name).read_text(encoding="utf-8"), EXPECTATIONS[name])
    assert result["left"] == [], f"boilerplate lines left in the body: {result['left']}"
    assert result["lost"] == [], f"body lines lost or altered: {result['lost']}"
    assert result["metadata_failed"] == []


def test_clean_seeds_never_guess_a_wrong_outlet(seeds_dir: Path) -> None:
    for name in SEEDS:
        expect = EXPECTATIONS[name]
        found = check_seed((seeds_dir / name).read_text(encoding="utf-8"), expect)["outlet_found"]
        assert found in (None, expect["outlet"]), name
