"""Rendering speed and peak memory: JSON, HTML folder and terminal summary of a synthetic report.

Run ``.venv/bin/python bench/bench_render.py [--stories N] [--articles M]`` from the project
root. Builds N stories of M articles (about 3,000 characters each, 40 aligned claims, quotes,
entities and discrepancies per story: a busy news day), then times ``write_json``,
``write_html`` and ``print_report`` and prints articles/s and the peak Python heap
(tracemalloc).
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
import tracemalloc
from pathlib import Path

from rich.console import Console

from newsprism.records import (
    Article,
    Claim,
    Discrepancy,
    Entity,
    EvidenceText,
    Mention,
    Quote,
    QuoteMention,
    Report,
    Story,
    StoryAnalysis,
    SummarySentence,
)
from newsprism.render.html import write_html
from newsprism.render.json import write_json
from newsprism.render.terminal import print_report

SENTENCES_PER_ARTICLE = 40
CLAIMS_PER_STORY = 40


def _sentence(story: int, index: int, variant: int) -> str:
    return f"Sentence {index} of story {story} says the harbour board met for the {variant + index}th time."


def build_report(stories: int, articles_per_story: int) -> Report:
    articles, analyses = [], []
    for s in range(stories):
        members = []
        for a in range(articles_per_story):
            sentences = [_sentence(s, i, a % 3) for i in range(SENTENCES_PER_ARTICLE)]
            text = "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))
            members.append(
                Article(id=f"s{s}-a{a}", text=text, title=f"Story {s}, article {a}", outlet=f"Outlet {a}",
                        published=f"2031-03-{1 + a % 28:02d}", language="en")
            )
        claims = []
        for c in range(CLAIMS_PER_STORY):
            mentions = []
            for article in members[: 1 + c % articles_per_story]:
                fragment = _sentence(s, c % SENTENCES_PER_ARTICLE, int(article.id.rsplit("a", 1)[1]) % 3)
                start = article.text.index(fragment)
                mentions.append(Mention(article.id, fragment, start, start + len(fragment)))
            claims.append(Claim(f"c{c}", mentions[0].text, tuple(m.article for m in mentions), 1, tuple(mentions)))
        quote = Quote(
            "q1", "Ada Quill",
            tuple(QuoteMention(m.article, m.text, m.start, m.end, "Quill", "said") for m in claims[-1].mentions),
        )
        ids = tuple(a.id for a in members)
        analyses.append(
            StoryAnalysis(
                story=Story(f"s{s}", f"Story {s}", ids),
                source_groups=tuple((i,) for i in ids),
                claims=tuple(claims),
                quotes=(quote,),
                entities=(Entity("e1", "Ada Quill", "PERSON", ("Quill",), ids, {i: 2 for i in ids}),),
                discrepancies=(Discrepancy("number", "Counts differ.", (EvidenceText(ids[0], claims[0].text),)),),
                summary=tuple(SummarySentence(c.text, c.articles, c.id) for c in claims[:5]),
            )
        )
        articles.extend(members)
    return Report(articles=tuple(articles), stories=tuple(analyses))


def _timed(label: str, count: int, run) -> None:
    """Wall and CPU time of one run, then the peak heap of a second run (tracemalloc slows
    Python down, so it never overlaps the timing)."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<13} wall {wall:6.2f} s  cpu {cpu:6.2f} s  {count / cpu:7.0f} articles/cpu-s  peak {peak / 1e6:6.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=50)
    parser.add_argument("--articles", type=int, default=10, help="articles per story")
    args = parser.parse_args()
    report = build_report(args.stories, args.articles)
    count = len(report.articles)
    print(f"{args.stories} stories, {count} articles, "
          f"{sum(len(a.text) for a in report.articles) / 1e6:.1f} M characters")
    with tempfile.TemporaryDirectory() as tmp:
        _timed("write_json", count, lambda: write_json(report, Path(tmp) / "report.json"))
        _timed("write_html", count, lambda: write_html(report, Path(tmp) / "html"))
        size = sum(p.stat().st_size for p in (Path(tmp) / "html").iterdir()) / 1e6
        print(f"html folder      {size:7.1f} MB")
    _timed("print_report", count, lambda: print_report(report, console=Console(file=io.StringIO(), width=120)))


if __name__ == "__main__":
    main()
