"""End to end: the contract's `newsprism analyze` on the demo corpus and on the seeds.

These run the real pipeline (real models) once per corpus and check the invariants of the
contract on the output: schema, offsets, partitions, citations, exit status.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from newsprism.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.slow


def _run(args: list[str]):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    corpus = ROOT / "demo" / "corpus"
    result = _run(
        ["analyze", str(corpus), "--meta", str(corpus / "meta.csv"), "--json", str(out / "r.json"),
         "--html", str(out / "html"), "--quiet"]
    )
    report = json.loads((out / "r.json").read_text(encoding="utf-8"))
    return result, report, out


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory):
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.exists():
        pytest.skip("needs ../shared/seeds, which is absent")
    out = tmp_path_factory.mktemp("seeds")
    result = _run(["analyze", str(seeds), "--one-story", "--json", str(out / "r.json"), "--quiet"])
    return result, json.loads((out / "r.json").read_text(encoding="utf-8"))


def _check_contract(report: dict) -> None:
    jsonschema.validate(report, SCHEMA)
    texts = {a["id"]: a["text"] for a in report["articles"]}
    for story in report["stories"]:
        members = set(story["articles"])
        grouped = [a for group in story["source_groups"] for a in group]
        assert sorted(grouped) == sorted(members), "source groups must partition the story"
        group_of = {a: i for i, group in enumerate(story["source_groups"]) for a in group}
        for claim in story["claims"]:
            assert set(claim["articles"]) <= members
            assert claim["independent_sources"] == len({group_of[a] for a in claim["articles"]})
            for mention in claim["mentions"]:
                assert texts[mention["article"]][mention["start"]:mention["end"]] == mention["text"]
        for quote in story["quotes"]:
            for mention in quote["mentions"]:
                assert texts[mention["article"]][mention["start"]:mention["end"]] == mention["text"]
        claims = {c["id"]: c for c in story["claims"]}
        for sentence in story["summary"]:
            assert sentence["articles"], "every summary sentence cites its articles"
            claim = claims[sentence["claim"]]
            assert set(sentence["articles"]) <= set(claim["articles"]), "cites an article that does not state it"
            assert sentence["text"] in {m["text"] for m in claim["mentions"]}


def test_analyze_demo_reports_the_broken_file_and_goes_on(demo_run):
    result, report, _ = demo_run
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and all(line.startswith("newsprism: ") for line in lines)
    assert any("broken" in line for line in lines)
    assert len(report["articles"]) >= 15
    assert report["failures"]


def test_analyze_demo_honours_the_contract(demo_run):
    _, report, _ = demo_run
    _check_contract(report)


def test_analyze_demo_groups_stories_as_labelled(demo_run):
    _, report, _ = demo_run
    expected = json.loads((ROOT / "demo" / "expectations.json").read_text(encoding="utf-8"))
    # Clustering compares English text: an article in another language forms its own story.
    label = {info["id"]: info["story"] for info in expected["articles"] if info["language"] == "en"}
    story_of = {a: s["id"] for s in report["stories"] for a in s["articles"]}
    ids = [a for a in label if a in story_of]
    assert len(ids) == len(label) >= 15
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            assert (story_of[a] == story_of[b]) == (label[a] == label[b]), (a, b)


def test_analyze_demo_finds_the_planted_source_groups(demo_run):
    _, report, _ = demo_run
    expected = json.loads((ROOT / "demo" / "expectations.json").read_text(encoding="utf-8"))
    found = {frozenset(g) for s in report["stories"] for g in s["source_groups"]}
    for groups in expected["source_groups"].values():
        for group in groups:
            assert frozenset(group) in found, group


def test_analyze_demo_keeps_non_english_articles_unanalysed(demo_run):
    _, report, _ = demo_run
    expected = json.loads((ROOT / "demo" / "expectations.json").read_text(encoding="utf-8"))
    foreign = {info["id"]: info["language"] for info in expected["articles"] if info["language"] != "en"}
    assert foreign
    articles = {a["id"]: a for a in report["articles"]}
    for article_id, language in foreign.items():
        assert articles[article_id]["language"] == language
        story = next(s for s in report["stories"] if article_id in s["articles"])
        assert any(article_id in note for note in story["notes"])


def test_analyze_demo_writes_a_browsable_html_report(demo_run):
    _, report, out = demo_run
    index = out / "html" / "index.html"
    assert index.exists()
    page = index.read_text(encoding="utf-8")
    for story in report["stories"]:
        assert story["id"] in page


def test_analyze_seeds_as_one_story(seeds_run):
    result, report = seeds_run
    assert result.exit_code == 0, result.stderr
    _check_contract(report)
    assert len(report["stories"]) == 1
    story = report["stories"][0]
    assert len(story["articles"]) == 5
    # two pairs of seeds share wire copy: five articles, three independent origins
    assert len(story["source_groups"]) == 3
    assert any(c["independent_sources"] == 3 for c in story["claims"])
    assert story["summary"] and story["quotes"] and story["entities"]
