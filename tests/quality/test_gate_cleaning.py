"""Quality gate for cleaning: seeds and hand-labelled AllSides articles against pinned floors.

Runs in a few seconds (5 seeds + 158 labelled articles); skips when ../shared is absent."""

from __future__ import annotations

import json
from pathlib import Path

from newsprism.evaluate.cleaning import LABELS, allsides_items, score_lines, score_seeds

FLOORS = json.loads((Path(__file__).parent / "floors" / "cleaning.json").read_text(encoding="utf-8"))


def test_gate_cleaning_seeds(seeds_dir: Path) -> None:
    total = score_seeds(seeds_dir, LABELS / "seed_expectations.json")["total"]
    assert total["boilerplate_left"] <= FLOORS["seeds_boilerplate_left_max"]
    assert total["body_lost"] <= FLOORS["seeds_body_lost_max"]
    assert total["metadata_ok"] >= FLOORS["seeds_metadata_ok_min"]


def test_gate_cleaning_allsides(corpora_dir: Path) -> None:
    jsons = corpora_dir / "allsides-sample" / "jsons"
    for split in ("labelled", "heldout", "heldout_2", "heldout_3", "heldout_4", "heldout_5"):
        key = "labels" if split == "labelled" else split
        scores = score_lines(allsides_items(jsons, LABELS / "allsides_labels.json", split=key))
        result = scores.as_dict()
        assert scores.precision >= FLOORS[f"allsides_{split}_precision_min"], result
        assert scores.recall >= FLOORS[f"allsides_{split}_recall_min"], result
        assert result["after"]["body_removed_pct"] <= FLOORS[f"allsides_{split}_body_removed_pct_max"], result
