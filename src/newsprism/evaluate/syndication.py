"""Evaluate wire-copy detection and claim alignment on the seeds and the demo corpus.

    python -m newsprism.evaluate.syndication

prints, for the five seed articles, the syndicated pairs and source groups found, how many
claims all five articles share, and, when demo/expectations.json lists wire pairs, the
precision and recall of the pairs found on the demo stories.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
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
    """Demo stories (one folder each) as articles, read from .json/.jsonl/.txt files."""
    stories: dict[str, list[Article]] = {}
    for folder in sorted(p for p in demo_dir.iterdir() if p.is_dir()):
        articles = list(_read_folder(folder))
        if articles:
            stories[folder.name] = articles
    return stories


def _read_folder(folder: Path) -> Iterable[Article]:
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            records = data if isinstance(data, list) else [data]
        elif path.suffix == ".jsonl":
            records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        elif path.suffix in (".txt", ".md"):
            records = [{"id": path.stem, "text": path.read_text(encoding="utf-8")}]
        else:
            continue
        for k, rec in enumerate(records):
            if not isinstance(rec, dict) or not rec.get("text"):
                continue
            article_id = str(rec.get("id") or (path.stem if len(records) == 1 else f"{path.stem}-{k}"))
            art = _clean(rec["text"], article_id, path.name)
            from dataclasses import replace

            yield replace(art, outlet=rec.get("outlet") or art.outlet, published=rec.get("published") or art.published)


def main() -> None:
    from newsprism.compare.syndication import find_syndication

    seeds = SHARED / "seeds"
    if seeds.exists():
        articles = load_seed_articles(seeds)
        pairs, groups = find_syndication(articles)
        print("seeds: syndicated pairs")
        for pair in pairs:
            print(f"  {pair.articles[0]} ~ {pair.articles[1]}  score {pair.score:.3f}  {'; '.join(pair.evidence)}")
        print(f"seeds: source groups {groups}")
        _seed_claims(articles, groups)
    else:
        print("seeds absent: skipped")
    expectations = ROOT / "demo" / "expectations.json"
    if expectations.exists():
        _demo_pairs(json.loads(expectations.read_text(encoding="utf-8")))


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
    wanted = {frozenset(p) for p in _wire_pairs(expected)}
    found: set[frozenset[str]] = set()
    for articles in stories.values():
        _, groups = find_syndication(articles)
        for group in groups:
            found |= {frozenset((a, b)) for a in group for b in group if a < b}
    hits = len(wanted & found)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(wanted) if wanted else 1.0
    print(f"demo: {len(wanted)} expected wire pairs, {len(found)} same-origin pairs found, "
          f"precision {precision:.2f}, recall {recall:.2f}")


def _wire_pairs(expected: object) -> list[tuple[str, str]]:
    """Every two-id list under a key that mentions wire/syndication, anywhere in the file."""
    pairs: list[tuple[str, str]] = []

    def walk(node: object, wire: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, wire or any(w in str(key).lower() for w in ("wire", "syndicat", "copy")))
        elif isinstance(node, list):
            if wire and len(node) == 2 and all(isinstance(x, str) for x in node):
                pairs.append((node[0], node[1]))
            else:
                for item in node:
                    walk(item, wire)

    walk(expected, False)
    return pairs


if __name__ == "__main__":
    main()
