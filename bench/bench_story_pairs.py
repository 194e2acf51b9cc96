"""Re-reading one story: the join model's pair probabilities and a whole ``recluster()``
of a story of 50 to 4,000 members, and of ECB+'s 70 events filed as one story.

    .venv/bin/python bench/bench_story_pairs.py [--sizes 50 100 200 400 800 1600 3200 4000]

What an ingest checkpoint or ``newsprism review`` pays to read a story again and split it
if it holds two events. Members: distinct real articles of the AllSides sample
(../shared/corpora/allsides-sample), all filed as one story (a clusterer that joins at any
probability). The embedder is a hashed bag of words standing in for an archive's stored
vectors (no model runs): this measures the clusterer. The AllSides members are
unrelated reports, so little splits; the last row, all of ECB+ dev (two events per
topic) as one story, includes the splits and the review of the parts. A story of more than
``MAX_SPLIT`` members is split from a sample of that many, so its pairs are not all read
(no pair column). Peak memory is the peak of Python and NumPy allocations during the call
(tracemalloc), in a second run from the same state.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import tracemalloc
import zlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsprism.records import Article  # noqa: E402
from newsprism.stories import ClusterParams, StoryClusterer  # noqa: E402
from newsprism.stories.clusterer import MAX_SPLIT  # noqa: E402

ALLSIDES = ROOT.parent / "shared" / "corpora" / "allsides-sample" / "jsons"
ECBPLUS = ROOT.parent / "shared" / "corpora" / "ecbplus-dev"


def allsides_articles() -> list[Article]:
    """The sample's distinct articles of 80+ words, in file order."""
    articles, seen = [], set()
    for path in sorted(ALLSIDES.glob("*.json")):
        record = json.loads(path.read_text())
        text = record.get("content") or ""
        if len(text.split()) >= 80 and text not in seen:
            seen.add(text)
            # undated: the sample spans years, and one story is the point here
            articles.append(Article(id=record["ID"], title=record.get("title"), text=text))
    return articles


def hashed_embed(texts: Sequence[str]) -> np.ndarray:
    """A stand-in for the stored vectors: hashed bags of words, unit length (similar
    wording, similar vectors), so that reports of one event pair up as with the model."""
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in re.findall(r"[a-z]{4,}", text.lower()):
            out[row, zlib.crc32(word.encode()) % 384] += 1.0
        out[row] /= np.linalg.norm(out[row]) or 1.0
    return out


def _peak(call) -> float:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    call()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def measure(members: list[Article]) -> dict[str, float | None]:
    size = len(members)
    clusterer = StoryClusterer(params=ClusterParams(join_probability=0.0), embedder=hashed_embed)
    clusterer.add_many(members)
    assert len(clusterer.stories()) == 1, "the members should form one story"
    clusterer.params = ClusterParams()
    blob = clusterer.to_state()
    clusterer.pair_probabilities(members[:5])  # imports and warm-up
    pairs = pairs_peak = None
    if size <= MAX_SPLIT:
        start = time.perf_counter()
        clusterer.pair_probabilities(members)
        pairs = time.perf_counter() - start
        pairs_peak = _peak(lambda: clusterer.pair_probabilities(members))
    start = time.perf_counter()
    changes = clusterer.recluster(members)  # the split, then the review of the parts
    whole = time.perf_counter() - start
    again = StoryClusterer.from_state(blob, embedder=hashed_embed)
    whole_peak = _peak(lambda: again.recluster(members))
    return {"size": size, "pairs_s": pairs, "peak_mb": pairs_peak, "recluster_s": whole,
            "recluster_mb": whole_peak, "changes": len(changes),
            "us_per_pair": None if pairs is None else pairs / (size * (size - 1)) * 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400, 800, 1600, 3200, 4000])
    args = parser.parse_args()
    if not ALLSIDES.is_dir():
        sys.exit(f"needs the AllSides sample at {ALLSIDES.relative_to(ROOT.parent)} (see ../shared/corpora)")
    articles = allsides_articles()
    print("| members | pair probabilities | µs per pair (both ways) | peak memory | `recluster()` of the story "
          "| its peak memory | changes |")
    print("|---|---|---|---|---|---|---|")
    rows = [(f"{size:,}", articles[:size]) for size in args.sizes if size <= len(articles)]
    if ECBPLUS.is_dir():
        from newsprism.evaluate.clustering import load_ecbplus

        ecb = [replace(a, published=None) for a, _ in load_ecbplus()]
        rows.append((f"{len(ecb):,}: all of ECB+ topics 1-35 (70 events) as one story", ecb))
    for label, members in rows:
        r = measure(members)
        pairs = ("sampled | - | -" if r["pairs_s"] is None
                 else f"{r['pairs_s']:.3f} s | {r['us_per_pair']:.2f} | {r['peak_mb']:.1f} MB")
        print(f"| {label} | {pairs} | {r['recluster_s']:.3f} s | {r['recluster_mb']:.1f} MB | {r['changes']} |",
              flush=True)

if __name__ == "__main__":
    main()
