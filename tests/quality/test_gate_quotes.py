"""Quality gate: quote extraction and speakers on a fixed PolNeAR subset stay above floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import shared_path

from newsprism.evaluate.quotes import evaluate, load_polnear

FLOORS = json.loads((Path(__file__).parent / "floors" / "quotes.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_gate_quotes_polnear_subset() -> None:
    root = shared_path("corpora", "polnear-train")
    articles = load_polnear(root, limit=FLOORS["articles"])
    assert len(articles) == FLOORS["articles"]
    scores = evaluate(articles)
    failures = [
        f"{gold_set} {metric}: {scores[gold_set][metric]:.3f} < floor {floor}"
        for gold_set, metrics in FLOORS["floors"].items()
        for metric, floor in metrics.items()
        if scores[gold_set][metric] < floor
    ]
    assert not failures, "; ".join(failures)
