"""Quality gate: date resolution, inferred publication dates and discrepancies.

Seeds (hand-written expectations in tests/data/discrepancies/seeds.json) and story A of
the demo corpus (demo/expectations.json); about 50 s on two cores. Full figures, stories
B and C included: ``python -m newsprism.evaluate.discrepancies`` (docs/QUALITY.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FLOORS = json.loads((Path(__file__).parent / "floors" / "discrepancies.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_gate_discrepancies_seeds(seeds_dir: Path) -> None:
    from newsprism.evaluate.discrepancies import evaluate_seeds

    scores = evaluate_seeds(seeds_dir)
    report = (scores.as_dict(), scores.misses)
    assert scores.date_accuracy >= FLOORS["seeds_date_accuracy"], report
    assert scores.inferred_right >= FLOORS["seeds_inferred_right"], report
    assert scores.precision >= FLOORS["seeds_precision"], report
    assert scores.recall >= FLOORS["seeds_recall"], report


@pytest.mark.slow
def test_gate_discrepancies_demo_story_a(demo_corpus: Path) -> None:
    from newsprism.evaluate.discrepancies import evaluate_demo

    if not (demo_corpus.parent / "expectations.json").exists():
        pytest.skip("demo/expectations.json is absent")
    scores = evaluate_demo(demo_corpus.parent, stories="A")
    report = (scores.as_dict(), scores.misses)
    assert scores.date_accuracy >= FLOORS["demo_a_date_accuracy"], report
    assert scores.precision >= FLOORS["demo_a_precision"], report
    assert scores.recall >= FLOORS["demo_a_recall"], report
