"""Story review in the archive: merges found by the clusterer reach the store (real SQLite),
absorbed ids keep resolving, and `newsprism review` re-examines the open stories."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from click.testing import CliRunner

from newsprism.archive import CLUSTERER_STATE, ingest_documents, review_archive
from newsprism.cli import cli
from newsprism.records import RawDocument
from newsprism.store import open_store
from newsprism.stories import ClusterParams, StoryClusterer
from tests.stories_fixtures import fake_embed, fixture_articles, ingest_quakes_as_one_story, quake_documents

pytest_plugins = ("tests.store_support",)

# Every article opens its own story; the review may then merge them.
SPLINTERED = ClusterParams(join_probability=0.999999, merge_probability=0.5)


def _seed_store(store) -> dict[str, str]:
    """Store the fixture articles, each in its own story, with a clusterer state to match.
    Returns article id -> gold event."""
    articles, gold = fixture_articles()
    stored = [replace(a, id=store.add_article(a).article_id) for a in articles]
    clusterer = StoryClusterer(params=SPLINTERED, embedder=fake_embed)
    for article, story_id in zip(stored, clusterer.add_many(stored), strict=True):
        store.assign(article.id, story_id)
    for story in clusterer.stories():
        store.save_story(story)
    store.save_state(CLUSTERER_STATE, clusterer.to_state())
    return {a.id: label for a, label in zip(stored, gold, strict=True)}


def _live_stories(store) -> dict[str, set[str]]:
    return {row.id: set(store.get_story(row.id).article_ids) for row in store.list_stories(limit=1000)}


def test_review_archive_merges_fragments_in_the_store_and_keeps_old_ids(tmp_path) -> None:
    with open_store(tmp_path / "news.db") as store:
        gold = _seed_store(store)
        before = _live_stories(store)
        outcome = review_archive(store)
        after = _live_stories(store)
        assert outcome.merged and not outcome.split
        assert len(after) == len(before) - len(outcome.merged)
        for gone, into in outcome.merged.items():
            assert gone > into  # the older id survives
            assert store.get_story(gone).id == into  # the absorbed id still answers
        # every article is still in exactly one story, and merges never mix two events
        members = [a for ids in after.values() for a in ids]
        assert sorted(members) == sorted(gold)
        for ids in after.values():
            assert len({gold[a] for a in ids}) == 1
        # the saved state agrees with the store
        state = StoryClusterer.from_state(store.load_state(CLUSTERER_STATE), embedder=fake_embed)
        for story_id, ids in after.items():
            assert all(state.story_of(a) == story_id for a in ids)
        assert review_archive(store).merged == {}  # nothing left to merge


def test_ingest_reviews_the_stories_it_touched(tmp_path, monkeypatch) -> None:
    articles, gold = fixture_articles()
    with open_store(tmp_path / "news.db") as store:
        # a saved state with the splintering parameters: every new article opens a story
        store.save_state(CLUSTERER_STATE, StoryClusterer(params=SPLINTERED, embedder=fake_embed).to_state())
        monkeypatch.setattr("newsprism.language.models.embed", fake_embed)
        documents = [RawDocument(source=f"{a.id}.txt", text=f"{a.title}\n\n{a.text}", meta={"published": a.published})
                     for a in articles]
        outcome = ingest_documents(documents, store)
        assert len(outcome.new) == len(articles) and not outcome.failures
        assert outcome.merged
        stories = _live_stories(store)
        assert len(stories) < len(articles)
        label = dict(zip(outcome.new, gold, strict=True))
        for ids in stories.values():
            assert len({label[a] for a in ids}) == 1
        for gone, into in outcome.merged.items():
            assert store.get_story(gone).id == into


def test_ingest_assigns_stories_in_date_order_whatever_the_input_order(store_location, monkeypatch) -> None:
    """Two events six weeks apart, fed newest first: every input is stored before any is
    assigned, and the assignment runs oldest first, so the older event gets the older id
    (SQLite and PostgreSQL)."""
    from tests.stories_fixtures import QUAKE_A, QUAKE_B

    monkeypatch.setattr("newsprism.language.models.embed", fake_embed)
    rows = [(f"b{i}", *QUAKE_B[i], f"2026-04-1{i}") for i in range(2)]
    rows += [(f"a{i}", *QUAKE_A[i], f"2026-03-0{i + 1}") for i in range(3)]
    documents = [RawDocument(source=f"{key}.txt", text=f"{title}\n\n{text}", meta={"published": day})
                 for key, title, text, day in rows]
    with open_store(store_location) as store:
        outcome = ingest_documents(documents, store)
        source = {store.get_article(i).source: i for i in outcome.new}
        story = {key: store.story_of(source[f"{key}.txt"]) for key, *_ in rows}
    assert story["a0"] == story["a1"] == story["a2"] == "s000000"
    assert story["b0"] == story["b1"] == "s000001"
    assert outcome.stories == {"s000000": "created", "s000001": "created"}


def test_ingest_splits_a_touched_story_that_holds_two_events(store_location, monkeypatch) -> None:
    """The stream files two quakes as one story (a saved state that joins at any
    probability); the checkpoint reads the story's stored articles and splits the second
    quake off: in the clusterer, in the store (the older id kept, a split event on both)
    and in the outcome (SQLite and PostgreSQL)."""
    monkeypatch.setattr("newsprism.language.models.embed", fake_embed)
    with open_store(store_location) as store:
        outcome, story = ingest_quakes_as_one_story(store)
        kept, moved = story["a0"], story["b0"]
        assert story["a1"] == story["a2"] == kept == "s000000"
        assert story["b1"] == moved != kept
        assert outcome.split == {moved: kept} and not outcome.merged
        assert [e.kind for e in store.story_events(moved)][0] == "split"
        assert "split" in [e.kind for e in store.story_events(kept)]
        saved = StoryClusterer.from_state(store.load_state(CLUSTERER_STATE), embedder=fake_embed)
        source = {store.get_article(i).source: i for i in outcome.new}
        assert all(saved.story_of(i) == s for i, s in ((source[f"{k}.txt"], s) for k, s in story.items()))
        assert ingest_documents(quake_documents(), store).split == {}  # nothing new: nothing re-examined


def test_cli_ingest_reports_the_checkpoint_splits(tmp_path, monkeypatch) -> None:
    from tests.stories_fixtures import QUAKE_A, QUAKE_B

    monkeypatch.setattr("newsprism.language.models.embed", fake_embed)
    folder = tmp_path / "in"
    folder.mkdir()
    for key, (title, text) in [*((f"a{i}", r) for i, r in enumerate(QUAKE_A)), *((f"b{i}", r) for i, r in enumerate(QUAKE_B))]:
        (folder / f"{key}.txt").write_text(f"{title}\n\n{text}", encoding="utf-8")
    db = tmp_path / "news.db"
    with open_store(db) as store:
        store.save_state(CLUSTERER_STATE, StoryClusterer(params=ClusterParams(join_probability=0.0),
                                                         embedder=fake_embed).to_state())
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db), "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output == ""  # --quiet
    result = CliRunner().invoke(cli, ["review", "--db", str(db), "--json"], catch_exceptions=False)
    assert json.loads(result.stdout) == {"merged": {}, "split": {}}  # the checkpoint already split it
    again = tmp_path / "again.db"
    with open_store(again) as store:
        store.save_state(CLUSTERER_STATE, StoryClusterer(params=ClusterParams(join_probability=0.0),
                                                         embedder=fake_embed).to_state())
    text = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(again)], catch_exceptions=False).output
    assert "2 stories updated, 1 split off stories that held two events." in text, text
    listed = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(tmp_path / "third.db"), "--json"],
                                catch_exceptions=False)
    assert set(json.loads(listed.stdout)) >= {"new", "stories", "merged", "split", "failures"}


@pytest.mark.slow
def test_cli_review_reports_the_changes_as_json(tmp_path) -> None:
    db = tmp_path / "news.db"
    with open_store(db) as store:
        _seed_store(store)
    result = CliRunner().invoke(cli, ["review", "--db", str(db), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    changes = json.loads(result.stdout)
    assert set(changes) == {"merged", "split"} and changes["merged"]
    again = CliRunner().invoke(cli, ["review", "--db", str(db)], catch_exceptions=False)
    assert again.exit_code == 0 and "0 merged, 0 split." in again.stdout


def test_ingest_interrupted_while_assigning_leaves_store_and_clusterer_in_step(store_location, monkeypatch) -> None:
    """Ctrl-C between two checkpoints: the store must not hold assignments the saved
    clusterer does not know (a re-run would hand their story ids out again), and the
    re-run files every article exactly once, each story holding one event."""
    from newsprism.stories import StoryClusterer as Clusterer

    monkeypatch.setattr("newsprism.language.models.embed", fake_embed)
    articles, gold = fixture_articles()
    documents = [RawDocument(source=f"{a.id}.txt", text=f"{a.title}\n\n{a.text}", meta={"published": a.published})
                 for a in articles]
    real_add = Clusterer.add
    calls = []

    def add_then_crash(self, article):  # type: ignore[no-untyped-def]
        calls.append(article.id)
        if len(calls) == 5:
            raise KeyboardInterrupt
        return real_add(self, article)

    with open_store(store_location) as store:
        monkeypatch.setattr(Clusterer, "add", add_then_crash)
        with pytest.raises(KeyboardInterrupt):
            ingest_documents(documents, store)
        monkeypatch.setattr(Clusterer, "add", real_add)
        state = store.load_state(CLUSTERER_STATE)
        saved = StoryClusterer.from_state(state, embedder=fake_embed) if state else None
        for row in store.list_articles(limit=100):
            story = store.story_of(row.id)
            # whatever the store filed, the saved clusterer filed the same way
            assert story is None or (saved is not None and saved.story_of(row.id) == story)

        outcome = ingest_documents(documents, store)
        label = {f"{a.id}.txt": g for a, g in zip(articles, gold, strict=True)}
        filed = {row.id: store.story_of(row.id) for row in store.list_articles(limit=100)}
        assert len(filed) == len(articles) and all(filed.values())
        assert not outcome.failures
        members: dict[str, set[str]] = {}
        for article_id, story in filed.items():
            members.setdefault(story, set()).add(label[store.get_article(article_id).source])
        assert all(len(events) == 1 for events in members.values()), members
        final = StoryClusterer.from_state(store.load_state(CLUSTERER_STATE), embedder=fake_embed)
        assert all(final.story_of(a) == s for a, s in filed.items())


def test_ingest_that_finds_another_run_saved_the_stories_stops_without_overwriting(
        store_location, monkeypatch) -> None:
    """Two ingests of one archive at once (say, overlapping scheduled runs): the one that
    checkpoints second finds the clusterer's state moved on and stops with a clear error,
    leaving the other run's stories intact; its re-run files what it had not."""
    from newsprism.errors import ConcurrentUpdateError
    from newsprism.stories import StoryClusterer as Clusterer
    from tests.stories_fixtures import QUAKE_A, TRIAL

    monkeypatch.setattr("newsprism.language.models.embed", fake_embed)

    def docs(prefix, rows, day):
        return [RawDocument(source=f"{prefix}{i}.txt", text=f"{t}\n\n{x}", meta={"published": day})
                for i, (t, x) in enumerate(rows)]

    mine, theirs = docs("quake", QUAKE_A, "2026-03-03"), docs("trial", TRIAL, "2026-03-04")
    real_add = Clusterer.add
    calls = []

    def add_while_another_run_finishes(self, article):  # type: ignore[no-untyped-def]
        calls.append(article.id)
        if len(calls) == 2:  # the other run starts and ends in the middle of this one
            monkeypatch.setattr(Clusterer, "add", real_add)
            with open_store(store_location) as other:
                ingest_documents(theirs, other)
        return real_add(self, article)

    with open_store(store_location) as store:
        monkeypatch.setattr(Clusterer, "add", add_while_another_run_finishes)
        with pytest.raises(ConcurrentUpdateError, match="run the command again"):
            ingest_documents(mine, store)
        source = {row.source: row.id for row in store.list_articles(limit=100)}
        trial = {store.story_of(source[d.source]) for d in theirs}
        assert len(trial) == 1 and None not in trial  # the other run's story stands
        assert all(store.story_of(source[d.source]) is None for d in mine)  # nothing half-filed

        ingest_documents(mine, store)  # the re-run
        quake = {store.story_of(source[d.source]) for d in mine}
        assert len(quake) == 1 and quake.isdisjoint(trial)
        assert store.get_story(trial.pop()).article_ids == tuple(source[d.source] for d in theirs)
        saved = StoryClusterer.from_state(store.load_state(CLUSTERER_STATE), embedder=fake_embed)
        assert all(saved.story_of(i) == store.story_of(i) for i in source.values())


def test_analyze_stored_stories_reads_each_live_story_once_with_its_history(store) -> None:
    """What `show` and `stories --html` analyse, on both backends: an absorbed id reads
    the story holding it, a story named twice is analysed once, and each page gets the
    story's steps with its merges."""
    from newsprism.archive import analyze_stored_stories
    from newsprism.errors import NewsprismError

    gold = _seed_store(store)
    outcome = review_archive(store)
    gone, into = next(iter(outcome.merged.items()))
    others = [row.id for row in store.list_stories(limit=1000) if row.id != into]
    seen: list[int] = []
    report, history = analyze_stored_stories(store, [gone, into, *others], advance=seen.append)
    assert [a.story.id for a in report.stories] == [into, *others]
    assert len(seen) == 2 + len(others)
    assert sorted(a.id for a in report.articles) == sorted(gold)
    assert set(report.stories[0].story.article_ids) == set(store.get_story(into).article_ids)
    assert any(step.kind == "merged" for step in history[into])
    assert set(history) == {into, *others}
    with pytest.raises(NewsprismError, match="no-such-story"):
        analyze_stored_stories(store, ["no-such-story"])
