"""Story clustering throughput and peak memory at 1k, 10k and 100k articles.

    .venv/bin/python bench/bench_clustering.py [--sizes 1000 10000 100000]

Articles: the AllSides sample (../shared/corpora/allsides-sample, 4,000 real articles with
dates) plus the demo corpus, repeated with their dates shifted by 45 days per copy so the
larger sets span months to years (each copy lands outside the previous copy's time
window, as a later news cycle would). Embeddings are computed once per distinct text
(the embedding rate is measured separately and reported) and then served from a cache:
this measures the clusterer, not MiniLM. Each size runs in its own process so that peak
RSS is its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsprism.archive import CHECKPOINT_EVERY  # noqa: E402
from newsprism.records import Article  # noqa: E402
from newsprism.stories import StoryClusterer  # noqa: E402
from newsprism.stories.features import embed_text  # noqa: E402

ALLSIDES = ROOT.parent / "shared" / "corpora" / "allsides-sample" / "jsons"
SHIFT_DAYS = 45
# Distinct articles embedded (the rest are dated copies); keeps the one-off embedding
# pass short on a busy 2-core machine.
BASE_SIZE = 1000
CACHE = Path(tempfile.gettempdir()) / "newsprism-bench-clustering-vectors.npz"


def base_articles() -> list[Article]:
    articles = []
    for path in sorted(ALLSIDES.glob("*.json")):
        record = json.loads(path.read_text())
        if not record.get("content") or not record.get("date"):
            continue
        articles.append(Article(id=record["ID"], title=record.get("title"), text=record["content"],
                                outlet=record.get("source"), published=record["date"][:10]))
    demo = ROOT / "demo" / "corpus"
    for path in sorted(demo.glob("story-*/*.txt")):
        articles.append(Article(id=path.stem, text=path.read_text(encoding="utf-8"), published="2026-03-03"))
    articles.sort(key=lambda a: (a.published or "", a.id))
    return [replace(a, published=_iso(a.published)) for a in articles[:BASE_SIZE]]


def _iso(date: str | None) -> str:
    """AllSides dates come as ISO or US short dates; anything else gets a fixed day."""
    for form in ("%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(date or "", form).date().isoformat()
        except ValueError:
            continue
    return "2018-01-01"


def synthesise(base: list[Article], size: int) -> list[Article]:
    out = []
    copy = 0
    while len(out) < size:
        for article in base:
            if len(out) == size:
                break
            day = dt.date.fromisoformat(article.published) + dt.timedelta(days=SHIFT_DAYS * copy)
            out.append(replace(article, id=f"{article.id}~{copy}", published=day.isoformat()))
        copy += 1
    out.sort(key=lambda a: (a.published or "", a.id))
    return out


def child(size: int, cache_file: str) -> None:
    vectors = np.load(cache_file, allow_pickle=False)["vectors"]
    texts = json.loads(Path(cache_file + ".texts.json").read_text())
    index = {t: i for i, t in enumerate(texts)}

    def cached(batch):
        return np.stack([vectors[index[t]] for t in batch])

    articles = synthesise(base_articles(), size)
    clusterer = StoryClusterer(embedder=cached)
    # count the article-vs-story and story-vs-story scorings: the work a tenth does, so
    # that its cost can be read per scoring as well as per article
    scorings = [0]
    score = clusterer._features

    def counted(*args):
        scorings[0] += 1
        return score(*args)

    clusterer._features = counted
    segment = max(1, size // 10)
    times = []
    work = []
    reviewing = 0.0
    merged = 0
    start = time.perf_counter()
    for i in range(0, size, segment):
        t0 = time.perf_counter()
        # as `newsprism ingest` does: review the stories touched at each checkpoint
        for j in range(i, min(i + segment, size), CHECKPOINT_EVERY):
            touched = set(clusterer.add_many(articles[j : min(j + CHECKPOINT_EVERY, i + segment, size)]))
            r0 = time.perf_counter()
            merged += len(clusterer.review(touched))
            reviewing += time.perf_counter() - r0
        n = len(articles[i : i + segment])
        times.append((time.perf_counter() - t0) / n * 1000)
        work.append(scorings[0] / n)
        scorings[0] = 0
    total = time.perf_counter() - start
    blob = clusterer.to_state()
    print(json.dumps({
        "size": size,
        "seconds": round(total, 1),
        "articles_per_s": round(size / total, 1),
        "ms_per_article_first_tenth": round(times[0], 2),
        "ms_per_article_last_tenth": round(times[-1], 2),
        "review_ms_per_article": round(reviewing / size * 1000, 2),
        "ms_per_article_by_tenth": [round(t, 1) for t in times],
        "scorings_per_article_by_tenth": [round(w, 1) for w in work],
        "us_per_scoring_by_tenth": [round(1000 * t / w, 1) if w else None for t, w in zip(times, work, strict=True)],
        "merged_by_review": merged,
        "stories": len(clusterer.stories()),
        "peak_rss_mb": _peak_rss_mb(),
        "state_mb": round(len(blob) / 1e6, 2),
    }))


def _peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: on Linux ru_maxrss
    survives exec and would report the parent's (model-loaded) peak."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 0)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--child", type=int)
    parser.add_argument("--cache")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.cache)
        return
    if not ALLSIDES.exists():
        raise SystemExit(f"needs {ALLSIDES} (the shared corpora)")
    from newsprism.language.models import embed

    base = base_articles()
    texts = sorted({embed_text(a) for a in base})
    embed(texts[:8])  # load the model outside the timing
    t0 = time.perf_counter()
    embed(texts[:256])
    rate = 256 / (time.perf_counter() - t0)
    print(f"{len(base)} distinct articles; embedding (MiniLM, title + lead): {rate:.0f} texts/s")
    cached_texts = Path(str(CACHE) + ".texts.json")
    if not CACHE.exists() or json.loads(cached_texts.read_text()) != texts:
        np.savez(CACHE, vectors=embed(texts))
        cached_texts.write_text(json.dumps(texts))
    for size in args.sizes:
        result = subprocess.run([sys.executable, __file__, "--child", str(size), "--cache", str(CACHE)],
                                capture_output=True, text=True)
        if result.returncode:
            raise SystemExit(result.stderr)
        row = json.loads(result.stdout.strip().splitlines()[-1])
        row["with_embedding_articles_per_s"] = round(1 / (1 / row["articles_per_s"] + 1 / rate), 1)
        print(json.dumps(row))


if __name__ == "__main__":
    main()
