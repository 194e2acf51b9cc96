"""Evaluate wire-copy detection and claim alignment on the seeds and the demo corpus.

    python -m newsprism.evaluate.syndication

prints, for the five seed articles, the syndicated pairs and source groups found, how many
claims all five articles share, and, when demo/expectations.json lists wire pairs, the
precision and recall of the pairs found on the demo stories.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from newsprism.records import Article

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"

_MIN_PARAGRAPH_WORDS = 8  # the minimal cleaner keeps prose paragraphs only
_ENDS_LIKE_PROSE = re.compile(r"[.!?”\"’']\s*$")
_DATE_PREFIX = re.compile(r"^\s*date \d{4}-\d{2}-\d{2}\s+")


def minimal_clean(text: str) -> str:
    """Keep the prose paragraphs of a scraped page: enough for comparison stages.

    Used only when the project's cleaner is not available, so the comparison stages can be
    measured on their own. Paragraphs are lines or blank-line blocks; a paragraph is kept
    when it has at least eight words and ends like a sentence.
    """
    kept = []
    for block in re.split(r"\n\s*\n|\n", text):
        para = _DATE_PREFIX.sub("", block).strip()
        para = re.sub(r"\s+Advertisement$", "", para)
        if len(para.split()) >= _MIN_PARAGRAPH_WORDS and _ENDS_LIKE_PROSE.search(para):
            kept.append(para)
    return "\n\n".join(kept)


def load_seed_articles(seeds_dir: Path) -> list[Article]:
    """The seed files as articles, cleaned by the project's cleaner when it is there."""
    articles = []
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        article_id = path.stem.split("_")[0]
        articles.append(_clean(raw, article_id, str(path.name)))
    return articles


def _clean(raw: str, article_id: str, source: str) -> Article:
    try:
        from dataclasses import replace

        from newsprism.clean import clean_document  # type: ignore[attr-defined]
        from newsprism.records import RawDocument

        cleaned = clean_document(RawDocument(source=source, text=raw, meta={"id": article_id}))
        if isinstance(cleaned, Article) and cleaned.text.strip():
            return replace(cleaned, id=article_id)
    except Exception:  # noqa: BLE001 - the cleaner is optional here; fall back to the minimal one
        pass
    return Article(id=article_id, text=minimal_clean(raw), source=source)


def load_demo_stories(demo_dir: Path) -> dict[str, list[Article]]:
    """The demo corpus read and cleaned by the project's own loader, grouped by story.

    Story labels come from ``demo/expectations.json`` (the corpus's ground truth) when it
    is there, else from each article's ``story``; articles without one are left out, and
    only English articles are kept (the others are not compared).
    """
    from newsprism.analyze import load_articles

    loaded = load_articles([str(demo_dir)])
    labels: dict[str, str] = {}
    expectations = demo_dir.parent / "expectations.json"
    if expectations.exists():
        data = json.loads(expectations.read_text(encoding="utf-8"))
        labels = {a["id"]: a["story"] for a in data.get("articles", []) if a.get("story")}
    stories: dict[str, list[Article]] = {}
    for article in loaded.articles:
        story = labels.get(article.id) or article.story
        if story and (article.language or "en") == "en":
            stories.setdefault(story, []).append(article)
    return stories


def main() -> None:
    from newsprism.compare.syndication import find_syndication

    seeds = SHARED / "seeds"
    if seeds.exists():
        articles = load_seed_articles(seeds)
        pairs, groups = find_syndication(articles)
        print("seeds: syndicated pairs")
        for pair in pairs:
            print(
                f"  {pair.articles[0]} ~ {pair.articles[1]}  score {pair.score:.3f}  {'; '.join(pair.evidence)}"
            )
        print(f"seeds: source groups {groups}")
        _seed_claims(articles, groups)
    else:
        print("seeds absent: skipped")
    expectations = ROOT / "demo" / "expectations.json"
    if expectations.exists():
        expected = json.loads(expectations.read_text(encoding="utf-8"))
        _demo_pairs(expected)
        _demo_coverage(expected)


def _seed_claims(articles: list[Article], groups: list[tuple[str, ...]]) -> None:
    from newsprism.compare.claims import align_claims
    from newsprism.language.parse import parse_articles

    claims = align_claims(articles, parse_articles(articles), groups)
    everyone = [c for c in claims if len(c.articles) == len(articles)]
    print(f"seeds: {len(claims)} claims, {len(everyone)} stated by all {len(articles)} articles")
    for claim in claims[:12]:
        print(f"  {claim.id} sources={claim.independent_sources} articles={','.join(claim.articles)}")


def _demo_pairs(expected: dict) -> None:
    from newsprism.compare.syndication import find_syndication

    stories = load_demo_stories(ROOT / "demo" / "corpus")
    wanted = {
        frozenset((a, b))
        for groups in expected.get("source_groups", {}).values()
        for group in groups
        for a in group
        for b in group
        if a < b
    }
    found: set[frozenset[str]] = set()
    for articles in stories.values():
        _, groups = find_syndication(articles)
        for group in groups:
            found |= {frozenset((a, b)) for a in group for b in group if a < b}
    hits = len(wanted & found)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(wanted) if wanted else 1.0
    print(
        f"demo: {len(wanted)} expected same-origin pairs, {len(found)} found, "
        f"precision {precision:.2f}, recall {recall:.2f}"
    )


def _demo_coverage(expected: dict) -> None:
    """Match each hand-written exclusive fact and omission to the closest claim and check it."""
    from newsprism.compare.claims import align_claims
    from newsprism.compare.coverage import build_coverage
    from newsprism.compare.syndication import find_syndication
    from newsprism.language.models import embed
    from newsprism.language.parse import parse_articles

    stories = load_demo_stories(ROOT / "demo" / "corpus")
    story_of = {a.id: story for story, arts in stories.items() for a in arts}
    analysed = {}
    for story, articles in stories.items():
        pairs, groups = find_syndication(articles)
        docs = parse_articles(articles)
        claims = align_claims(articles, docs, groups)
        coverage = build_coverage(claims, articles, source_groups=groups, docs=docs, syndication=pairs)
        analysed[story] = (articles, claims, coverage)

    def closest(story: str, text: str, article: str | None = None):
        _, claims, _ = analysed[story]
        pool = [c for c in claims if article is None or article in c.articles]
        if not pool:
            return None
        sims = embed([m.text for c in pool for m in c.mentions]) @ embed([text])[0]
        owners = [c for c in pool for _ in c.mentions]
        return owners[int(sims.argmax())]

    hits = 0
    facts = expected.get("exclusive_facts", [])
    for fact in facts:
        story = story_of.get(fact["article"])
        claim = closest(story, fact["claim"], fact["article"]) if story else None
        articles, _, coverage = analysed[story] if story else (None, None, None)
        outlet = next((a.outlet or a.id for a in articles or [] if a.id == fact["article"]), None)
        if claim and coverage and claim.id in coverage.exclusive.get(outlet, ()):
            hits += 1
        else:
            where = (
                f"closest claim {claim.id} reported by {', '.join(claim.articles)}" if claim else "no claim"
            )
            print(f"  missed exclusive fact of {fact['article']}: {where}")
    print(f"demo: {hits}/{len(facts)} hand-listed exclusive facts found exclusive to their outlet")
    hits = 0
    omissions = expected.get("omissions", [])
    for omission in omissions:
        story = omission.get("story")
        if story not in analysed:
            continue
        claim = closest(story, omission["claim"])
        _, _, coverage = analysed[story]
        how = _omission_found(omission, claim.id if claim else None, coverage)
        if how:
            hits += 1
        print(f"  omission by {', '.join(omission.get('omitted_by', []))}: {how or 'missed'}")
    print(
        f"demo: {hits}/{len(omissions)} hand-listed omissions reported (omitted claim, cut from copy or missing term)"
    )
    listed = {
        story: sum(len(terms) for terms in coverage.missing_terms.values())
        for story, (_, _, coverage) in analysed.items()
    }
    print(f"demo: missing terms listed per story {listed} (judge their precision by hand)")


def _omission_found(omission: dict, claim_id: str | None, coverage) -> str:
    """How coverage reports a hand-listed omission: a claim omitted by every outlet named,
    a claim cut from each named article's wire copy, or a missing term the fact states."""
    outlets = omission.get("omitted_by", [])
    if claim_id and all(claim_id in coverage.omitted.get(o, ()) for o in outlets):
        return f"claim {claim_id} omitted"
    cut_from = omission.get("omitted_by_articles", [])
    if claim_id and cut_from and all(claim_id in coverage.cut_from_copy.get(a, ()) for a in cut_from):
        return f"claim {claim_id} cut from the copy"
    words = {w.lower().strip(".,'") for w in omission["claim"].split()}
    terms = [
        [t for t in coverage.missing_terms.get(o, ()) if set(t.lower().split()) <= words] for o in outlets
    ]
    if outlets and all(terms):
        return f"missing term {terms[0][0]!r}"
    return ""


if __name__ == "__main__":
    main()
