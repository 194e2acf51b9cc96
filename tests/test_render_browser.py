"""The static HTML report in a real browser (headless Chromium through Playwright): every
page opens from file:// with nothing blocked or fetched, its one script runs under the
Content-Security-Policy, and hostile article text shows as text and never runs.

The ``browser`` fixture (conftest.py) needs Debian's Chromium (``apt-get install
chromium``; CI installs it) and the ``playwright`` package (the dev extra); it skips with
a message when either is absent.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from newsprism.cli import cli
from newsprism.render.html import page_name, write_html
from tests._render_sample import HOSTILE_IMG, HOSTILE_SCRIPT, sample_report

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
class _Visit:
    """One page opened in the browser, with everything that went wrong while it loaded."""

    def __init__(self, browser, path: Path, fragment: str = "") -> None:
        self.page = browser.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.on("request", lambda r: r.url.startswith("file:") or self.problems.append(f"fetched {r.url}"))
        self.page.goto(path.as_uri() + (f"#{fragment}" if fragment else ""))

    def links(self) -> list[str]:
        return [href for href in (a.get_attribute("href") for a in self.page.locator("a[href]").all()) if href]


def _crawl(browser, index: Path) -> dict[str, _Visit]:
    """Every page reachable from ``index`` by the report's own links, each opened once."""
    seen: dict[str, _Visit] = {}
    queue = deque([index.name])
    while queue:
        name = queue.popleft()
        if name in seen:
            continue
        assert (index.parent / name).is_file(), f"a link leads to a missing page: {name}"
        visit = seen[name] = _Visit(browser, index.parent / name)
        for href in visit.links():
            parts = urlsplit(href)
            if not parts.scheme and parts.path:
                queue.append(unquote(parts.path))
    for visit in seen.values():
        visit.page.close()
    return seen


def test_every_page_of_a_report_opens_with_nothing_blocked_fetched_or_injected(browser, tmp_path) -> None:
    from newsprism.store.base import StoryEvent

    report = sample_report()
    steps = [StoryEvent("s1", "created", "2031-03-04T08:00:00+00:00", ("lantern",), {}),
             StoryEvent("s1", "merged", "2031-03-05T09:30:00+00:00", ("wire",), {"absorbed": HOSTILE_SCRIPT})]
    index = write_html(report, tmp_path / "site", history={"s1": steps})
    visits = _crawl(browser, index)
    expected = {"index.html", *(page_name("story", s.story.id) for s in report.stories),
                *(page_name("article", a.id) for a in report.articles)}
    assert expected <= set(visits)
    for name, visit in visits.items():
        assert visit.problems == [], name
    # the hostile text is on the pages as text: shown, not run
    story = _Visit(browser, index.parent / page_name("story", "s1"))
    text = story.page.inner_text("body")
    assert HOSTILE_SCRIPT in text and HOSTILE_IMG.strip('">') in text
    assert story.page.locator("#changes").is_visible()
    assert story.page.evaluate("document.querySelectorAll('img').length") == 0
    assert story.problems == []


def test_a_citation_opens_the_article_at_the_sentence_and_the_script_highlights_it(browser, tmp_path) -> None:
    index = write_html(sample_report(), tmp_path / "site")
    story = _Visit(browser, index.parent / page_name("story", "s1"))
    cites = [href for href in story.links() if "article-" in href and "#m" in href]
    assert cites
    story.page.locator(f'a[href="{cites[0]}"]').first.click()
    story.page.wait_for_load_state()
    anchor = urlsplit(story.page.url).fragment
    assert urlsplit(story.page.url).path.endswith(cites[0].split("#")[0]) and anchor == cites[0].split("#")[1]
    hits = story.page.locator("mark.hit")
    assert hits.count() >= 1  # the script ran under the page's Content-Security-Policy
    assert all(anchor in (mark.get_attribute("data-spans") or "").split() for mark in hits.all())
    # following another mention on the same page moves the highlight
    others = [m.get_attribute("data-spans").split()[0] for m in story.page.locator("mark[data-spans]").all()]
    other = next(span for span in others if span != anchor)
    story.page.evaluate(f"location.hash = {other!r}")
    story.page.wait_for_function(f"document.querySelector('mark.hit[data-spans~=\"{other}\"]') !== null")
    assert all(other in m.get_attribute("data-spans").split() for m in story.page.locator("mark.hit").all())
    assert story.problems == []


def test_the_demo_report_reads_in_a_browser_story_by_story(browser, tmp_path) -> None:
    """The bundled demo analysed as `make demo` does: every page opens cleanly, the index
    links every story, and each story page names its title and shows how it grew."""
    import json

    corpus = ROOT / "demo" / "corpus"
    out = tmp_path / "html"
    CliRunner().invoke(cli, ["analyze", str(corpus), "--meta", str(corpus / "meta.csv"), "--html", str(out),
                             "--json", str(tmp_path / "report.json"), "--quiet"], catch_exceptions=False)
    sizes = {page_name("story", s["id"]): len(s["articles"])
             for s in json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["stories"]}
    visits = _crawl(browser, out / "index.html")
    stories = sorted(name for name in visits if name.startswith("story-"))
    assert len(stories) >= 3 and sum(name.startswith("article-") for name in visits) >= 15
    for name, visit in visits.items():
        assert visit.problems == [], name
    index = _Visit(browser, out / "index.html")
    listed = {unquote(urlsplit(href).path) for href in index.links() if href.startswith("story-")}
    assert listed == set(stories)
    for name in stories:
        page = _Visit(browser, out / name).page
        title = page.locator("h1").inner_text().strip()
        assert title and title in index.page.inner_text("body")
        assert page.locator("#growth").is_visible() == (sizes[name] > 1)  # one article did not grow


def test_the_archive_front_page_reads_in_a_browser_in_the_listing_order(browser, tmp_path) -> None:
    """`newsprism stories --sort latest --html` on the demo archive: every page opens
    cleanly and the index lists the stories, with their ids, in the listing's order."""
    import json

    corpus, db, out = ROOT / "demo" / "corpus", tmp_path / "news.db", tmp_path / "site"
    runner = CliRunner()
    runner.invoke(cli, ["ingest", str(corpus), "--meta", str(corpus / "meta.csv"), "--db", str(db), "--quiet"],
                  catch_exceptions=False)
    result = runner.invoke(cli, ["stories", "--sort", "latest", "--db", str(db), "--json", "--html", str(out)],
                           catch_exceptions=False)
    rows = json.loads(result.stdout)
    visits = _crawl(browser, out / "index.html")
    for name, visit in visits.items():
        assert visit.problems == [], name
    index = _Visit(browser, out / "index.html")
    order = [unquote(urlsplit(href).path) for href in index.links() if href.startswith("story-")]
    assert list(dict.fromkeys(order)) == [page_name("story", row["id"]) for row in rows]
    tags = index.page.locator(".tag").all_inner_texts()
    assert [t for t in tags if t in {row["id"] for row in rows}] == [row["id"] for row in rows]


def test_on_a_phone_wide_tables_scroll_inside_the_page_and_titles_stay_readable(browser, tmp_path) -> None:
    """At 390 px no page is wider than the screen (tables scroll in their own box), and the
    index keeps its story titles at least 14rem wide."""
    index = write_html(sample_report(), tmp_path / "site")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        for path in sorted(index.parent.glob("*.html")):
            page = context.new_page()
            page.goto(path.as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path.name
            page.close()
        page = context.new_page()
        page.goto(index.as_uri())
        width = page.evaluate("document.querySelector('table.stories td').getBoundingClientRect().width")
        rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert width >= 14 * rem - 1
    finally:
        context.close()
