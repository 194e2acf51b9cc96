"""Analyses kept in the store (real SQLite and PostgreSQL): `show` and `stories --html`
read a story's analysis back while nothing it read has changed, and analyse it again
when the story, one of its articles, the options or newsprism itself change."""

from __future__ import annotations

import importlib
from dataclasses import fields, replace

import pytest

import newsprism.archive
from newsprism.archive import _decode_analysis, _encode_analysis, analysis_key, analyze_stored_stories
from newsprism.records import Article, Story, StoryAnalysis
from tests._render_sample import sample_report
from tests.stories_fixtures import fixture_articles

pytest_plugins = ("tests.store_support",)

# the module (the package's `newsprism.analyze` name is its function)
ANALYZE = importlib.import_module("newsprism.analyze")


def _every_field() -> StoryAnalysis:
    """The render tests' hand-built story (hostile text included), with its articles and
    the fields it leaves empty filled in, so that every kind of field is kept and read."""
    report = sample_report()
    analysis = report.stories[0]
    quote = analysis.quotes[0]
    first = replace(quote.mentions[0], speaker_start=0, speaker_end=5)
    coverage = replace(analysis.coverage, missing_terms={"Northgate Herald": ("river",)},
                       term_articles={"river": analysis.story.article_ids[:2]},
                       cut_from_copy={analysis.story.article_ids[1]: ("c2",)})
    members = tuple(a for a in report.articles if a.id in analysis.story.article_ids)
    return replace(analysis, coverage=coverage, articles=members,
                   quotes=(replace(quote, mentions=(first, *quote.mentions[1:])), *analysis.quotes[1:]))


def test_an_analysis_is_kept_and_read_back_whole() -> None:
    analysis = _every_field()
    assert all(getattr(analysis, f.name) for f in fields(StoryAnalysis))  # no section left empty
    assert _decode_analysis(_encode_analysis(analysis)) == analysis
    bare = StoryAnalysis(story=Story(id="s2", title="", article_ids=()))
    assert _decode_analysis(_encode_analysis(bare)) == bare  # coverage None, every section empty
    for damaged in (b"", b"not compressed", _encode_analysis(analysis)[:-9]):
        assert _decode_analysis(damaged) is None


def test_the_key_changes_with_everything_the_analysis_reads(monkeypatch) -> None:
    analysis = _every_field()
    story, articles = analysis.story, list(analysis.articles)
    key = analysis_key(story, articles, summary_words=None)
    assert analysis_key(story, articles, summary_words=None) == key
    assert analysis_key(replace(story, title="Another title"), articles, summary_words=None) == key  # not read
    changed = [
        analysis_key(replace(story, id="s9"), articles, summary_words=None),
        analysis_key(replace(story, article_ids=("a2", "a1")), articles[::-1], summary_words=None),
        analysis_key(story, [articles[0], replace(articles[1], text=articles[1].text + " More.")], summary_words=None),
        analysis_key(story, [articles[0], replace(articles[1], published="2026-03-25")], summary_words=None),
        analysis_key(story, articles, summary_words=40),
    ]
    monkeypatch.setattr(newsprism.archive, "_code_fingerprint", lambda: "another build")
    changed.append(analysis_key(story, articles, summary_words=None))
    assert len({key, *changed}) == len(changed) + 1


def test_store_keeps_one_analysis_per_story(store) -> None:
    assert store.load_analysis("s1") is None
    store.save_analysis("s1", "k1", b"\x00first")
    store.save_analysis("s2", "k9", b"other")
    assert store.load_analysis("s1") == ("k1", b"\x00first")
    store.save_analysis("s1", "k2", b"second")  # replaces the first
    assert store.load_analysis("s1") == ("k2", b"second")
    assert store.load_analysis("s2") == ("k9", b"other")


def test_a_merge_drops_the_absorbed_storys_analysis(store) -> None:
    for story_id in ("s1", "s2"):
        store.save_story(Story(id=story_id, title=story_id, article_ids=(f"{story_id}-a",)))
        store.save_analysis(story_id, "k", story_id.encode())
    store.merge_stories("s1", "s2")
    assert store.load_analysis("s2") is None
    assert store.load_analysis("s1") == ("k", b"s1")  # its key no longer matches: read again when shown


@pytest.mark.slow
def test_stored_stories_are_analysed_again_only_when_something_changed(store, monkeypatch) -> None:
    """Both backends, with the real analysis: what is read back equals what the analysis
    gives, and each change to what it reads (an article joining, another option, a damaged
    kept analysis, `fresh`) costs exactly that story's analysis; a new title costs none."""
    articles, gold = fixture_articles()
    by_event: dict[str, list[str]] = {}
    for article, event in zip(articles, gold, strict=True):
        by_event.setdefault(event, []).append(store.add_article(article).article_id)
    (first, a_ids), (second, b_ids), *_ = by_event.items()
    for story_id, members in ((first, a_ids[:-1]), (second, b_ids)):
        store.save_story(Story(id=story_id, title=f"{story_id} report", article_ids=tuple(members)))
    ids = [first, second]

    analysed: list[str] = []
    real = ANALYZE.analyze_story

    def counted(story, members, **options):
        analysed.append(story.id)
        return real(story, members, **options)

    monkeypatch.setattr(ANALYZE, "analyze_story", counted)

    report, _ = analyze_stored_stories(store, ids)
    assert analysed == ids
    again, _ = analyze_stored_stories(store, ids)
    assert analysed == ids  # read back, not analysed
    assert again == report

    store.assign(a_ids[-1], first)  # an article joins the first story
    grown, _ = analyze_stored_stories(store, ids)
    assert analysed == [*ids, first]
    assert len(grown.stories[0].articles) == len(a_ids) and grown.stories[1] == report.stories[1]

    store.save_story(replace(store.get_story(second), title="A better title"))  # an editor's new title
    renamed, _ = analyze_stored_stories(store, ids)
    assert analysed == [*ids, first]  # the title is not analysed: read back, shown with the new title
    assert renamed.stories[1].story.title == "A better title"
    assert replace(renamed.stories[1], story=report.stories[1].story) == report.stories[1]

    analyze_stored_stories(store, [first], summary_words=20)
    assert analysed[-1] == first and len(analysed) == 4
    analyze_stored_stories(store, [first], summary_words=20)
    assert len(analysed) == 4

    key, _ = store.load_analysis(second)
    store.save_analysis(second, key, b"damaged")
    repaired, _ = analyze_stored_stories(store, [second])
    assert analysed[-1] == second and len(analysed) == 5
    assert _decode_analysis(store.load_analysis(second)[1]) == repaired.stories[0]

    analyze_stored_stories(store, ids, fresh=True)
    assert analysed[-2:] == ids and len(analysed) == 7


def test_a_role_that_may_only_read_shows_stories_without_keeping_analyses(pg_database, monkeypatch) -> None:
    """A shared PostgreSQL archive read by a role with SELECT rights only: the store opens
    (no migration to run, so nothing to write), `show` prints the story and warns once
    that its analysis could not be kept; the writer's kept analyses are still read."""
    import uuid

    import psycopg
    from click.testing import CliRunner

    from newsprism.cli import cli
    from newsprism.store import open_store

    with open_store(pg_database) as writer:
        writer.add_article(Article(id="a1", text="The ferry sailed late. Nobody was hurt."))
        writer.save_story(Story(id="s1", title="Ferry late", article_ids=("a1",)))
    role = f"reader_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_database, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN")
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    reader = pg_database.replace("postgres@", f"{role}@", 1)
    analysed: list[str] = []

    def fake(story, members, **options):
        analysed.append(story.id)
        return StoryAnalysis(story=story, articles=tuple(members), notes=("invented for the test",))

    monkeypatch.setattr(ANALYZE, "analyze_story", fake)
    try:
        result = CliRunner().invoke(cli, ["show", "s1", "--db", reader], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert "Ferry late" in result.stdout and analysed == ["s1"]
        assert result.stderr.count("warning: the analyses could not be kept") == 1
        assert "permission denied" in result.stderr
        with open_store(pg_database) as writer:  # the writer keeps one; the reader reads it back
            analyze_stored_stories(writer, ["s1"])
        result = CliRunner().invoke(cli, ["show", "s1", "--db", reader], catch_exceptions=False)
        assert result.exit_code == 0 and analysed == ["s1", "s1"] and "warning" not in result.stderr
    finally:
        with psycopg.connect(pg_database, autocommit=True) as conn:
            conn.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}")
            conn.execute(f"DROP ROLE {role}")
