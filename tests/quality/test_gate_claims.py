"""Quality gate: claim alignment on a fixed set of ECB+ topics stays above floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import shared_path

from newsprism.evaluate.claims import load_stories, run

FLOORS = json.loads((Path(__file__).parent / "floors" / "claims.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_gate_claims_ecbplus_topics() -> None:
    root = shared_path("corpora", "ecbplus-dev", "ECB+")
    stories = load_stories(root, topics=FLOORS["ecbplus_topics"])
    assert len(stories) == 2 * len(FLOORS["ecbplus_topics"])
    scores = run(stories)
    failures = [
        f"{metric}: {getattr(scores, metric.removeprefix('pairs_')):.3f} < floor {floor}"
        for metric, floor in FLOORS["floors"].items()
        if getattr(scores, metric.removeprefix("pairs_")) < floor
    ]
    assert not failures, "; ".join(failures)
