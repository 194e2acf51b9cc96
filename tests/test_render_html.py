from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.records import Article, Claim, Mention, Quote, QuoteMention, Report, Story, StoryAnalysis
from newsprism.render.html import anchor_id, page_name, safe_url, write_html
from tests._render_sample import HOSTILE_SCRIPT, sample_report

SCRIPT = (Path(__file__).resolve().parent.parent / "src/newsprism/render/static/report.js").read_text()


class _Page(HTMLParser):
    """Tags, ids, links, scripts and the marked text of one generated page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.scripts: list[str] = []
        self.marks: dict[str, str] = {}  # anchor id -> text of the marks covering it
        self._in_script = False
        self._mark_spans: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href") is not None:
            self.hrefs.append(attributes["href"])
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag == "mark" and attributes.get("data-spans"):
            self._mark_spans = attributes["data-spans"].split()

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if tag == "mark":
            self._mark_spans = None

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        if self._mark_spans:
            for span in self._mark_spans:
                self.marks[span] = self.marks.get(span, "") + data


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict[str, _Page]:
    out = tmp_path_factory.mktemp("site")
    index = write_html(sample_report(), out / "nested" / "report")
    assert index.name == "index.html" and index.exists()
    return {p.name: _Page(p.read_text(encoding="utf-8")) for p in index.parent.glob("*.html")}


def _raw(tmp_path: Path, report: Report) -> dict[str, str]:
    index = write_html(report, tmp_path)
    return {p.name: p.read_text(encoding="utf-8") for p in index.parent.glob("*.html")}


def test_render_html_writes_index_story_and_article_pages(site) -> None:
    report = sample_report()
    expected = {"index.html"} | {page_name("story", s.story.id) for s in report.stories}
    expected |= {page_name("article", a.id) for a in report.articles}
    assert set(site) == expected


def test_render_html_static_pages_carry_no_web_app_parts(tmp_path) -> None:
    for name, text in _raw(tmp_path, sample_report()).items():
        assert "nav.app" not in text and "<form" not in text and "form-action &#39;none&#39;" in text, name


def test_render_html_never_emits_hostile_markup(site, tmp_path) -> None:
    for name, page in site.items():
        assert all(tag != "img" for tag, _ in page.tags), name
        for tag, attributes in page.tags:
            assert not any(key.startswith("on") for key in attributes), (name, tag, attributes)
            assert "src" not in attributes, (name, tag)  # no external or injected resources
        assert [s.strip() for s in page.scripts] == [SCRIPT.strip()], name  # only our own script
        for href in page.hrefs:
            assert not href.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (name, href)
    for name, text in _raw(tmp_path, sample_report()).items():
        assert "<script>alert" not in text, name
        assert "<img" not in text, name
        assert "Content-Security-Policy" in text


def test_render_html_script_is_allowed_by_its_csp_hash(tmp_path) -> None:
    """The inline script runs only if the policy's hash matches its exact content."""
    for name, text in _raw(tmp_path, sample_report()).items():
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
        policy = html.unescape(policy)
        script = re.search(r"<script>(.*?)</script>", text, re.S).group(1)
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"script-src 'sha256-{digest}'" in policy, name
        assert "default-src 'none'" in policy


def test_render_html_hostile_text_is_shown_escaped(tmp_path) -> None:
    pages = _raw(tmp_path, sample_report())
    story = pages[page_name("story", "s1")]
    assert html.escape(HOSTILE_SCRIPT, quote=False) in story  # visible as text, in the title
    article = pages[page_name("article", "lantern-1")]
    assert "Photo: &lt;script&gt;" in article  # a removed caption, escaped


def test_render_html_every_internal_link_resolves(site) -> None:
    checked = 0
    for name, page in site.items():
        for href in page.hrefs:
            if href.startswith(("http://", "https://")):
                continue
            target, _, fragment = href.partition("#")
            target = target or name
            assert target in site, (name, href)
            if fragment:
                assert fragment in site[target].ids, (name, href)
            checked += 1
    assert checked > 40


def test_render_html_matrix_links_land_on_the_claimed_sentence(site) -> None:
    report = sample_report()
    story = site[page_name("story", "s1")]
    for claim in report.stories[0].claims:
        for mention in claim.mentions:
            href = f"{page_name('article', mention.article)}#{anchor_id(mention.start, mention.end)}"
            assert href in story.hrefs
            assert site[page_name("article", mention.article)].marks[anchor_id(mention.start, mention.end)] == mention.text


def test_render_html_discrepancy_evidence_links_to_its_sentence(site) -> None:
    report = sample_report()
    story = site[page_name("story", "s1")]
    for d in report.stories[0].discrepancies:
        for e in d.evidence:
            article = next(a for a in report.articles if a.id == e.article)
            start = article.text.index(e.text)
            anchor = anchor_id(start, start + len(e.text))
            assert f"{page_name('article', e.article)}#{anchor}" in story.hrefs
            assert site[page_name("article", e.article)].marks[anchor] == e.text


def test_render_html_urls_are_linked_only_when_http(site) -> None:
    assert safe_url("https://a.example/x?b=1") == "https://a.example/x?b=1"
    for bad in ("javascript:alert(1)", " https://a.example", "data:text/html,x", "https:///nohost", None, ""):
        assert safe_url(bad) is None
    lantern = site[page_name("article", "lantern-1")]
    assert "https://lantern.example/marrowby?a=1&b=2" in lantern.hrefs
    wire = site[page_name("article", "wire/2")]
    assert not any("javascript" in h for h in wire.hrefs)


def test_render_html_story_sections_shown_only_with_content(site) -> None:
    full = site[page_name("story", "s1")].ids
    bare = site[page_name("story", "s2")].ids
    sections = {"coverage", "discrepancies", "quotes", "shared-copy", "entities", "timeline", "growth", "notes"}
    assert sections <= full
    assert not sections & bare
    assert "summary" in bare  # says in one line that there is none


def test_render_html_quote_diff_and_speaker_link(tmp_path) -> None:
    story = _raw(tmp_path, sample_report())[page_name("story", "s1")]
    assert '<ins class="diff">three</ins>' in story
    assert '<ins class="diff">came</ins>' in story
    assert '<del class="diff">four</del>' in story
    assert 'href="#entity-1"' in story  # the speaker, linked to the entity row
    assert "“four” → “three”" in story  # the change in words, not colour alone


def test_render_html_entity_types_in_words(tmp_path) -> None:
    report = sample_report()
    first = report.stories[0]
    ship = replace(first.entities[0], id="e4", name="Marit Holm", type="PRODUCT", variants=("Marit Holm",))
    report = replace(report, stories=(replace(first, entities=(*first.entities, ship)), *report.stories[1:]))
    story = _raw(tmp_path, report)[page_name("story", "s1")]
    table = story[story.index('id="entities"') :]
    table = table[: table.index("</table>")]
    assert '<span class="tag" title="GPE">place</span>' in table  # spaCy's label kept as the tooltip
    assert '<span class="tag" title="PERSON">person</span>' in table
    assert '<span class="tag" title="PRODUCT">vessel</span>' in table  # only ships are kept with that label
    assert ">GPE<" not in table


def test_render_html_index_lists_foreign_articles_and_failures(site) -> None:
    index = site["index.html"]
    assert {"not-analysed", "failures", "articles"} <= index.ids
    assert page_name("article", "foreign") in index.hrefs
    assert page_name("story", "s1") in index.hrefs


def test_render_html_overlapping_mentions_are_all_anchored(tmp_path) -> None:
    text = "Alpha beta gamma delta.\n\nSecond part here.\n\nHeading"
    article = Article(id="x", text=text, title="X", headings=())
    spans = [(0, 16), (6, 22), (17, 42), (0, 0)]
    claims = tuple(
        Claim(f"c{i}", text[s:e], ("x",), 1, (Mention("x", text[s:e], s, e),)) for i, (s, e) in enumerate(spans)
    )
    quote = Quote("q", None, (QuoteMention("x", text[6:16], 6, 16, None, None),))
    bad = Claim("bad", "nope", ("x",), 1, (Mention("x", "nope", 3, 7),))  # wrong offsets: not anchored
    analysis = StoryAnalysis(Story("s", "S", ("x",)), claims=(*claims, bad), quotes=(quote,))
    index = write_html(Report(articles=(article,), stories=(analysis,)), tmp_path)
    page = _Page((index.parent / page_name("article", "x")).read_text())
    for s, e in [*spans, (6, 16)]:
        assert anchor_id(s, e) in page.ids
        if s < e:
            assert page.marks[anchor_id(s, e)].replace("\n", "") == text[s:e].replace("\n", "")
    assert anchor_id(3, 7) not in page.ids
    story = _Page((index.parent / page_name("story", "s")).read_text())
    assert page_name("article", "x") in story.hrefs  # the bad mention links to the page itself


def test_render_html_is_deterministic_and_handles_empty_reports(tmp_path) -> None:
    first = _raw(tmp_path / "a", sample_report(with_coverage=False))
    second = _raw(tmp_path / "b", sample_report(with_coverage=False))
    assert first == second
    empty = _raw(tmp_path / "c", Report(articles=(), stories=()))
    assert list(empty) == ["index.html"]
    assert "No stories were found." in empty["index.html"]


@given(
    st.text(alphabet="ab \n", max_size=60),
    st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70)), max_size=8),
)
@settings(max_examples=200, deadline=None)
def test_render_html_text_blocks_keep_text_and_anchor_every_span_once(text: str, raw_spans) -> None:
    from newsprism.render.html import _blocks, _text_blocks

    spans = {(min(s, e), max(s, e)): "claim" for s, e in raw_spans if max(s, e) <= len(text)}
    blocks = _text_blocks(Article(id="p", text=text), spans)
    anchors = [a for b in blocks for seg in b.segments for a in seg.anchors]
    assert sorted(anchors) == sorted(anchor_id(s, e) for s, e in spans)
    kept = ["".join(seg.text for seg in b.segments) for b in blocks if any(seg.text for seg in b.segments)]
    assert kept == [text[s:e] for s, e in _blocks(text)]
    for b in blocks:
        for seg in b.segments:
            for span in seg.spans:
                s, e = map(int, span[1:].split("-"))
                assert seg.text in text[s:e]


def test_render_html_growth_counts_articles_per_day(tmp_path) -> None:
    story = _raw(tmp_path, sample_report())[page_name("story", "s1")]
    growth = story[story.index('id="growth"') :]
    rows = re.findall(r'<tr><td class="num">([^<]+)</td><td class="num">(\d+)</td>.*?<td class="num">(\d+)</td>', growth)
    # evil is dated to the month only, two articles on the 4th, one on the 5th
    assert rows == [("2031-03", "1", "1"), ("2031-03-04", "2", "3"), ("2031-03-05", "1", "4")]


def test_render_html_survives_a_score_that_is_not_a_number(tmp_path) -> None:
    from dataclasses import replace

    report = sample_report()
    story = replace(report.stories[0], syndication=(replace(report.stories[0].syndication[0], score=float("nan")),))
    page = _raw(tmp_path, replace(report, stories=(story,)))[page_name("story", "s1")]
    assert "unknown shared" in page
    assert "82% shared" in _raw(tmp_path / "ok", report)[page_name("story", "s1")]


class _Nesting(HTMLParser):
    VOID = {"meta", "br", "hr", "img", "input", "link"}

    def __init__(self, text: str) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[tuple[str, int]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        else:
            self.errors.append((tag, self.getpos()[0]))


def test_render_html_pages_are_well_formed(tmp_path) -> None:
    for name, text in _raw(tmp_path, sample_report()).items():
        nesting = _Nesting(text)
        assert nesting.errors == [] and nesting.stack == [], name


def test_render_html_lists_omissions_and_exclusives_per_outlet(tmp_path) -> None:
    for with_coverage in (True, False):  # the analysis's coverage, or one derived from the claims
        story = _raw(tmp_path / str(with_coverage), sample_report(with_coverage=with_coverage))[page_name("story", "s1")]
        table = story[story.index('class="by-outlet"') :]
        table = table[: table.index("</table>")]
        herald = table[table.index("Northgate Herald") :].split("</tr>")[0]
        left_out, alone = herald.split("</td>")[1:3]
        assert "The river peaked at about six metres." in left_out
        assert "Engineer warned" in alone
        assert "The Daily Lantern</strong>" not in table  # it omits nothing and has nothing alone
        # claims matching misses facts told in other words: a – is a lead to check, not a verdict
        assert "<th>Not found</th><th>Found only here</th>" in table
        assert "read the article before calling a – an omission" in story


def test_render_html_unwritable_folder_is_a_clear_error(tmp_path) -> None:
    from newsprism.errors import NewsprismError
    from newsprism.render.json import write_json

    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder")
    with pytest.raises(NewsprismError, match="Cannot write the HTML report to .*taken"):
        write_html(sample_report(), blocker)
    with pytest.raises(NewsprismError, match="Cannot write the JSON report"):
        write_json(sample_report(), blocker / "report.json")


def test_render_html_lists_a_stored_storys_merges_and_splits(tmp_path) -> None:
    from newsprism.store.base import StoryEvent

    steps = [
        StoryEvent("s1", "created", "2031-03-04T08:00:00+00:00", ("lantern",), {}),
        StoryEvent("s1", "merged", "2031-03-05T09:30:00+00:00", ("wire", "herald"), {"absorbed": "s9"}),
        StoryEvent("s1", "split", "2031-03-06T10:00:00+00:00", ("evil",),
                   {"into": HOSTILE_SCRIPT, "by": "editor"}),
    ]
    pages = tmp_path / "out"
    write_html(sample_report(), pages, history={"s1": steps})
    story = (pages / page_name("story", "s1")).read_text(encoding="utf-8")
    changes = story[story.index('id="changes"'):]
    assert "absorbed story s9 (2 articles)" in changes and "the clusterer&#39;s review" in changes
    assert "1 article split off into story" in changes and "an editor" in changes
    assert HOSTILE_SCRIPT not in story and html.escape(HOSTILE_SCRIPT, quote=False) in changes
    assert "created" not in changes  # joins and openings are the growth table's
    bare = (tmp_path / "bare")
    write_html(sample_report(), bare)
    assert 'id="changes"' not in (bare / page_name("story", "s1")).read_text(encoding="utf-8")


def test_render_html_again_removes_the_last_reports_pages_it_no_longer_has(tmp_path) -> None:
    """A front page written daily to one folder: the pages of a story that left it go, and
    so do its articles' pages; files the report did not write stay, whatever the manifest says."""
    from dataclasses import replace

    from newsprism.render.html import MANIFEST

    full = sample_report()
    out = tmp_path / "site"
    write_html(full, out)
    first = {p.name for p in out.iterdir()}
    (out / "notes.html").write_text("mine")
    (out / "story-kept-by-hand-00000000.html").write_text("mine too")
    kept, gone = full.stories
    smaller = replace(full, stories=(kept,), articles=tuple(a for a in full.articles if a.id in kept.story.article_ids))
    write_html(smaller, out)
    now = {p.name for p in out.iterdir()}
    assert page_name("story", gone.story.id) in first and page_name("story", gone.story.id) not in now
    assert all(page_name("article", a) not in now for a in gone.story.article_ids)
    assert {page_name("story", kept.story.id), "notes.html", "story-kept-by-hand-00000000.html"} <= now
    assert all(page_name("article", a) in now for a in kept.story.article_ids)
    # a manifest that names other files (it lives in the user's folder) deletes none of them
    (tmp_path / "outside.html").write_text("outside")
    manifest = out / MANIFEST
    manifest.write_text(manifest.read_text() + "../outside.html\nnotes.html\nindex.html\nstory-kept-by-hand-00000000.html/..\n")
    write_html(smaller, out)
    assert (tmp_path / "outside.html").exists() and (out / "notes.html").exists() and (out / "index.html").exists()


def test_render_html_index_counts_articles_of_unknown_outlet_instead_of_naming_their_ids(tmp_path) -> None:
    known = Article(id="harbour-1", text="The pier closed at noon.", outlet="Harbour Post", language="en")
    scraped = [Article(id=f"scrape-{n:03d}", text="The pier closed at noon today.", language="en") for n in range(2)]
    analysis = StoryAnalysis(story=Story("s1", "Pier closed", ("harbour-1", "scrape-000", "scrape-001")))
    index = write_html(Report(articles=(known, *scraped), stories=(analysis,)), tmp_path)
    row = re.search(r"<tbody>(.*?)</tbody>", index.read_text(encoding="utf-8"), re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert "Harbour Post" in cells[3] and "+2 unknown" in cells[3] and "scrape-" not in cells[3]
    story = (tmp_path / page_name("story", "s1")).read_text(encoding="utf-8")
    assert "3 articles from 1 outlet and 2 of unknown outlet" in story
    assert "Updated (UTC)" not in index.read_text(encoding="utf-8")  # not a stored story: no history


def test_render_html_quote_compares_renderings_with_the_fullest(tmp_path) -> None:
    """A fragment quoted in passing ("close the harbour") is not the reference, and what it
    leaves out of the full sentence is not listed as a change."""
    full = "If the gates fail again, we will close the harbour to every ship until spring"
    renderings = {"post-1": "close the harbour", "wire-1": full,
                  "daily-1": "If the gates fail again, we will shut the harbour to every ship until spring"}
    articles = tuple(Article(id=a, text=f"The minister said: \u201c{t}.\u201d", outlet=a.split("-")[0].title(),
                             language="en") for a, t in renderings.items())
    quote = Quote(id="q1", speaker="Ana Ruiz", mentions=tuple(
        QuoteMention(a, t, 20, 20 + len(t), speaker_mention="the minister", cue="said") for a, t in renderings.items()))
    analysis = StoryAnalysis(story=Story("s1", "Harbour to close", tuple(renderings)), quotes=(quote,))
    write_html(Report(articles=articles, stories=(analysis,)), tmp_path)
    page = (tmp_path / page_name("story", "s1")).read_text(encoding="utf-8")
    section = page[page.index('id="quotes"'):]
    panels = section.split('<div class="panel')[1:]
    assert "reference" in panels[0].split("</div>")[0] and "Wire" in panels[0]
    fragment = next(p for p in panels if "Post" in p)
    assert "Quotes part of the reference." in fragment and "Differs from the reference" not in fragment
    daily = next(p for p in panels if "Daily" in p)
    assert "Differs from the reference: \u201cclose\u201d \u2192 \u201cshut\u201d" in daily


def test_render_html_timeline_shows_a_clause_in_its_sentence(tmp_path) -> None:
    from newsprism.records import TimelineEntry
    from newsprism.render.html import sentence_around

    text = ("The board met at dawn. Officials said <b>the</b> gates, which failed on March 3 after a storm, "
            "would be rebuilt. The mayor toured the quay on Tuesday.")
    clause = "which failed on March 3 after a storm"
    start = text.index(clause)
    before, after = sentence_around(text, start, start + len(clause))
    assert before == "Officials said <b>the</b> gates," and after == ", would be rebuilt."
    whole = "The mayor toured the quay on Tuesday."
    assert sentence_around(text, text.index(whole), len(text)) == ("", "")
    article = Article(id="post-1", text=text, outlet="Harbour Post", published="2031-03-07", language="en")
    entries = (
        TimelineEntry(date="2031-03-03", text=clause + ".", articles=("post-1",),
                      mentions=(Mention("post-1", clause, start, start + len(clause)),)),
        TimelineEntry(date="2031-03-04", text=whole, articles=("post-1",),
                      mentions=(Mention("post-1", whole, text.index(whole), len(text)),)),
    )
    analysis = StoryAnalysis(story=Story("s1", "Gates", ("post-1",)), timeline=entries)
    write_html(Report(articles=(article,), stories=(analysis,)), tmp_path)
    page = (tmp_path / page_name("story", "s1")).read_text(encoding="utf-8")
    rows = page[page.index('id="timeline"'):].split("<tr>")
    first = next(r for r in rows if "2031-03-03" in r)
    assert ('<span class="muted">Officials said &lt;b&gt;the&lt;/b&gt; gates,</span> <strong>' + clause
            + '</strong><span class="muted">, would be rebuilt.</span>') in first
    second = next(r for r in rows if "2031-03-04" in r)
    assert whole in second and "<strong>" not in second and "muted\">" not in second.split("</td>")[1]


def test_render_html_names_an_untitled_article_by_how_it_begins(tmp_path) -> None:
    from newsprism.render._view import opening_words

    long = Article(id="scrape-1", text=("Crews worked through the night " * 8).strip() + ". Then it rained.",
                   language="en")
    assert opening_words(long).endswith("…") and len(opening_words(long)) <= 120
    untitled = Article(id="scrape-2", text="The pier <b>closed</b> at noon. Ships waited offshore.", language="en")
    titled = Article(id="post-1", text="The pier closed.", title="Pier shut", outlet="Harbour Post", language="en")
    analysis = StoryAnalysis(story=Story("s1", "Pier shut", ("post-1", "scrape-2")))
    index = write_html(Report(articles=(titled, untitled), stories=(analysis,)), tmp_path)
    expected = '<span class="muted">\u201cThe pier &lt;b&gt;closed&lt;/b&gt; at noon.\u201d</span>'
    assert expected in index.read_text(encoding="utf-8")
    story = (tmp_path / page_name("story", "s1")).read_text(encoding="utf-8")
    sources = story[story.index('<ul class="sources">'):]
    assert ": Pier shut</li>" in sources and expected in sources and "Ships waited" not in sources


def test_render_html_matrix_marks_a_close_sentence_of_a_related_claim(tmp_path) -> None:
    """An article that makes a related claim gets ≈ in the row, linking to that sentence,
    whose untrusted text is escaped in the cell's title."""
    from dataclasses import replace

    report = sample_report()
    story = report.stories[0]
    claims = {c.id: c for c in story.claims}
    related = [
        replace(c, related=("c4",)) if c.id == "c3" else replace(c, related=("c3",)) if c.id == "c4" else c
        for c in story.claims
    ]
    report = replace(report, stories=(replace(story, claims=tuple(related)),))
    page = _raw(tmp_path, report)[page_name("story", "s1")]
    row = next(r for r in page.split("<tr>") if "Engineer warned" in r)
    close = re.findall(r'<td class="cell close[^"]*"><a href="([^"]+)" title="([^"]*)"', row)
    mention = claims["c4"].mentions[0]
    assert close == [(f"{page_name('article', mention.article)}#{anchor_id(mention.start, mention.end)}",
                      html.escape(f"A close sentence in {_outlet(report, mention.article)}, not matched to this claim: "
                                  f"“{mention.text}”", quote=True).replace("&#x27;", "&#39;"))]
    assert HOSTILE_SCRIPT not in row
    plain = _raw(tmp_path / "plain", sample_report())[page_name("story", "s1")]
    assert 'class="cell close' not in plain


def test_render_html_matrix_marks_a_sentence_that_recalls_the_claim(tmp_path) -> None:
    """A claim stated in passing in another article's sentence gets ≈ there; one way: the
    recalling claim's row gets no mark."""
    from dataclasses import replace

    report = sample_report()
    story = report.stories[0]
    claims = {c.id: c for c in story.claims}
    recalled = [replace(c, recalled_by=("c4",)) if c.id == "c3" else c for c in story.claims]
    page = _raw(tmp_path, replace(report, stories=(replace(story, claims=tuple(recalled)),)))[page_name("story", "s1")]
    rows = page.split("<tr>")
    row = next(r for r in rows if "Engineer warned" in r)
    mention = claims["c4"].mentions[0]
    hrefs = re.findall(r'<td class="cell close[^"]*"><a href="([^"]+)"', row)
    assert hrefs == [f"{page_name('article', mention.article)}#{anchor_id(mention.start, mention.end)}"]
    assert sum('class="cell close' in r for r in rows) == 1
    assert HOSTILE_SCRIPT not in page


def _outlet(report: Report, article_id: str) -> str:
    return next(a.outlet or a.id for a in report.articles if a.id == article_id)
