"""An editor's corrections: merges and splits that reviews and reclusters do not undo,
kept in the saved state; and the archive commands `newsprism merge`, `split` and `history`
on a real SQLite store."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newsprism.archive import CLUSTERER_STATE, ingest_documents
from newsprism.cli import cli
from newsprism.records import RawDocument
from newsprism.store import open_store
from newsprism.stories import StoryClusterer
from tests.stories_fixtures import DAM, QUAKE_A, QUAKE_B, article, fake_embed

pytest_plugins = ("tests.store_support",)


def _dam() -> tuple[StoryClusterer, list]:
    """One event, six reports: the stream files them in one story."""
    articles = [article(i, title, text) for i, (title, text) in enumerate(DAM)]
    clusterer = StoryClusterer(embedder=fake_embed)
    clusterer.add_many(articles)
    clusterer.review()
    assert len(clusterer.stories()) == 1
    return clusterer, articles


def _members(clusterer: StoryClusterer) -> list[set[str]]:
    return sorted((set(s.article_ids) for s in clusterer.stories()), key=len, reverse=True)


def test_editor_split_is_kept_apart_by_review_and_recluster() -> None:
    clusterer, articles = _dam()
    [story] = clusterer.stories()
    change = clusterer.split(story.id, ["a004", "a005"], articles)
    assert (change.kind, change.story, change.article_ids) == ("split", story.id, ("a004", "a005"))
    assert clusterer.story_of("a004") == clusterer.story_of("a005") == change.other != story.id
    # the merge model would put them back together: only the editor's split stops it
    source, part = (clusterer._clusters[int(i[1:])] for i in (story.id, change.other))
    assert clusterer._cluster_probability(source, part) >= clusterer.params.merge_probability
    assert clusterer.review() == []
    assert clusterer.recluster(articles) == []
    assert _members(clusterer) == [{"a000", "a001", "a002", "a003"}, {"a004", "a005"}]
    # and so does a clusterer that continues from the saved state
    resumed = StoryClusterer.from_state(clusterer.to_state(), embedder=fake_embed)
    assert resumed.review() == [] and _members(resumed) == _members(clusterer)


def test_editor_merge_is_not_split_again_by_recluster() -> None:
    quake_a = [article(i, t, x) for i, (t, x) in enumerate(QUAKE_A)]
    quake_b = [article(10 + i, t, x) for i, (t, x) in enumerate(QUAKE_B)]
    articles = quake_a + quake_b

    def two_events() -> StoryClusterer:
        clusterer = StoryClusterer(embedder=fake_embed)
        clusterer.add_many(articles)
        assert len(clusterer.stories()) == 2
        return clusterer

    machine = two_events()  # merged without an editor: recluster() splits the two events again
    a, b = (machine._clusters[int(s.id[1:])] for s in machine.stories())
    machine._merge(a, b)
    assert any(c.kind == "split" for c in machine.recluster(articles))
    assert len(machine.stories()) == 2

    edited = two_events()
    first, second = (s.id for s in edited.stories())
    change = edited.merge(second, first)
    assert (change.kind, change.story, change.other) == ("merge", min(first, second), max(first, second))
    assert edited.recluster(articles) == []
    assert len(edited.stories()) == 1 and edited.resolve(max(first, second)) == min(first, second)


def test_editor_corrections_follow_later_merges_and_the_latest_decision_wins() -> None:
    clusterer, articles = _dam()
    [story] = clusterer.stories()
    part = clusterer.split(story.id, ["a005"], articles).other
    third = clusterer.split(story.id, ["a004"], articles).other
    # the editor puts a004 with a005: the result is still kept apart from the source
    merged = clusterer.merge(part, third)
    assert merged.story == part and clusterer.resolve(third) == part
    assert clusterer.review() == []
    assert _members(clusterer) == [{"a000", "a001", "a002", "a003"}, {"a004", "a005"}]
    # then changes their mind: merging what they split is allowed and undoes the split
    clusterer.merge(story.id, part)
    assert _members(clusterer) == [{f"a00{i}" for i in range(6)}]


def test_editor_merge_of_a_story_that_left_the_time_window_needs_its_articles() -> None:
    old = [article(i, t, x, day="2026-01-05") for i, (t, x) in enumerate(QUAKE_A)]
    new = [article(10 + i, t, x, day="2026-03-20") for i, (t, x) in enumerate(QUAKE_A)]
    # enough later articles that the stream's latest dates are all weeks past the old story
    later = [article(100 + i, f"Garden note {i}", f"Allotment number {i} grew marrows.", day="2026-03-21")
             for i in range(70)]
    clusterer = StoryClusterer(embedder=fake_embed)
    clusterer.add_many(old + new + later)
    clusterer._sweep()
    first, second = clusterer.story_of("a000"), clusterer.story_of("a010")
    assert first != second and not clusterer._clusters[int(first[1:])].active
    with pytest.raises(ValueError, match="full articles are needed"):
        clusterer.merge(first, second)
    clusterer.merge(first, second, old + new)
    assert clusterer.story_of("a010") == first and len(clusterer._clusters[int(first[1:])].members) == 6


def test_editor_corrections_refuse_what_cannot_be_done() -> None:
    clusterer, articles = _dam()
    [story] = clusterer.stories()
    with pytest.raises(ValueError, match="no story s999999"):
        clusterer.merge(story.id, "s999999")
    with pytest.raises(ValueError, match="no story"):
        clusterer.split("not-a-story", ["a000"], articles)
    with pytest.raises(ValueError, match="already one story"):
        clusterer.merge(story.id, story.id)
    with pytest.raises(ValueError, match="not in story"):
        clusterer.split(story.id, ["a000", "zzz"], articles)
    with pytest.raises(ValueError, match="every article"):
        clusterer.split(story.id, [a.id for a in articles], articles)
    with pytest.raises(ValueError, match="full articles are needed"):
        clusterer.split(story.id, ["a000"], articles[1:])
    assert _members(clusterer) == [{f"a00{i}" for i in range(6)}]  # nothing half done


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_cli_merge_split_and_history_on_the_archive(store_location, monkeypatch) -> None:
    """On SQLite and PostgreSQL: the editor's split and merge reach the store and the
    saved clusterer together, a later ingest's checkpoint review keeps them, and the
    history says who decided."""
    monkeypatch.setattr("newsprism.language.models.embed", fake_embed)
    documents = [RawDocument(source=f"dam{i}.txt", text=f"{t}\n\n{x}", meta={"published": "2026-03-03", "id": f"d{i}"})
                 for i, (t, x) in enumerate(DAM)]
    quake = [RawDocument(source=f"quake{i}.txt", text=f"{t}\n\n{x}", meta={"published": "2026-03-03", "id": f"q{i}"})
             for i, (t, x) in enumerate(QUAKE_A)]
    db = str(store_location)
    with open_store(db) as store:
        ingest_documents(documents[:5] + quake, store)
        dam, other = store.story_of("d0"), store.story_of("q0")
        assert {store.story_of(f"d{i}") for i in range(5)} == {dam} != {other}

    out = json.loads(_invoke("split", dam, "d3", "d4", "--db", db, "--json"))
    [new] = out["split"]
    assert out == {"merged": {}, "split": {new: dam}}
    assert "moved articles from" in _invoke("split", dam, "d2", "--into", other, "--db", db)
    assert "merged" in _invoke("merge", other, new, "--db", db)
    with open_store(db) as store:
        ingest_documents(documents[5:], store)  # a later report joins; the review keeps the edits
        filed = {article_id: store.story_of(article_id) for article_id in ("d0", "d1", "d2", "d3", "d4", "q0")}
        assert filed["d0"] == filed["d1"] == dam
        assert filed["d2"] == filed["d3"] == filed["d4"] == filed["q0"] == other
        saved = StoryClusterer.from_state(store.load_state(CLUSTERER_STATE), embedder=fake_embed)
        assert all(saved.story_of(a) == s for a, s in filed.items())
        assert store.story_of("d5") in {dam, other}

    steps = json.loads(_invoke("history", new, "--db", db, "--json"))
    edits = [s for s in steps if s["kind"] in ("split", "merged")]
    assert [s["kind"] for s in edits][:2] == ["split", "merged"]
    assert all(s["detail"].get("by") == "editor" for s in edits)
    assert "by editor" in _invoke("history", dam, "--db", db)

    bad = CliRunner().invoke(cli, ["split", dam, "q1", "--db", db])
    assert bad.exit_code == 2 and "not in story" in bad.output
    missing = CliRunner().invoke(cli, ["merge", dam, "s999999", "--db", db])
    assert missing.exit_code == 2 and "no story s999999" in missing.output


def test_editor_title_stays_as_the_story_grows_and_absorbs_others() -> None:
    quake_a = [article(i, t, x) for i, (t, x) in enumerate(QUAKE_A)]
    quake_b = [article(10 + i, t, x) for i, (t, x) in enumerate(QUAKE_B)]
    clusterer = StoryClusterer(embedder=fake_embed)
    first = clusterer.add(quake_a[0])
    assert clusterer.rename(first, "  Kestrel Valley  quake ") == first
    clusterer.add_many(quake_a[1:])
    clusterer.add_many(quake_b)
    other = clusterer.story_of("a010")
    clusterer.rename(other, "Harbour tremor")
    titles = {s.id: s.title for s in clusterer.stories()}
    assert titles == {first: "Kestrel Valley quake", other: "Harbour tremor"}
    clusterer.merge(other, first)  # the surviving (older) story keeps its own title
    resumed = StoryClusterer.from_state(clusterer.to_state(), embedder=fake_embed)
    assert [s.title for s in resumed.stories()] == ["Kestrel Valley quake"]
    resumed.rename(first, "")  # back to the clusterer's choice: one of the members' titles
    assert resumed.stories()[0].title in {t for t, _ in QUAKE_A + QUAKE_B}


def test_cli_rename_keeps_the_title_through_a_later_ingest(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("newsprism.language.models.embed", fake_embed)
    documents = [RawDocument(source=f"dam{i}.txt", text=f"{t}\n\n{x}", meta={"published": "2026-03-03", "id": f"d{i}"})
                 for i, (t, x) in enumerate(DAM)]
    db = str(tmp_path / "news.db")
    with open_store(db) as store:
        ingest_documents(documents[:3], store)
        story = store.story_of("d0")
    assert _invoke("rename", story, "Dam failure at <Harl>", "--db", db).strip() == f"{story}: Dam failure at <Harl>"
    with open_store(db) as store:
        ingest_documents(documents[3:], store)
        assert store.get_story(store.story_of("d5")).title == "Dam failure at <Harl>"
    steps = json.loads(_invoke("history", story, "--db", db, "--json"))
    assert any(s["detail"].get("by") == "editor" and s["detail"].get("title") for s in steps)


def test_merge_with_an_id_given_twice_and_a_title_with_control_characters(tmp_path, monkeypatch) -> None:
    """An id repeated (or next to its alias) is one story to merge, not "already one story";
    an editor's title is kept on one line without control characters."""
    monkeypatch.setattr("newsprism.language.models.embed", fake_embed)
    documents = [RawDocument(source=f"dam{i}.txt", text=f"{t}\n\n{x}", meta={"published": "2026-03-03", "id": f"d{i}"})
                 for i, (t, x) in enumerate(DAM)]
    quake = [RawDocument(source=f"quake{i}.txt", text=f"{t}\n\n{x}", meta={"published": "2026-03-03", "id": f"q{i}"})
             for i, (t, x) in enumerate(QUAKE_A)]
    db = str(tmp_path / "news.db")
    with open_store(db) as store:
        ingest_documents(documents[:3] + quake, store)
        dam, other = store.story_of("d0"), store.story_of("q0")
    assert "merged" in _invoke("merge", dam, other, other, "--db", db)
    with open_store(db) as store:
        assert store.story_of("q0") == store.story_of("d0")
        live = store.story_of("d0")
    _invoke("rename", live, "Dam\x1b[31m breach\r\nSet-Cookie: x=1", "--db", db)
    with open_store(db) as store:
        renamed = store.get_story(live)
    assert renamed is not None and renamed.title == "Dam[31m breach Set-Cookie: x=1"
