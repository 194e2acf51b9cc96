"""Quality gate: entity merging and typing on ECB+'s held-out topics stay above floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import shared_path

from newsprism.evaluate.claims import topics_of
from newsprism.evaluate.entities import load_stories, run

FLOORS = json.loads((Path(__file__).parent / "floors" / "entities.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_gate_entities_ecbplus_held_out() -> None:
    root = shared_path("corpora", "ecbplus-dev", "ECB+")
    stories = load_stories(root, topics=topics_of(FLOORS["ecbplus_part"]))
    assert stories
    scores = run(stories)
    failures = [
        f"{metric}: {getattr(scores, metric):.3f} < floor {floor}"
        for metric, floor in FLOORS["floors"].items()
        if getattr(scores, metric) < floor
    ]
    assert not failures, "; ".join(failures)
