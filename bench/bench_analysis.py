"""Story analysis time as a story grows: wire copy, parse, claims (embedding vs alignment), summary.

    .venv/bin/python bench/bench_analysis.py [--sizes 5 20 100 300] [--topic elections]
    .venv/bin/python bench/bench_analysis.py --whole INPUT [--one-story]   # whole analyze_articles
    .venv/bin/python bench/bench_analysis.py --whole-story N              # the same, a synthesised story of N

Stories are synthesised from the AllSides sample (../shared/corpora/allsides-sample): the
articles of one topic, in file order, body = ``content_original`` lightly cleaned (prose
paragraphs only). Every fifth article is followed by a lightly edited reprint of itself
under another outlet, so the wire-copy stage has copies to find. Times are wall-clock
seconds on one process; the models are loaded (and warmed up) before timing.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLSIDES = ROOT.parent / "shared" / "corpora" / "allsides-sample" / "jsons"


def story_articles(topic: str, size: int) -> list:
    from newsprism.evaluate.syndication import minimal_clean
    from newsprism.records import Article

    articles = []
    for path in sorted(ALLSIDES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("topic") != topic:
            continue
        text = minimal_clean(data.get("content_original") or "")
        if len(text.split()) < 80:
            continue
        articles.append(Article(id=data["ID"], text=text, outlet=data.get("source"), published=data.get("date")))
        if len(articles) % 5 == 0 and len(articles) < size:
            reprint = text.replace(" said ", " said on Tuesday ", 2)
            articles.append(Article(id=data["ID"] + "-reprint", text=reprint, outlet="Reprint Daily"))
        if len(articles) >= size:
            break
    return articles[:size]


def run(articles: list) -> dict[str, float]:
    import newsprism.compare.claims as claims_module
    from newsprism.compare.claims import align_claims
    from newsprism.compare.coverage import build_coverage
    from newsprism.compare.syndication import find_syndication
    from newsprism.language.models import embed
    from newsprism.language.parse import parse_articles
    from newsprism.summarize import summarize

    times: dict[str, float] = {}
    started = time.perf_counter()
    docs = parse_articles(articles)
    times["parse"] = time.perf_counter() - started

    started = time.perf_counter()
    _, groups = find_syndication(articles)
    times["syndication"] = time.perf_counter() - started

    embedding = 0.0

    def timed_embed(texts):
        nonlocal embedding
        t = time.perf_counter()
        out = embed(texts)
        embedding += time.perf_counter() - t
        return out

    claims_module.embed = timed_embed
    try:
        started = time.perf_counter()
        claims = align_claims(articles, docs, groups)
        total = time.perf_counter() - started
    finally:
        claims_module.embed = embed
    times["embedding"] = embedding
    times["alignment"] = total - embedding

    started = time.perf_counter()
    build_coverage(claims, articles, source_groups=groups, docs=docs)  # as analyze passes them: no second parse
    summarize(articles, claims, groups)
    times["coverage+summary"] = time.perf_counter() - started
    times["claims"] = len(claims)
    times["units"] = sum(len(c.mentions) for c in claims)
    return times


def whole(source: str, *, one_story: bool) -> None:
    """Wall-clock seconds of ``analyze_articles`` on what ``load_articles`` reads from ``source``."""
    from newsprism.analyze import analyze_articles, load_articles
    from newsprism.language.models import embed, spacy_pipeline

    spacy_pipeline()
    embed(["warm up"])
    loaded = load_articles([source])
    start = time.perf_counter()
    report = analyze_articles(loaded.articles, one_story=one_story)
    print(f"{len(loaded.articles)} articles, {len(report.stories)} stories: {time.perf_counter() - start:.2f} s")


def whole_story(topic: str, size: int) -> None:
    """Wall-clock seconds of ``analyze_articles`` on the synthesised story of ``size`` articles."""
    from newsprism.analyze import analyze_articles
    from newsprism.language.models import embed, spacy_pipeline

    spacy_pipeline()
    embed(["warm up"])
    articles = story_articles(topic, size)
    start = time.perf_counter()
    analyze_articles(articles, one_story=True)
    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(articles)} articles ({words} words) as one story: {time.perf_counter() - start:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description="story analysis time by story size")
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 20, 100, 300])
    parser.add_argument("--topic", default="elections")
    parser.add_argument("--whole", metavar="INPUT", help="time the whole analysis of INPUT (e.g. demo/corpus) instead")
    parser.add_argument("--one-story", action="store_true", help="with --whole: INPUT is one story")
    parser.add_argument("--whole-story", type=int, metavar="N",
                        help="time the whole analysis of the synthesised story of N articles instead")
    args = parser.parse_args()
    if args.whole_story:
        if not ALLSIDES.exists():
            raise SystemExit("needs ../shared/corpora/allsides-sample")
        whole_story(args.topic, args.whole_story)
        return
    if args.whole:
        whole(args.whole, one_story=args.one_story)
        return
    if not ALLSIDES.exists():
        raise SystemExit("needs ../shared/corpora/allsides-sample")
    from newsprism.language.models import embed, spacy_pipeline

    spacy_pipeline()
    embed(["warm up"])
    print(f"topic {args.topic}; seconds (wall clock)")
    print("articles  units  parse  syndication  embedding  alignment  coverage+summary  total-excl-parse")
    for size in args.sizes:
        articles = story_articles(args.topic, size)
        t = run(articles)
        rest = t["syndication"] + t["embedding"] + t["alignment"] + t["coverage+summary"]
        print(
            f"{len(articles):8d}  {int(t['units']):5d}  {t['parse']:5.1f}  {t['syndication']:11.2f}  "
            f"{t['embedding']:9.2f}  {t['alignment']:9.2f}  {t['coverage+summary']:16.2f}  {rest:16.2f}"
        )


if __name__ == "__main__":
    main()
