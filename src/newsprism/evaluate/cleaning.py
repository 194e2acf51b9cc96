"""Score the cleaner on the seeds and on hand-labelled AllSides articles.

Run ``python -m newsprism.evaluate.cleaning`` from the project root; it reads
``../shared/seeds`` and ``../shared/corpora/allsides-sample`` and the labels in
``tests/data/cleaning/``, and prints the scores (``--json`` for machine-readable output).
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsprism.clean import clean_text
from newsprism.clean.text import CleanedText

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
LABELS = ROOT / "tests" / "data" / "cleaning"

# Well-known boilerplate phrases, independent of the cleaner's own rules, used to count how
# many articles of the whole sample still carry boilerplate after cleaning.
KNOWN_BOILERPLATE = re.compile(
    r"^(?:advertisement|story continued below|skip to (?:main )?content|share this (?:post|article|story)|"
    r"sponsored content|recommended stories|read more|related:|more:|click here to get the .* app)\W*$|"
    r"\bsign up for (?:daily|our) .*newsletters?\b|\ball rights reserved\b|\bcontributed to this report\b|"
    r"\bclick here for reprint permission\b|\bdelivered to your inbox\b|^copyright\b|^©|"
    r"\bjoin the conversation\b|\bjust watched\b.*\breplay more videos\b|\bhide caption \d+ of \d+\b|"
    r"\btoggle caption\b|\blist of \d+ items\b",
    re.IGNORECASE,
)

# The labelled splits of allsides_labels.json, and those whose mistakes may be listed (read
# to write rules); the others are only ever scored.
SPLITS = ("labels", "heldout", "heldout_2", "heldout_3", "heldout_4", "heldout_5")
TUNING_SPLITS = ("labels", "heldout", "heldout_2", "heldout_4")


@dataclass(frozen=True)
class LineScores:
    """Line-level removal scores on labelled articles."""

    articles: int
    lines: int
    boilerplate: int
    removed_boilerplate: int  # true positives
    left_boilerplate: int  # false negatives: boilerplate still in the body
    removed_body: int  # false positives: body lines lost

    @property
    def precision(self) -> float:
        removed = self.removed_boilerplate + self.removed_body
        return self.removed_boilerplate / removed if removed else 1.0

    @property
    def recall(self) -> float:
        return self.removed_boilerplate / self.boilerplate if self.boilerplate else 1.0

    def as_dict(self) -> dict[str, Any]:
        body = self.lines - self.boilerplate
        return {
            "articles": self.articles, "lines": self.lines, "boilerplate_lines": self.boilerplate,
            "before": {"boilerplate_left": self.boilerplate, "boilerplate_left_pct": _pct(self.boilerplate, self.lines),
                       "body_removed": 0, "body_removed_pct": 0.0},
            "after": {"boilerplate_left": self.left_boilerplate,
                      "boilerplate_left_pct": _pct(self.left_boilerplate, self.lines),
                      "body_removed": self.removed_body, "body_removed_pct": _pct(self.removed_body, body)},
            "precision": round(self.precision, 4), "recall": round(self.recall, 4),
        }


def nonempty_line_numbers(raw: str) -> list[int]:
    """Raw line numbers (0-based, blank lines counted) of the non-empty lines, in order."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [i for i, line in enumerate(lines) if line.strip()]


def removed_indexes(raw: str, cleaned: CleanedText) -> set[int]:
    """Indexes (among non-empty lines) of the lines that left no paragraph in the body."""
    kept = set(cleaned.kept_lines)
    return {index for index, number in enumerate(nonempty_line_numbers(raw)) if number not in kept}


def score_lines(items: Iterable[tuple[str, dict[int, str], dict[str, Any]]]) -> LineScores:
    """Score (raw text, {non-empty line index: reason}, given metadata) triples."""
    articles = lines = boilerplate = tp = fn = fp = 0
    for raw, labels, given in items:
        cleaned = clean_text(raw, known_title=given.get("title"), known_authors=given.get("authors", ()))
        removed = removed_indexes(raw, cleaned)
        total = len(nonempty_line_numbers(raw))
        articles += 1
        lines += total
        boilerplate += len(labels)
        tp += len(removed & labels.keys())
        fn += len(labels.keys() - removed)
        fp += len(removed - labels.keys())
    return LineScores(articles, lines, boilerplate, tp, fn, fp)


def allsides_items(
    jsons: Path, labels_path: Path, *, split: str = "labels"
) -> list[tuple[str, dict[int, str], dict[str, Any]]]:
    """Labelled articles of one split of the labels file (its ``_about`` says how each was
    made and used: ``labels`` while writing the rules; the held-out batches after)."""
    labels = json.loads(labels_path.read_text(encoding="utf-8"))[split]
    items = []
    for article_id, marks in labels.items():
        data = json.loads((jsons / f"{article_id}.json").read_text(encoding="utf-8"))
        given = {"title": data.get("title"), "authors": _authors(data.get("authors"))}
        items.append((data["content_original"], {int(k): v for k, v in marks.items()}, given))
    return items


def allsides_mistakes(jsons: Path, labels_path: Path, *, split: str = "labels") -> list[str]:
    """One line per disagreement (line index, label, what the cleaner did): for tuning."""
    out = []
    for raw, labels, given in allsides_items(jsons, labels_path, split=split):
        cleaned = clean_text(raw, known_title=given.get("title"), known_authors=given.get("authors", ()))
        removed = removed_indexes(raw, cleaned)
        lines = [line for line in raw.split("\n") if line.strip()]
        for index in sorted(removed ^ labels.keys()):
            kind = "left" if index in labels else "lost"
            out.append(f"{kind} {labels.get(index, 'body'):12} {index:3} {lines[index].strip()[:90]}")
    return out


def pattern_counts(jsons: Path) -> dict[str, int]:
    """Articles (of all in ``jsons``) with a line matching a well-known boilerplate phrase, before and after."""
    before = after = total = 0
    for path in sorted(jsons.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        raw = data.get("content_original") or ""
        total += 1
        if any(KNOWN_BOILERPLATE.search(line.strip()) for line in raw.split("\n")):
            before += 1
        cleaned = clean_text(raw, known_title=data.get("title"), known_authors=_authors(data.get("authors")))
        if any(KNOWN_BOILERPLATE.search(p) for p in cleaned.body.split("\n\n")):
            after += 1
    return {"articles": total, "with_boilerplate_before": before, "with_boilerplate_after": after}


def score_seeds(seeds: Path, expectations_path: Path) -> dict[str, Any]:
    """Per seed and in total: boilerplate lines left, body lines lost, metadata matches."""
    expectations = json.loads(expectations_path.read_text(encoding="utf-8"))
    per_seed: dict[str, Any] = {}
    for name, expect in expectations.items():
        if name.startswith("_"):
            continue
        raw = (seeds / name).read_text(encoding="utf-8")
        per_seed[name] = check_seed(raw, expect)
    totals = {
        key: sum(result[key] for result in per_seed.values())
        for key in ("boilerplate_lines", "boilerplate_left", "body_lines", "body_lost", "metadata_checks", "metadata_ok")
    }
    return {"seeds": per_seed, "total": totals}


def check_seed(raw: str, expect: dict[str, Any]) -> dict[str, Any]:
    """Compare one seed's cleaning with its expectations (see seed_expectations.json)."""
    cleaned = clean_text(raw)
    lines = [line for line in raw.split("\n") if line.strip()]
    paragraphs = {_words(p) for p in cleaned.body.split("\n\n")}
    body_words = _words(cleaned.body)
    boilerplate = {int(k) for k in expect["boilerplate"]}
    fragments: dict[int, list[dict[str, Any]]] = {}
    for fragment in expect["fragments"]:
        fragments.setdefault(fragment["line"], []).append(fragment)
    left = []
    for index in sorted(boilerplate):
        words = _words(lines[index])
        if words in paragraphs or (len(words) > 40 and words in body_words):
            left.append(index)
    lost = []
    for index, line in enumerate(lines):
        if index in boilerplate:
            continue
        words = _words(line).split()
        for fragment in fragments.get(index, []):
            words = words[fragment["words"]:] if fragment["where"] == "start" else words[: -fragment["words"]]
        if " ".join(words) not in paragraphs:
            lost.append(index)
    heading_texts = {_words(cleaned.body[h.start : h.end]) for h in cleaned.headings}
    wanted_headings = {_words(lines[i]) for i in expect["headings"]}
    metadata = {
        "title": (cleaned.title is not None) == expect["title"],
        "authors": list(cleaned.authors) == expect["authors"],
        "dateline": cleaned.dateline == expect["dateline"],
        "published": cleaned.published == expect["published"],
        "outlet": cleaned.outlet == expect["outlet"] if expect["outlet_in_text"] else cleaned.outlet in (None, expect["outlet"]),
        "headings": heading_texts == wanted_headings,
        "wire": [e.value for e in cleaned.evidence if e.field == "wire"] == expect["wire"],
    }
    return {
        "boilerplate_lines": len(boilerplate), "boilerplate_left": len(left), "left": left,
        "body_lines": len(lines) - len(boilerplate), "body_lost": len(lost), "lost": lost,
        "metadata_checks": len(metadata), "metadata_ok": sum(metadata.values()),
        "metadata_failed": sorted(k for k, ok in metadata.items() if not ok),
        "outlet_found": cleaned.outlet,
    }


def _words(text: str) -> str:
    return " ".join(text.split())


def _authors(value: object) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return tuple(a.strip() for a in value.split(",") if a.strip())
    return tuple(str(a) for a in value)  # type: ignore[union-attr]


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--mistakes", choices=TUNING_SPLITS, help="list the lines the cleaner got wrong")
    parser.add_argument("--no-patterns", action="store_true", help="skip the 4,000-article pattern count")
    args = parser.parse_args(argv)
    jsons = SHARED / "corpora" / "allsides-sample" / "jsons"
    if args.mistakes:
        print("\n".join(allsides_mistakes(jsons, LABELS / "allsides_labels.json", split=args.mistakes)))
        return
    result: dict[str, Any] = {"seeds": score_seeds(SHARED / "seeds", LABELS / "seed_expectations.json")}
    for split in SPLITS:
        name = "allsides_labelled" if split == "labels" else f"allsides_{split}"
        result[name] = score_lines(allsides_items(jsons, LABELS / "allsides_labels.json", split=split)).as_dict()
    if not args.no_patterns:
        result["allsides_patterns"] = pattern_counts(jsons)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
