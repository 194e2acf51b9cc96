from __future__ import annotations

import copy
import json
from dataclasses import replace

import pytest

from newsprism.records import Report
from newsprism.render.json import (
    article_to_dict,
    check_offsets,
    check_references,
    check_schema,
    load_schema,
    report_to_dict,
    write_json,
)
from tests._render_sample import HOSTILE_SCRIPT, sample_report

CONTRACT_ARTICLE = ["id", "outlet", "url", "title", "authors", "published", "text"]
CONTRACT_STORY = [
    "id", "title", "articles", "source_groups", "syndication", "claims", "quotes",
    "entities", "timeline", "discrepancies", "summary",
]


@pytest.fixture(scope="module")
def schema() -> dict:
    return load_schema()


def test_render_json_report_validates_against_schema(schema: dict) -> None:
    data = report_to_dict(sample_report())
    assert check_schema(data, schema=schema) == []
    assert check_offsets(data) == []
    assert check_references(data) == []


def test_render_json_contract_fields_come_first_in_contract_order() -> None:
    data = report_to_dict(sample_report())
    assert list(data)[:3] == ["version", "articles", "stories"]
    assert data["version"] == 1
    assert list(data["articles"][0])[: len(CONTRACT_ARTICLE)] == CONTRACT_ARTICLE
    assert list(data["stories"][0])[: len(CONTRACT_STORY)] == CONTRACT_STORY
    claim = data["stories"][0]["claims"][0]
    assert list(claim)[:5] == ["id", "text", "articles", "independent_sources", "mentions"]
    assert list(claim["mentions"][0]) == ["article", "text", "start", "end"]
    quote_mention = data["stories"][0]["quotes"][0]["mentions"][0]
    assert list(quote_mention) == ["article", "text", "start", "end", "speaker_mention", "cue"]


def test_render_json_extensions_are_written() -> None:
    data = report_to_dict(sample_report())
    story = data["stories"][0]
    assert story["coverage"]["exclusive"]["Northgate Herald"] == ["c3"]
    assert story["syndication"][0]["passages"][0]["similarity"] == 1.0
    assert story["summary"][0]["claim"] == "c1"
    assert [c["related"] for c in story["claims"]] == [[], [], [], []]
    assert [c["recalled_by"] for c in story["claims"]] == [[], [], [], []]
    assert data["articles"][0]["removed"][0] == {"text": "Share this story", "reason": "share_prompt", "line": 3}
    assert [f["source"] for f in data["failures"]][0] == "broken.html"
    assert data["stories"][1]["coverage"] is None


def test_render_json_write_is_utf8_deterministic_and_makes_folders(tmp_path) -> None:
    report = sample_report()
    first, second = tmp_path / "a" / "b" / "report.json", tmp_path / "again.json"
    write_json(report, first)
    write_json(report, str(second))
    raw = first.read_bytes()
    assert raw == second.read_bytes()
    text = raw.decode("utf-8")
    assert "cédé" in text  # non-ASCII kept, not \u-escaped
    assert HOSTILE_SCRIPT in text  # JSON carries the data as it is; escaping is the renderer's job
    assert json.loads(text) == report_to_dict(report)


def test_render_json_empty_report_is_valid(schema: dict) -> None:
    data = report_to_dict(Report(articles=(), stories=()))
    assert check_schema(data, schema=schema) == []


def _broken(mutate) -> dict:
    data = copy.deepcopy(report_to_dict(sample_report()))
    mutate(data)
    return data


@pytest.mark.parametrize(
    "mutate, where",
    [
        (lambda d: d["articles"][0].pop("title"), "articles/0"),
        (lambda d: d["stories"][0].pop("source_groups"), "stories/0"),
        (lambda d: d["articles"][0].__setitem__("published", "4 March 2031"), "articles/0/published"),
        (lambda d: d["articles"][0].__setitem__("published", "2031-13-01"), "articles/0/published"),
        (lambda d: d["stories"][0]["timeline"][0].__setitem__("date", "2031/03/04"), "stories/0/timeline/0/date"),
        (lambda d: d["stories"][0]["syndication"][0].__setitem__("score", 1.5), "stories/0/syndication/0/score"),
        (lambda d: d["stories"][0]["claims"][0].__setitem__("independent_sources", 0), "stories/0/claims/0"),
        (lambda d: d["stories"][0]["claims"][0].__setitem__("independent_sources", "2"), "stories/0/claims/0"),
        (lambda d: d["stories"][0]["quotes"][0]["mentions"][0].pop("cue"), "stories/0/quotes/0/mentions/0"),
        (lambda d: d["stories"][0]["summary"][0].__setitem__("articles", []), "stories/0/summary/0/articles"),
        (lambda d: d.__setitem__("version", 2), "version"),
    ],
)
def test_render_json_schema_rejects_invalid_reports(schema: dict, mutate, where: str) -> None:
    problems = check_schema(_broken(mutate), schema=schema)
    assert problems
    assert any(p.startswith(where) for p in problems), problems


def test_render_json_check_offsets_finds_wrong_spans() -> None:
    def shift(d: dict) -> None:
        d["stories"][0]["claims"][1]["mentions"][0]["start"] += 1

    def overflow(d: dict) -> None:
        d["stories"][0]["quotes"][0]["mentions"][2]["end"] = 10_000

    def stranger(d: dict) -> None:
        d["stories"][0]["syndication"][0]["passages"][0]["b"]["article"] = "nobody"

    assert any("claim c2 mention 0" in p for p in check_offsets(_broken(shift)))
    assert any("quote q1 mention 2" in p for p in check_offsets(_broken(overflow)))
    assert any("unknown article 'nobody'" in p for p in check_offsets(_broken(stranger)))


def test_render_json_check_references_finds_foreign_citations() -> None:
    def cite_outsider(d: dict) -> None:
        d["stories"][0]["summary"][0]["articles"].append("foreign")

    def bad_groups(d: dict) -> None:
        d["stories"][0]["source_groups"] = [["lantern-1"]]

    assert any("summary sentence 0" in p and "'foreign'" in p for p in check_references(_broken(cite_outsider)))
    def unknown_related(d: dict) -> None:
        d["stories"][0]["claims"][2]["related"] = ["c4", "c99"]

    assert any("partition" in p for p in check_references(_broken(bad_groups)))
    assert [p for p in check_references(_broken(unknown_related)) if "related" in p] == [
        "story s1 claim c3 related: 'c99' is not a claim of the story"
    ]

    def unknown_recalling(d: dict) -> None:
        d["stories"][0]["claims"][1]["recalled_by"] = ["c1", "c98"]

    assert [p for p in check_references(_broken(unknown_recalling)) if "recalled_by" in p] == [
        "story s1 claim c2 recalled_by: 'c98' is not a claim of the story"
    ]


def test_render_json_numeric_scalars_become_plain_json(tmp_path) -> None:
    import numpy as np

    from newsprism.records import Mention, Syndication

    report = sample_report()
    story = report.stories[0]
    claim = story.claims[0]
    m = claim.mentions[0]
    odd = replace(
        story,
        syndication=(Syndication(story.syndication[0].articles, np.float32(0.5)),
                     Syndication(story.syndication[0].articles, float("nan"))),
        claims=(replace(claim, independent_sources=np.int64(2),
                        mentions=(Mention(m.article, m.text, np.int64(m.start), np.int64(m.end)),)),),
    )
    path = tmp_path / "r.json"
    write_json(replace(report, stories=(odd,)), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    pairs = data["stories"][0]["syndication"]
    assert pairs[0]["score"] == 0.5 and pairs[1]["score"] is None
    assert check_offsets(data) == []
    assert any("syndication/1/score" in p for p in check_schema(data))


def test_render_json_article_to_dict_matches_the_report_entry() -> None:
    report = sample_report()
    assert [article_to_dict(a) for a in report.articles] == report_to_dict(report)["articles"]
