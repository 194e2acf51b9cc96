"""Time of the timeline and discrepancy stages on the demo corpus (story A, 7 articles).

Run: ``.venv/bin/python bench/bench_discrepancies.py [--repeat N]``. The other stages
(parse, claims, entities, quotes) run once beforehand and are not timed. Each step
reports CPU seconds of this process (``time.process_time``, fair when other jobs share the
machine) and, in brackets, wall-clock seconds; models are loaded before timing.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from dataclasses import replace
from pathlib import Path

from newsprism.analyze import load_articles
from newsprism.compare.claims import align_claims
from newsprism.compare.discrepancies import find_discrepancies
from newsprism.compare.entities import merge_entities
from newsprism.compare.quotes import extract_quotes
from newsprism.compare.syndication import find_syndication
from newsprism.compare.timeline import build_timeline, infer_publication_dates
from newsprism.language.models import embed, spacy_pipeline
from newsprism.language.parse import parse_articles

DEMO = Path(__file__).resolve().parent.parent / "demo"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    story = {a["id"]: a["story"] for a in json.loads((DEMO / "expectations.json").read_text())["articles"]}
    loaded = load_articles([str(DEMO / "corpus")], meta_file=DEMO / "corpus" / "meta.csv")
    articles = [replace(a, story="A") for a in loaded.articles if story.get(a.id) == "A"]
    words = sum(len(a.text.split()) for a in articles)
    spacy_pipeline()
    embed(["warm up"])
    docs = parse_articles(articles)
    _, groups = find_syndication(articles)
    claims = align_claims(articles, docs, groups)
    entities = merge_entities(articles, docs)
    quotes = extract_quotes(articles, docs, entities)
    timeline = build_timeline(articles, docs)
    steps = {
        "infer_publication_dates": lambda: infer_publication_dates(articles),
        "build_timeline": lambda: build_timeline(articles, docs),
        "find_discrepancies": lambda: find_discrepancies(
            articles, claims=claims, quotes=quotes, entities=entities, timeline=timeline
        ),
    }
    print(f"{len(articles)} articles, {words} words, {args.repeat} runs each")
    for name, step in steps.items():
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(args.repeat):
            step()
        cpu = (time.process_time() - cpu) / args.repeat
        wall = (time.perf_counter() - wall) / args.repeat
        print(f"{name}: {cpu * 1000:.1f} ms CPU ({wall * 1000:.1f} ms wall) per story, "
              f"{words / max(cpu, 1e-6):,.0f} words/CPU s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
