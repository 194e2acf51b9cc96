from __future__ import annotations

from dataclasses import dataclass, replace

from rich.console import Console

from newsprism.records import Article, Report
from newsprism.render.terminal import print_articles, print_report, print_stories, print_story
from tests._render_sample import HOSTILE_SCRIPT, sample_articles, sample_report


def _console() -> Console:
    return Console(record=True, width=200, color_system=None)


def test_render_terminal_report_shows_summary_with_citations() -> None:
    console = _console()
    report = sample_report()
    print_report(report, console=console)
    text = console.export_text()
    # story articles are numbered in story order: lantern [1], wire [2], herald [3], evil [4]
    assert "Flood gates at Marrowby harbour failed on Tuesday night. [1][2][3]" in text
    assert "by differing accounts. [1][2]" in text
    assert "[1] The Daily Lantern, 2031-03-04: Marrowby flood gates fail" in text
    assert "3 independent source(s)" in text
    assert "4 article(s)" in text


def test_render_terminal_report_shows_coverage_differences_and_discrepancies() -> None:
    console = _console()
    print_report(sample_report(), console=console)
    text = console.export_text()
    assert "not found in Northgate Herald" in text
    assert "Found only in Northgate Herald: Engineer warned" in text
    assert "discrepancies: 2" in text
    assert "number: Outlets give different river peaks" in text


def test_render_terminal_derives_coverage_when_not_computed() -> None:
    console = _console()
    print_report(sample_report(with_coverage=False), console=console)
    text = console.export_text()
    assert "Found only in Northgate Herald: Engineer warned" in text
    assert "Reported by 2 of 4, not found in Northgate Herald" in text


def test_render_terminal_failures_and_foreign_articles_listed_last() -> None:
    console = _console()
    print_report(sample_report(), console=console)
    text = console.export_text()
    assert "Failures: 2" in text
    assert "broken.html: Input broken.html is empty" in text
    assert text.rindex("Failures") > text.rindex("Flood gates")
    assert "foreign (fr)" in text


def test_render_terminal_prints_brackets_literally() -> None:
    """Untrusted text is never read as rich markup."""
    console = _console()
    articles = sample_articles()
    tricky = replace(articles[0], title="[bold]Not markup[/bold] [link=x]y[/link]")
    print_articles([tricky], console=console)
    assert "[bold]Not markup[/bold]" in console.export_text()


def test_render_terminal_story_in_full() -> None:
    console = _console()
    report = sample_report()
    print_story(report.stories[0], report.articles, console=console)
    text = console.export_text()
    assert "Quote (Ilse Varnhagen)" in text
    assert "three hundred families" in text
    assert "Ilse Varnhagen [PERSON] (also: Varnhagan)" in text
    assert "2031-03-04 Flood gates at Marrowby harbour failed." in text
    assert HOSTILE_SCRIPT in text  # printed as text, harmless in a terminal


def test_render_terminal_listings() -> None:
    @dataclass
    class Row:
        id: str
        title: str
        size: int
        outlets: tuple[str, ...]
        first: str | None
        last: str | None

    @dataclass
    class StoreRow:  # the store's naming
        id: str
        title: str
        size: int
        outlets: tuple[str, ...]
        first_published: str | None
        last_published: str | None
        unknown_outlets: int = 0

    console = _console()
    print_stories([Row("s1", "Gates fail", 3, ("A", "B"), "2031-03-04", "2031-03-05")], console=console)
    print_stories([StoreRow("s9", "Pier shut", 2, ("C",), "2031-04-01", None),
                   StoreRow("s8", "Dock vote", 3, ("D",), None, None, 2),
                   StoreRow("s7", "Ferry late", 1, (), None, None, 1)], console=console)
    print_stories([Row("s2", "Quay", 5, ("A", "B", "C", "D"), "2031-03-30", "2031-04-02"),
                   Row("s3", "Vote", 2, ("E",), "2030-12-30", "2031-01-02")], console=console)
    print_articles(sample_articles(), console=console)
    text = console.export_text()
    assert "2031-03-04 – 05" in text and "A, B" in text
    assert "2031-04-01 – ?" in text
    assert "2031-03-30 – 04-02" in text and "2030-12-30 – 2031-01-02" in text
    assert "A, B +2" in text  # the first outlets named, the rest counted
    assert "D (+2 unknown)" in text and "1 unknown" in text  # articles whose outlet is unknown
    assert "Coastline Wire" in text and "lantern-1" in text

    empty = _console()
    print_stories([], console=empty)
    print_report(Report(articles=(), stories=()), console=empty)
    printed = empty.export_text()
    assert "No stories." in printed and "No stories found." in printed


def test_render_terminal_summary_sentences_print_on_one_line() -> None:
    report = sample_report()
    story = report.stories[0]
    ragged = replace(story, summary=(replace(story.summary[0], text="Gates\n\nfailed   at night."),))
    console = _console()
    print_story(ragged, report.articles, console=console)
    assert "Gates failed at night. [1][2][3]" in console.export_text()


def test_story_list_cuts_long_titles_with_an_ellipsis() -> None:
    from types import SimpleNamespace

    from newsprism.render.terminal import STORY_TITLE_CHARS

    long_title = "The harbour board of Vell voted on Monday evening " * 5
    row = SimpleNamespace(id="s7", title=long_title, size=4, outlets=("A",), first="2031-05-01", last="2031-05-01")
    console = _console()
    print_stories([row], console=console)
    text = " ".join(console.export_text().split())
    assert "The harbour board of Vell voted" in text and "…" in text
    shown = text[text.index("The harbour") :]
    assert len(shown.split("…")[0].replace("│", "").split()) < len(long_title.split())
    assert STORY_TITLE_CHARS < len(long_title)


def test_render_terminal_many_stories_open_with_a_table_and_show_the_widest_in_full() -> None:
    from newsprism.records import Article, Story, StoryAnalysis, SummarySentence
    from newsprism.render import terminal

    big = sample_report()
    # one-article stories, each with its own outlet and a summary line naming it
    singles = []
    extra_articles = []
    for i in range(terminal.REPORT_STORIES_SHOWN + 5):
        a = Article(id=f"x{i}", text=f"Item {i} happened.", source=f"x{i}.txt", outlet=f"Outlet {i}",
                    title=f"Lone item {i}", published="2031-03-05")
        extra_articles.append(a)
        singles.append(StoryAnalysis(story=Story(f"s{100 + i}", f"Lone item {i}", (a.id,)), source_groups=((a.id,),),
                                     summary=(SummarySentence(f"Item {i} happened.", (a.id,), None),)))
    # the widest story comes last in report order but first in the table and in full
    report = replace(big, articles=(*big.articles, *extra_articles), stories=(*singles, *big.stories))
    console = _console()
    print_report(report, console=console)
    text = console.export_text()
    table_at = text.index("Stories")
    assert text.index("s1 ") > table_at and text.index("s1 ") < text.index("s100 ")
    assert f"In full below: the {terminal.REPORT_STORIES_SHOWN} most widely covered of {len(report.stories)} stories" in text
    assert "Flood gates at Marrowby harbour failed on Tuesday night. [1][2][3]" in text
    shown_in_full = [i for i in range(len(singles)) if f"Item {i} happened. [1]" in text]
    assert len(shown_in_full) == terminal.REPORT_STORIES_SHOWN - 1
    assert "Failures: 2" in text


def test_render_terminal_few_stories_have_no_table() -> None:
    console = _console()
    print_report(sample_report(), console=console)
    assert "In full below" not in console.export_text()
    assert "┃ id" not in console.export_text()


def test_render_terminal_article_ids_stay_whole_in_a_narrow_terminal() -> None:
    """`newsprism split` takes article ids: the listing must not break one over two lines."""
    from rich.console import Console

    long_id = "harbour-authority-closes-north-quay-after-fire-2031"
    console = Console(record=True, width=80, force_terminal=False)
    print_articles([Article(id=long_id, text="Gates shut at the quay.", outlet="Coastline Wire",
                            title="Quay shut after fire at the north end of the harbour", published="2031-03-04")],
                   console=console)
    assert long_id in console.export_text()


def test_print_report_story_table_counts_unknown_outlets_instead_of_naming_article_ids() -> None:
    from newsprism.records import Story, StoryAnalysis

    articles, stories = [], []
    for n in range(12):  # past the stories shown in full, so the table of stories is printed
        known = Article(id=f"post-{n}", text="The pier closed.", outlet="Harbour Post", language="en")
        scraped = Article(id=f"scrape-{n:03d}", text="The pier closed today.", language="en")
        articles += [known, scraped]
        stories.append(StoryAnalysis(story=Story(f"s{n}", f"Pier story {n}", (known.id, scraped.id))))
    console = _console()
    print_report(Report(articles=tuple(articles), stories=tuple(stories)), console=console)
    table = console.export_text().split("In full below")[0]
    assert table.count("Harbour Post (+1 unknown)") == 12 and "scrape-" not in table
    console = _console()
    print_story(stories[0], articles[:2], console=console)
    text = console.export_text()
    assert "2 article(s) · 1 outlet(s) · 1 of unknown outlet" in text
    assert "Outlets: Harbour Post; outlet unknown: scrape-000" in text
    assert "[2] scrape-000: “The pier closed today.”" in text  # untitled: how it begins
