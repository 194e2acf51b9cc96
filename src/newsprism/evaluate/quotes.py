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

Run: ``python -m newsprism.evaluate.quotes [--limit N]``.
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
        yield GoldAttribution(content, source, _quoted_part(content, text))


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


def _tokens(text: str, segments: Sequence[tuple[int, int]]) -> set[int]:
    """Start offsets of the word tokens inside the segments."""
    found: set[int] = set()
    for s, e in segments:
        found.update(m.start() for m in _WORD.finditer(text, s, e))
    return found


def score_article(
    gold: GoldArticle, predicted: Sequence[QuoteMention], direct: Scores, everything: Scores
) -> None:
    """Add one article's counts to the two score sets."""
    text = gold.text
    pred_tokens = [_tokens(text, [(m.start, m.end)]) for m in predicted]
    sets = (
        (direct, [(a, (a.quoted,)) for a in gold.attributions if a.quoted]),
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


def evaluate(articles: Sequence[GoldArticle]) -> dict[str, dict[str, float]]:
    """Scores of ``extract_quotes_from_article`` on the given PolNeAR articles."""
    from newsprism.compare.quotes import extract_quotes_from_article
    from newsprism.language.parse import parse_articles

    records = [Article(id=a.name, text=a.text) for a in articles]
    docs = parse_articles(records)
    direct, everything = Scores(), Scores()
    for gold, record in zip(articles, records, strict=True):
        predicted = extract_quotes_from_article(record, docs[record.id])
        score_article(gold, predicted, direct, everything)
    return {"direct": direct.report(), "all": everything.report()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N articles (by file name)")
    parser.add_argument("--root", type=Path, default=None, help="PolNeAR folder (default ../shared/corpora/polnear-train)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    articles = load_polnear(args.root or default_root(), limit=args.limit)
    results = evaluate(articles)
    words = sum(len(a.text.split()) for a in articles)
    print(f"PolNeAR train: {len(articles)} articles, {words} words, {time.perf_counter() - started:.1f} s")
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
