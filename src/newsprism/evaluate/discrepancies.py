"""Evaluate date resolution, publication-date inference and discrepancies.

Data: the five seeds (``../shared/seeds``, expectations hand-written in
``tests/data/discrepancies/seeds.json``) and the fictional demo corpus (``demo/corpus``,
expectations in ``demo/expectations.json``: its ``timeline`` and ``discrepancies``).

Each story runs through the real stages (cleaning, parsing, syndication, claims, entities,
quotes, timeline, discrepancies). Scores:

- date accuracy: an expected (article, expression, date) is right when every temporal
  expression the article holds that contains the expression resolves to that date
  (``null``: none may resolve); an expression never found counts as wrong;
- publication inference: inferred dates equal to the true ones;
- discrepancies: a found discrepancy is correct when an expected one has the same kind and
  at least two of its articles (all of them when it lists fewer); precision over found,
  recall over expected. Several found discrepancies matching one expected count as
  correct for precision and are reported as duplicates.

Run: ``python -m newsprism.evaluate.discrepancies`` (add ``--verbose`` to list misses).

``--ecbplus dev|held-out [--kind number]`` instead prints every discrepancy found in the ECB+
stories of odd (dev) or even (held-out) topics, each story a topic's ``ecb`` or ``ecbplus``
half and each document its own outlet, with the sentences each side wrote: ECB+ labels no
discrepancies, so these are for reading and judging by hand (docs/QUALITY.md).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.records import Article, Discrepancy, TimelineEntry

ROOT = Path(__file__).resolve().parents[3]
SEED_EXPECTATIONS = ROOT / "tests" / "data" / "discrepancies" / "seeds.json"
DEMO = ROOT / "demo"
SHARED = ROOT.parent / "shared"


@dataclass
class StoryRun:
    """One story through the pipeline: articles (dates inferred), timeline, discrepancies."""

    articles: list[Article]
    timeline: list[TimelineEntry]
    discrepancies: list[Discrepancy]
    notes: list[str]


@dataclass
class Scores:
    dates_right: int = 0
    dates_total: int = 0
    inferred_right: int = 0
    inferred_total: int = 0
    found: int = 0
    found_correct: int = 0
    expected: int = 0
    expected_found: int = 0
    duplicates: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def date_accuracy(self) -> float:
        return self.dates_right / self.dates_total if self.dates_total else 0.0

    @property
    def precision(self) -> float:
        return self.found_correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.expected_found / self.expected if self.expected else 1.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "date_accuracy": round(self.date_accuracy, 3),
            "dates": self.dates_total,
            "inferred_right": self.inferred_right,
            "inferred_total": self.inferred_total,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "found": self.found,
            "expected": self.expected,
            "duplicates": self.duplicates,
        }


def run_story(articles: Sequence[Article]) -> StoryRun:
    """The story analysis the pipeline runs (``analyze_story``), as the evaluation needs it."""
    from newsprism.analyze import analyze_story
    from newsprism.records import Story

    story = Story(id="evaluation", title="", article_ids=tuple(a.id for a in articles))
    analysis = analyze_story(story, articles)
    analysed = [a for a in analysis.articles if (a.language or "en") == "en"]
    return StoryRun(analysed, list(analysis.timeline), list(analysis.discrepancies), list(analysis.notes))


def score_dates(
    run: StoryRun, expected: Sequence[dict], scores: Scores, *, article_of: dict[str, str]
) -> None:
    """Resolve every expected expression in its article (see the module docstring)."""
    from newsprism.language.dates import find_temporal_expressions, resolve_at
    from newsprism.language.parse import parse_articles

    by_id = {a.id: a for a in run.articles}
    wanted = [article_of.get(item["article"], item["article"]) for item in expected]
    docs = parse_articles([by_id[i] for i in dict.fromkeys(wanted) if i in by_id])
    for item, article_id in zip(expected, wanted, strict=True):
        scores.dates_total += 1
        article = by_id.get(article_id)
        if article is None:
            scores.misses.append(f"date: article {item['article']} not loaded")
            continue
        needle = _key(item["expression"])
        spans = [
            (start, end, text) for start, end, text in find_temporal_expressions(docs[article_id])
            if _key(text) == needle
        ]
        # Words spaCy did not mark at all still get resolved where they stand.
        if not spans:
            bare = _bare(item["expression"])
            at = article.text.lower().find(bare.lower())
            spans = [(at, at + len(bare), bare)] if at >= 0 else []
        got = {
            (r.date if r else None)
            for start, end, _ in spans
            for r in [resolve_at(article.text, start, end, published=article.published)]
        }
        if spans and got == {item["date"]}:
            scores.dates_right += 1
        else:
            scores.misses.append(
                f"date: {item['article']} '{item['expression']}' expected {item['date']}, got "
                f"{sorted(got, key=str) if spans else 'no such expression'}"
            )


def score_discrepancies(
    found: Sequence[Discrepancy], expected: Sequence[dict], scores: Scores, *, seed_of: dict[str, str]
) -> None:
    matched: set[int] = set()
    scores.found += len(found)
    scores.expected += len(expected)
    for discrepancy in found:
        articles = {seed_of.get(e.article, e.article) for e in discrepancy.evidence}
        hits = [
            k for k, item in enumerate(expected)
            if item["kind"] == discrepancy.kind
            and len(articles & set(item["articles"])) >= min(2, len(item["articles"]))
        ]
        if not hits:
            scores.misses.append(f"false {discrepancy.kind}: {discrepancy.summary}")
            continue
        scores.found_correct += 1
        fresh = [k for k in hits if k not in matched]
        if fresh:
            matched.add(fresh[0])
        else:
            scores.duplicates += 1
    scores.expected_found += len(matched)
    for k, item in enumerate(expected):
        if k not in matched:
            scores.misses.append(f"missed {item['kind']}: {item['summary']}")


def evaluate_seeds(seeds_dir: Path = SHARED / "seeds", *, dates_only: bool = False) -> Scores:
    """Dates, inferred publication dates and discrepancies on the seeds (one story)."""
    from newsprism.analyze import load_articles

    expectations = json.loads(SEED_EXPECTATIONS.read_text(encoding="utf-8"))
    loaded = load_articles([str(seeds_dir)])
    articles = [a for a in loaded.articles if (a.language or "en") == "en"]
    seed_of = {a.id: Path(a.source).name[:3] for a in articles}
    articles = [_as_story(a, "seeds") for a in articles]
    scores = Scores()
    if dates_only:
        from newsprism.compare.timeline import infer_publication_dates

        analysed, notes = infer_publication_dates(articles)
        run = StoryRun(analysed, [], [], notes)
    else:
        run = run_story(articles)
    for article in run.articles:
        seed = seed_of[article.id]
        if seed in expectations["published_inferred"]:
            scores.inferred_total += 1
            scores.inferred_right += article.published == expectations["published"][seed]
    article_of = {seed: article_id for article_id, seed in seed_of.items()}
    dates = [dict(item, article=item["seed"]) for item in expectations["dates"]]
    score_dates(run, dates, scores, article_of=article_of)
    if not dates_only:
        score_discrepancies(run.discrepancies, expectations["discrepancies"], scores, seed_of=seed_of)
    return scores


def evaluate_demo(demo_dir: Path = DEMO, *, stories: str = "ABC") -> Scores:
    """Dates and discrepancies on the demo corpus, story by story."""
    from newsprism.analyze import load_articles

    expectations = json.loads((demo_dir / "expectations.json").read_text(encoding="utf-8"))
    story_of = {a["id"]: a["story"] for a in expectations["articles"]}
    corpus = demo_dir / "corpus"
    loaded = load_articles([str(corpus)], meta_file=corpus / "meta.csv")
    scores = Scores()
    for story in stories:
        articles = [
            _as_story(a, story) for a in loaded.articles
            if story_of.get(a.id) == story and (a.language or "en") == "en"
        ]
        if not articles:
            continue
        run = run_story(articles)
        ids = {a.id for a in articles}
        dates = [item for item in expectations["timeline"] if item["article"] in ids]
        score_dates(run, dates, scores, article_of={})
        # Wire copies are one source: an expected article stands for its whole group.
        group_of = {
            member: group[0]
            for group in expectations.get("source_groups", {}).get(story, [])
            for member in group
        }
        expected = [
            dict(d, articles=sorted({group_of.get(a, a) for a in d["articles"]}))
            for d in expectations["discrepancies"] if d["story"] == story
        ]
        score_discrepancies(run.discrepancies, expected, scores, seed_of=group_of)
    return scores


def _as_story(article: Article, story: str) -> Article:
    from dataclasses import replace

    return replace(article, story=story)


def _key(expression: str) -> str:
    from newsprism.language.dates import normalise_expression

    return normalise_expression(expression)


def _bare(expression: str) -> str:
    """The expression without a leading preposition ("on Monday" -> "Monday")."""
    words = expression.split()
    while len(words) > 1 and words[0].lower() in {"on", "in", "by", "since", "at"}:
        words = words[1:]
    return " ".join(words)


def print_ecbplus(part: str, kind: str | None = None) -> None:
    """Every discrepancy the story analysis finds in the ECB+ stories of ``part``, for reading."""
    from dataclasses import replace

    from newsprism.evaluate.clustering import ecbplus_stories

    stories = ecbplus_stories()
    number = 0
    for label, documents in stories.items():
        topic = int(label.split("_")[0])
        if (topic % 2 == 0) != (part == "held-out"):
            continue
        run = run_story([replace(article, outlet=f"doc{article.id}") for _, article, _ in documents])
        for found in run.discrepancies:
            if kind and found.kind != kind:
                continue
            print(f"#{number} [{label}] {found.kind}: {found.summary}")
            for side in found.evidence:
                print(f"    {side.article}: {side.text}")
            number += 1


def main(argv: Sequence[str] = ()) -> None:
    argv = list(argv)
    if "--ecbplus" in argv:
        part = argv[argv.index("--ecbplus") + 1] if len(argv) > argv.index("--ecbplus") + 1 else ""
        if part not in ("dev", "held-out"):
            raise SystemExit("--ecbplus takes dev or held-out")
        kind = argv[argv.index("--kind") + 1] if "--kind" in argv and len(argv) > argv.index("--kind") + 1 else None
        print_ecbplus(part, kind)
        return
    verbose = "--verbose" in argv
    for name, evaluate in (("seeds", evaluate_seeds), ("demo", evaluate_demo)):
        scores = evaluate()
        print(name, json.dumps(scores.as_dict()))
        if verbose:
            for miss in scores.misses:
                print("   ", miss)


if __name__ == "__main__":
    main(sys.argv[1:])
