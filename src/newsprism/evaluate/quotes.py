"""Quote extraction and speaker attribution scored on PolNeAR (train compartment).

PolNeAR (``../shared/corpora/polnear-train``) annotates every attribution in 919 US
political news articles as brat standoff spans: Source, Cue and Content. Each article is
read as an ``Article`` (its text file), parsed with the project's spaCy pipeline, and
``extract_quotes_from_article`` is compared with the annotation of the article's first
annotator (alphabetically) when several annotated it.

Two gold sets:

- **direct**: attributions whose Content holds a quotation mark (double marks, or single
  ‘ ’ marks used as the outer quotes); the gold span is the quoted part of the Content, from
  its first quotation mark to its last, marks excluded (so "the candidate has “always run a
  lean campaign”" counts as the quoted words).
- **all**: every attribution's whole Content, paraphrases and indirect speech included.
  newsprism extracts direct quotes only, so recall here says how much of all attribution
  a reader sees as quotes, not a defect.

Scores at token-overlap thresholds 0.3 and 0.8 (word tokens, ``\\w+``):

- precision: share of predicted quotes with at least that share of their tokens inside
  one gold Content;
- recall: share of gold Contents with at least that share of their tokens covered by
  predicted quotes (a Content split around "he said" may be covered by two quotes);
- speaker accuracy: among gold quotes found at 0.3 that have a Source span, the share
  whose best-overlapping predicted quote has speaker words overlapping the Source span.

Development / held-out split: the articles are numbered in file-name order; those whose
number is a multiple of 5 (``--part held-out``, 168 articles) were never looked at while
developing the speaker rules, the others (``--part dev``, 672) were.

Run: ``python -m newsprism.evaluate.quotes [--limit N] [--part all|dev|held-out] [--verbose]``.

``--demo`` instead scores the demo corpus's hand-listed quotes (``demo/expectations.json``)
across outlets: an expected quote is right when one quote record holds every English
rendering of it and names the expected speaker.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.records import Article, QuoteMention

THRESHOLDS = (0.3, 0.8)
QUOTE_MARKS = "“”\"„«»"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class GoldAttribution:
    content: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...]
    quoted: tuple[int, int] | None  # quoted part of the content, marks excluded
    # The words inside quotation marks within the content's segments (Source and Cue words
    # between two quoted pieces, and unquoted paraphrase between them, excluded).
    quoted_segments: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class GoldArticle:
    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]


@dataclass
class Scores:
    """Counts for one gold set; ``report`` gives the rates."""

    predicted: int = 0
    gold: int = 0
    precise: dict[float, int] = field(default_factory=lambda: dict.fromkeys(THRESHOLDS, 0))
    recalled: dict[float, int] = field(default_factory=lambda: dict.fromkeys(THRESHOLDS, 0))
    with_source: int = 0
    speaker_right: int = 0

    def report(self) -> dict[str, float]:
        out: dict[str, float] = {"predicted": self.predicted, "gold": self.gold}
        for t in THRESHOLDS:
            p = self.precise[t] / self.predicted if self.predicted else 0.0
            r = self.recalled[t] / self.gold if self.gold else 0.0
            out[f"precision@{t}"] = p
            out[f"recall@{t}"] = r
            out[f"f1@{t}"] = 2 * p * r / (p + r) if p + r else 0.0
        out["speaker_accuracy"] = self.speaker_right / self.with_source if self.with_source else 0.0
        out["speaker_evaluated"] = self.with_source
        return out


def default_root() -> Path:
    """``../shared/corpora/polnear-train`` beside the repository."""
    return Path(__file__).resolve().parents[3].parent / "shared" / "corpora" / "polnear-train"


def load_polnear(root: Path, *, limit: int | None = None) -> list[GoldArticle]:
    """Articles of the train compartment with their annotations, sorted by file name."""
    text_dir = root / "data" / "train" / "text"
    ann_dir = root / "data" / "train" / "attributions"
    if not text_dir.is_dir():
        raise FileNotFoundError(f"PolNeAR text folder not found: {text_dir}")
    annotations: dict[str, Path] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        stem = path.stem.rsplit("_", 1)[0]
        annotations.setdefault(stem, path)
    articles = []
    for path in sorted(text_dir.glob("*.txt")):
        ann = annotations.get(path.stem)
        if ann is None:
            continue
        text = path.read_text(encoding="utf-8")
        articles.append(GoldArticle(path.stem, text, tuple(_parse_ann(ann.read_text(encoding="utf-8"), text))))
        if limit is not None and len(articles) >= limit:
            break
    return articles


def _parse_ann(ann: str, text: str) -> Iterator[GoldAttribution]:
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    relations = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, offsets = parts[1].partition(" ")
            segments = tuple(tuple(int(x) for x in seg.split()) for seg in offsets.split(";"))
            spans[parts[0]] = (kind, segments)  # type: ignore[assignment]
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    for relation in relations:
        content = spans.get(relation.get("Content", ""), ("", ()))[1]
        if not content:
            continue
        source = spans.get(relation.get("Source", ""), ("", ()))[1]
        quoted = _quoted_part(content, text)
        yield GoldAttribution(content, source, quoted, _inside_marks(quoted, content, text) if quoted else ())


def _quoted_part(content: tuple[tuple[int, int], ...], text: str) -> tuple[int, int] | None:
    start, end = content[0][0], content[-1][1]
    piece = text[start:end]
    marks = [i for i, ch in enumerate(piece) if ch in QUOTE_MARKS]
    if not marks and "‘" in piece:
        # Single marks as the outer quotes (headline style); a ’ inside a word is an apostrophe.
        first = piece.index("‘")
        closing = [i for i, ch in enumerate(piece) if ch == "’" and i > first and not piece[i + 1 : i + 2].isalnum()]
        marks = [first, closing[-1]] if closing else [first]
    if not marks:
        return None
    first, last = marks[0], marks[-1]
    if first == last:  # one mark: the quote opens or closes outside the content
        return (start + first + 1, end) if piece[first] in "“„«‘\"" else (start, start + first)
    return (start + first + 1, start + last)


def _inside_marks(
    quoted: tuple[int, int], content: tuple[tuple[int, int], ...], text: str
) -> tuple[tuple[int, int], ...]:
    """Pieces of ``quoted`` between an opening and a closing double mark, cut to the content."""
    start, end = quoted
    pieces, inside, piece_start = [], True, start
    for i in range(start, end):
        if text[i] in QUOTE_MARKS:
            if inside:
                pieces.append((piece_start, i))
            else:
                piece_start = i + 1
            inside = not inside
    if inside:
        pieces.append((piece_start, end))
    return tuple(
        (max(s, cs), min(e, ce)) for s, e in pieces for cs, ce in content if max(s, cs) < min(e, ce)
    ) or (quoted,)


def _tokens(text: str, segments: Sequence[tuple[int, int]]) -> set[int]:
    """Start offsets of the word tokens inside the segments."""
    found: set[int] = set()
    for s, e in segments:
        found.update(m.start() for m in _WORD.finditer(text, s, e))
    return found


def split(articles: Sequence[GoldArticle], part: str) -> list[GoldArticle]:
    """``dev`` (number % 5 != 0), ``held-out`` (number % 5 == 0) or ``all`` of the articles."""
    if part == "all":
        return list(articles)
    if part not in ("dev", "held-out"):
        raise ValueError(f"unknown part {part!r}: all, dev or held-out")
    return [a for i, a in enumerate(articles) if (i % 5 == 0) == (part == "held-out")]


def score_article(
    gold: GoldArticle,
    predicted: Sequence[QuoteMention],
    direct: Scores,
    everything: Scores,
    errors: list[str] | None = None,
) -> None:
    """Add one article's counts to the two score sets; speaker errors (direct set) go to ``errors``."""
    text = gold.text
    pred_tokens = [_tokens(text, [(m.start, m.end)]) for m in predicted]
    sets = (
        (direct, [(a, a.quoted_segments) for a in gold.attributions if a.quoted]),
        (everything, [(a, a.content) for a in gold.attributions]),
    )
    for scores, golds in sets:
        gold_tokens = [_tokens(text, segs) for _, segs in golds]
        scores.predicted += sum(1 for p in pred_tokens if p)
        scores.gold += sum(1 for g in gold_tokens if g)
        for p in pred_tokens:
            if not p:
                continue
            best = max((len(p & g) / len(p) for g in gold_tokens), default=0.0)
            for t in THRESHOLDS:
                scores.precise[t] += best >= t
        for (attribution, _), g in zip(golds, gold_tokens, strict=True):
            if not g:
                continue
            covered = set().union(*(p & g for p in pred_tokens)) if pred_tokens else set()
            share = len(covered) / len(g)
            for t in THRESHOLDS:
                scores.recalled[t] += share >= t
            if share >= THRESHOLDS[0] and attribution.source:
                scores.with_source += 1
                best_index = max(range(len(predicted)), key=lambda i: len(pred_tokens[i] & g))
                mention = predicted[best_index]
                if mention.speaker_start is not None and mention.speaker_end is not None:
                    hit = any(
                        mention.speaker_start < e and s < mention.speaker_end for s, e in attribution.source
                    )
                    scores.speaker_right += hit
                else:
                    hit = False
                if errors is not None and scores is direct and not hit:
                    errors.append(_speaker_error(gold, attribution, mention))


def _speaker_error(gold: GoldArticle, attribution: GoldAttribution, mention: QuoteMention) -> str:
    text = gold.text
    source = " / ".join(text[s:e] for s, e in attribution.source)
    found = mention.speaker_mention if mention.speaker_start is not None else None
    quote = " ".join(text[mention.start : mention.end].split())
    return f"{gold.name} @{mention.start}: gold {source!r} predicted {found!r} cue {mention.cue!r} | {quote[:90]}"


def evaluate(
    articles: Sequence[GoldArticle], *, errors: list[str] | None = None
) -> dict[str, dict[str, float]]:
    """Scores of ``extract_quotes_from_article`` on the given PolNeAR articles.

    When ``errors`` is a list, one line per wrong or missing speaker (direct quotes) is
    appended to it.
    """
    from newsprism.compare.quotes import extract_quotes_from_article
    from newsprism.language.parse import parse_articles

    records = [Article(id=a.name, text=a.text) for a in articles]
    docs = parse_articles(records)
    direct, everything = Scores(), Scores()
    for gold, record in zip(articles, records, strict=True):
        predicted = extract_quotes_from_article(record, docs[record.id])
        score_article(gold, predicted, direct, everything, errors)
    return {"direct": direct.report(), "all": everything.report()}


def demo_quotes(demo_dir: Path | None = None) -> list[tuple[dict, bool]]:
    """Each hand-listed demo quote with whether one record holds all its English renderings
    under the expected speaker (the story's real stages: parse, entities, quotes)."""
    import json

    from newsprism.compare.entities import merge_entities
    from newsprism.compare.quotes import extract_quotes
    from newsprism.evaluate.syndication import ROOT, load_demo_stories
    from newsprism.language.parse import parse_articles

    corpus = demo_dir or ROOT / "demo" / "corpus"
    expected = json.loads((corpus.parent / "expectations.json").read_text(encoding="utf-8"))
    found = []
    for articles in load_demo_stories(corpus).values():
        docs = parse_articles(articles)
        found += extract_quotes(articles, docs, merge_entities(articles, docs))
    english = {a.id for stories in load_demo_stories(corpus).values() for a in stories}
    results = []
    for quote in expected["quotes"]:
        wanted = {(m["article"], m["text"][:25]) for m in quote["mentions"] if m["article"] in english}
        holding = [q for q in found if wanted & {(m.article, m.text[:25]) for m in q.mentions}]
        right = (
            len(holding) == 1
            and wanted <= {(m.article, m.text[:25]) for m in holding[0].mentions}
            and holding[0].speaker == quote["speaker"]
        )
        results.append((quote, right))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N articles (by file name)")
    parser.add_argument("--root", type=Path, default=None, help="PolNeAR folder (default ../shared/corpora/polnear-train)")
    parser.add_argument("--part", default="all", choices=("all", "dev", "held-out"), help="development or held-out articles")
    parser.add_argument("--verbose", action="store_true", help="list speaker errors")
    parser.add_argument("--demo", action="store_true", help="score the demo corpus's hand-listed quotes instead")
    args = parser.parse_args(argv)
    if args.demo:
        results = demo_quotes()
        for quote, right in results:
            print(f"  {'right' if right else 'WRONG'}: {quote['speaker']}: “{quote['mentions'][0]['text']}”")
        print(f"demo: {sum(right for _, right in results)}/{len(results)} hand-listed quotes are one record "
              "with every English rendering and the right speaker")
        return 0
    started = time.perf_counter()
    articles = split(load_polnear(args.root or default_root(), limit=args.limit), args.part)
    errors: list[str] | None = [] if args.verbose else None
    results = evaluate(articles, errors=errors)
    words = sum(len(a.text.split()) for a in articles)
    for line in errors or []:
        print(line)
    print(f"PolNeAR train ({args.part}): {len(articles)} articles, {words} words, {time.perf_counter() - started:.1f} s")
    for name, scores in results.items():
        label = "direct quotes only" if name == "direct" else "all attributions"
        print(f"\n{label}: {int(scores['gold'])} gold, {int(scores['predicted'])} predicted")
        for t in THRESHOLDS:
            print(
                f"  overlap {t}: precision {scores[f'precision@{t}']:.3f}  "
                f"recall {scores[f'recall@{t}']:.3f}  F1 {scores[f'f1@{t}']:.3f}"
            )
        print(f"  speaker accuracy {scores['speaker_accuracy']:.3f} on {int(scores['speaker_evaluated'])} matched quotes with a source")
    return 0


if __name__ == "__main__":
    sys.exit(main())
