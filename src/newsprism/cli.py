"""The ``newsprism`` command: thin commands over the importable pipeline.

Exit status: 0 when everything was read; 1 when some inputs failed (one line each on
standard error, the others were processed); 2 for a usage error; 3 when the run itself
failed (for example the store could not be opened).
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

import click

from newsprism import __version__
from newsprism.controls import safe
from newsprism.errors import NewsprismError
from newsprism.records import Failure, RawDocument, Report

if TYPE_CHECKING:
    from newsprism.ingest import FeedRead

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_FATAL = 3

F = TypeVar("F", bound=Callable[..., Any])


# Matching articles read to find the stories of `stories --search`.
SEARCH_ARTICLES = 2000


class Interval(click.ParamType):
    """A duration such as 90s, 15m or 1h (a bare number is minutes), in seconds."""

    name = "interval"
    _UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0}

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", str(value))
        seconds = float(match.group(1)) * self._UNITS[match.group(2) or "m"] if match else 0.0
        if seconds <= 0:
            self.fail(f"{value!r} is not an interval such as 90s, 15m or 1h", param, ctx)
        return seconds


def _fatal_errors(command: F) -> F:
    """Turn a project error into one line on standard error and exit status 3."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except NewsprismError as error:
            click.echo(f"newsprism: error: {safe(str(error))}", err=True)
            sys.exit(EXIT_FATAL)

    return wrapper  # type: ignore[return-value]


def _warn(message: str) -> None:
    click.echo(f"newsprism: warning: {safe(message)}", err=True)


def _report_failures(failures: Sequence[Failure]) -> None:
    for failure in failures:
        # a file name or an address can hold an escape sequence: never write it to the terminal
        click.echo(f"newsprism: {safe(failure.source)}: {safe(failure.reason)}", err=True)


@contextmanager
def _progress(description: str, *, quiet: bool, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """A progress bar on standard error when it is a terminal; silent with --quiet or
    --json output, and when standard error goes to a file or a pipe (a log gets no
    bar remnants)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    console = Console(stderr=True)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=quiet or not console.is_terminal,
    )
    with progress:
        task = progress.add_task(description, total=total)
        yield lambda n: progress.advance(task, n)


db_option = click.option(
    "--db",
    "db",
    default=None,
    metavar="PATH|URL",
    help="Article store: an SQLite file (default ./newsprism.db or $NEWSPRISM_DB) or a postgresql:// URL.",
)
quiet_option = click.option("--quiet", "-q", is_flag=True, help="No progress bar and no terminal summary.")
meta_option = click.option(
    "--meta",
    "meta_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="CSV or JSONL mapping a path or id to outlet, url, title, published, authors.",
)
max_bytes_option = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Refuse inputs larger than this many bytes (default 20 MiB for files, 10 MiB for pages).",
)
def report_options(command: F) -> F:
    """The report options of the contract's `analyze`, shared with `batch`."""
    for option in reversed(
        [
            click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Write the JSON report here."),
            click.option("--html", "html_dir", type=click.Path(file_okay=False), help="Write the static HTML report here."),
            click.option("--one-story", is_flag=True, help="Treat all inputs as one story (no clustering)."),
            click.option(
                "--summary-words", type=click.IntRange(min=10), default=None, help="Cap each summary at about N words."
            ),
        ]
    ):
        command = option(command)
    return command


def _finish(report: Report, *, json_path: str | None, html_dir: str | None, quiet: bool) -> None:
    """Write the requested reports, show the summary, list failures, exit with the status."""
    from newsprism.render.html import write_html
    from newsprism.render.json import write_json
    from newsprism.render.terminal import print_report

    if json_path:
        write_json(report, json_path)
    if not quiet:
        print_report(report)
    if html_dir:
        index = write_html(report, html_dir)
        if not quiet:
            click.echo(f"HTML report: {index}")
    if json_path and not quiet:
        click.echo(f"JSON report: {json_path}")
    _report_failures(report.failures)
    sys.exit(EXIT_SOME_FAILED if report.failures else EXIT_OK)


private_option = click.option(
    "--allow-private",
    is_flag=True,
    help="Allow fetching URLs on loopback or private addresses (refused by default).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsprism")
def cli() -> None:
    """Compare what news outlets report about the same events.

    newsprism reads articles as scraped (text, HTML, JSON Lines, URLs, feeds), cleans
    them, groups them into stories and shows, outlet by outlet, what each one reported,
    left out, quoted and got differently.
    """


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@report_options
@meta_option
@max_bytes_option
@private_option
@quiet_option
@_fatal_errors
def analyze(
    inputs: tuple[str, ...],
    json_path: str | None,
    html_dir: str | None,
    one_story: bool,
    summary_words: int | None,
    meta_file: str | None,
    max_bytes: int | None,
    allow_private: bool,
    quiet: bool,
) -> None:
    """Analyse INPUT... in one shot, without a store.

    INPUT is a file (.txt .md .html .htm .json .jsonl), a folder (read recursively),
    an http(s) URL, or - for JSON Lines on standard input.

    The terminal summary shows each story; past 10 stories it opens with a table of
    them and shows the 10 most widely covered in full (--json and --html hold all).
    """
    from newsprism.analyze import analyze_articles, load_articles

    with _progress("Reading and cleaning", quiet=quiet) as advance:
        loaded = load_articles(
            inputs, meta_file=meta_file, allow_private=allow_private, max_bytes=max_bytes, advance=advance
        )
    with _progress("Analysing stories", quiet=quiet) as advance:
        report = analyze_articles(
            loaded.articles,
            one_story=one_story,
            summary_words=summary_words,
            failures=loaded.failures,
            advance=advance,
        )
    _finish(report, json_path=json_path, html_dir=html_dir, quiet=quiet)


@cli.command()
@click.argument("inputs", nargs=-1)
@click.option("--feed", "feeds", multiple=True, metavar="URL",
              help="An RSS, Atom or JSON Feed, or a sitemap (Google News ones and indexes too): fetch it and each entry's page.")
@click.option("--feeds", "feed_list", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Read the feeds listed in FILE: OPML (as feed readers export them) or one URL per line.")
@click.option("--feed-limit", type=click.IntRange(min=1), default=None, help="Read at most N entries of each feed.")
@click.option("--host-delay", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="Seconds between two requests to one site (default 1; for feeds' pages longer when "
              "its robots.txt asks).")
@click.option("--ignore-robots", is_flag=True,
              help="Fetch feed entries' pages even where the site's robots.txt disallows them.")
@click.option("--every", type=Interval(), default=None, metavar="INTERVAL",
              help="Keep running, reading everything again every INTERVAL (90s, 15m, 1h; a bare number "
              "is minutes).")
@db_option
@meta_option
@max_bytes_option
@private_option
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON (for scripts).")
@quiet_option
@_fatal_errors
def ingest(
    inputs: tuple[str, ...],
    feeds: tuple[str, ...],
    feed_list: str | None,
    feed_limit: int | None,
    host_delay: float | None,
    ignore_robots: bool,
    db: str | None,
    meta_file: str | None,
    max_bytes: int | None,
    allow_private: bool,
    as_json: bool,
    quiet: bool,
    every: float | None,
) -> None:
    """Read, clean and store INPUT... and assign each new article to a story.

    Ingest is idempotent: the same article twice is stored once, and a changed version
    of the same URL is kept as a new revision. Every input is stored first; the new
    articles then join stories in order of publication date, whatever order the files
    or feed entries came in. Every 200 articles and at the end, the stories they touched
    are re-examined: one that turns out to hold two events is split (the part that leaves
    gets a new id), and stories that turn out to be one are merged into the older id,
    the newer keeping working as an alias (`--json`: "split" and "merged").

    Feeds are meant to be read again and again (from cron, say): the archive keeps what
    each read found, so the next one asks for the feed conditionally and fetches only the
    pages of new or changed entries (`--json`: "feeds"). Those pages are fetched as a
    polite crawler would: the site's robots.txt is followed (a page it disallows is left
    unread and counted, not a failure, so it does not change the exit status), one site is asked at most
    once every --host-delay seconds (or its robots.txt's Crawl-delay), and a site that
    answers 429 or 503 is left alone until the next run. A URL given as INPUT is fetched
    as asked, without reading robots.txt, but paced and left alone after a 429 or 503 too.

    With --every, ingest keeps running and reads everything again at that interval
    (each run's outcome on a line of its own, starting with the time; with --json, one
    JSON object per line) until Ctrl-C or SIGTERM stops it. The --feeds FILE is read
    again at each run, so feeds can be added without stopping it; so are INPUT files and
    folders (what is already stored comes back as duplicates: a folder that a scraper
    keeps filling is read whole each time).
    """
    from newsprism.ingest import read_feed_list

    if not inputs and not feeds and not feed_list:
        raise click.UsageError("give at least one INPUT, --feed URL or --feeds FILE")

    def once() -> int:
        feed_urls = list(feeds) + (read_feed_list(feed_list) if feed_list else [])  # read again each run
        return _ingest_once(inputs, feed_urls, db=db, meta_file=meta_file, max_bytes=max_bytes,
                            feed_limit=feed_limit, host_delay=host_delay, ignore_robots=ignore_robots,
                            allow_private=allow_private, as_json=as_json, quiet=quiet, stamped=every is not None)

    if every is None:
        sys.exit(once())
    _keep_ingesting(once, every)


def _ingest_once(inputs: Sequence[str], feed_urls: Sequence[str], *, db: str | None, meta_file: str | None,
                 max_bytes: int | None, feed_limit: int | None, host_delay: float | None, ignore_robots: bool,
                 allow_private: bool, as_json: bool, quiet: bool, stamped: bool) -> int:
    """One run of ``ingest``: read, store and file everything, print the outcome, and
    return the exit status."""
    from newsprism.archive import assign_stories, feed_states, save_feed_states, store_documents
    from newsprism.ingest import DEFAULT_HOST_DELAY, Courtesy, FeedPoll, read_inputs
    from newsprism.store import open_store

    size: dict[str, int] = {"max_bytes": max_bytes} if max_bytes else {}
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    with open_store(db) as store:
        courtesy = Courtesy(delay=DEFAULT_HOST_DELAY if host_delay is None else host_delay, robots=not ignore_robots)
        poll = FeedPoll(feed_urls, known=feed_states(store, feed_urls), courtesy=courtesy,
                        allow_private=allow_private, limit=feed_limit, **size)

        def documents() -> Iterator[RawDocument | Failure]:
            if inputs:
                yield from read_inputs(inputs, meta_file=meta_file, allow_private=allow_private, courtesy=courtesy,
                                       **size)
            yield from poll

        with _progress("Reading, cleaning and storing", quiet=quiet or as_json) as advance:
            outcome, pending = store_documents(documents(), store, advance=advance)
        with _progress("Grouping into stories", quiet=quiet or as_json, total=len(pending)) as advance:
            assign_stories(store, pending, outcome, advance=advance)
        # only now: an entry skipped at the next read must have its article stored and filed
        save_feed_states(store, poll.reads.values())

    if as_json:
        payload = {
            "new": outcome.new,
            "revision": outcome.revision,
            "duplicate": outcome.duplicate,
            "stories": outcome.stories,
            "merged": outcome.merged,
            "split": outcome.split,
            "failures": [{"source": f.source, "reason": f.reason} for f in outcome.failures],
            "feeds": [read.summary() for read in poll.reads.values()],
        }
        if stamped:  # one line per run: JSON Lines
            click.echo(json.dumps({"started": started, **payload}, ensure_ascii=False))
        else:
            click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    elif not quiet:
        click.echo(
            (f"[{started.replace('T', ' ').removesuffix('Z')} UTC] " if stamped else "")
            + f"{len(outcome.new)} new, {len(outcome.revision)} revised, "
            f"{len(outcome.duplicate)} already stored, {len(outcome.failures)} failed; "
            f"{len(outcome.stories)} {'story' if len(outcome.stories) == 1 else 'stories'} updated"
            + (f", {len(outcome.split)} split off stories that held two events" if outcome.split else "")
            + (f", {len(outcome.merged)} merged into older ones" if outcome.merged else "") + "."
        )
        if poll.reads:
            click.echo(_feeds_line(list(poll.reads.values())))
    _report_failures(outcome.failures)
    return EXIT_SOME_FAILED if outcome.failures else EXIT_OK


def _keep_ingesting(once: Callable[[], int], every: float) -> None:
    """Run ``once`` every ``every`` seconds (from the start of one run to the next) until
    interrupted (Ctrl-C or SIGTERM, which also stop a run in the middle: what it stored is
    kept, and the next start reads what it had not finished). A run that fails reports why
    on standard error, and the next one runs as planned."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    runs = 0
    try:
        while True:
            started = time.monotonic()
            try:
                once()
            except NewsprismError as error:
                click.echo(f"newsprism: error: {error} (trying again at the next run)", err=True)
            runs += 1
            time.sleep(max(0.0, every - (time.monotonic() - started)))
    except KeyboardInterrupt:
        click.echo(f"newsprism: stopped after {runs} complete {'run' if runs == 1 else 'runs'}.", err=True)
        sys.exit(EXIT_OK)


def _feeds_line(reads: list[FeedRead]) -> str:
    """One line on the feeds an ingest read: how many answered, and what was not fetched again."""
    counts = {status: sum(r.status == status for r in reads) for status in ("read", "not modified", "failed")}
    fetched, unchanged = sum(r.fetched for r in reads), sum(r.unchanged for r in reads)
    line = f"Feeds: {counts['read']} read, {counts['not modified']} not modified since the last read"
    line += f", {counts['failed']} failed" if counts["failed"] else ""
    line += f"; {fetched} {'page' if fetched == 1 else 'pages'} fetched"
    from_feed = sum(r.from_feed for r in reads)
    if from_feed:
        line += f", {from_feed} taken from the feed's own text (their pages could not be fetched)"
    if unchanged:
        line += f", {unchanged} unchanged {'entry' if unchanged == 1 else 'entries'} not fetched again"
    refused = sum(r.refused for r in reads)
    if refused:
        line += (f", {refused} {'page' if refused == 1 else 'pages'} left unread because the site's robots.txt "
                 "does not allow newsprism to fetch them (--ignore-robots fetches them)")
    moved = "".join(f"\nThe feed {r.url} has moved for good to {r.moved_to}: list it by that address."
                    for r in reads if r.moved_to)
    return line + "." + moved


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON (for scripts).")
@_fatal_errors
def feeds(db: str | None, as_json: bool) -> None:
    """List the feeds the archive has read, with how their last read went.

    For each feed: when it was last read, whether it answered ("read"), had not changed
    since the read before ("not modified") or could not be read ("failed", with why), where
    it moved if it redirected permanently (list it by that address), how
    many entries it listed, how many of their pages were fetched, how many were taken from
    the feed's own text because their page could not be fetched, how many were unchanged
    and not fetched again, how many were left unread because the site's robots.txt does not
    allow newsprism to fetch them ("refused"; not failures), and how many failed (`newsprism ingest`
    lists why).
    """
    from newsprism.archive import feed_reads
    from newsprism.render.terminal import print_feeds
    from newsprism.store import open_store

    with open_store(db, create=False) as store:
        reads = feed_reads(store)
    if as_json:
        click.echo(json.dumps([read.summary() for read in reads], ensure_ascii=False, indent=2))
    else:
        print_feeds(reads)


@cli.command()
@click.option("--search", "-s", "query", default=None, help="Full-text search over titles and bodies.")
@click.option("--outlet", default=None, help="Only articles from this outlet.")
@click.option("--story", default=None, help="Only articles of this story.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON (for scripts): each article as in the report, "
              "plus filed_in, the story the archive filed it in.")
@_fatal_errors
def articles(
    query: str | None, outlet: str | None, story: str | None, limit: int, offset: int, db: str | None, as_json: bool
) -> None:
    """List or search the stored articles, with the story each is filed in."""
    from newsprism.render.json import article_to_dict
    from newsprism.render.terminal import print_articles
    from newsprism.store import open_store

    with open_store(db, create=False) as store:
        found = store.list_articles(query=query, outlet=outlet, story=story, limit=limit, offset=offset)
        filed = {a.id: store.story_of(a.id) for a in found}
    if as_json:
        # "story" is the label an input gave; "filed_in" the story the archive filed it in
        click.echo(json.dumps([{**article_to_dict(a), "filed_in": filed[a.id]} for a in found],
                              ensure_ascii=False, indent=2))
    else:
        print_articles(found, stories=filed)


@cli.command()
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--sort", type=click.Choice(["updated", "size", "outlets", "latest"]), default="updated",
              show_default=True, help="Most recently changed, most articles, most outlets, or latest "
              "publication date first.")
@click.option("--search", "-s", "query", default=None,
              help="Only stories with an article matching these words (full text), best match first.")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON (for scripts): id, title, size, outlets, "
              "unknown_outlets, first_published, last_published, updated_at per story.")
@click.option("--html", "html_dir", type=click.Path(file_okay=False), default=None, metavar="DIRECTORY",
              help="Also write an HTML report of the listed stories here: an index in the listing's "
              "order and each story analysed, with how it grew.")
@click.option("--fresh", is_flag=True, help="Analyse again even when the store keeps an analysis of the "
              "unchanged story.")
@quiet_option
@_fatal_errors
def stories(
    limit: int, offset: int, sort: str, query: str | None, db: str | None, as_json: bool, html_dir: str | None,
    fresh: bool, quiet: bool,
) -> None:
    """List stored stories with size, outlets, date span and title.

    The outlets column names the known outlets; articles whose outlet was neither given
    nor found in the text are counted apart ("+2 unknown"). With --html, each listed story
    is analysed as `newsprism show` analyses it (a few seconds a story, unless the store
    keeps its analysis from an earlier run and the story's articles have not changed since).
    """
    from newsprism.archive import analyze_stored_stories, stories_matching
    from newsprism.render.html import write_html
    from newsprism.render.terminal import print_stories
    from newsprism.store import open_store

    with open_store(db, create=False) as store:
        if query is None:
            rows = store.list_stories(limit=limit, offset=offset, sort=sort)
        else:
            filed = stories_matching(store, query, articles=SEARCH_ARTICLES)
            rows = store.list_stories(ids=filed[offset:offset + limit])
        if html_dir:
            with _progress("Analysing stories", quiet=quiet or as_json, total=len(rows)) as advance:
                report, history = analyze_stored_stories(store, [row.id for row in rows], advance=advance,
                                                        fresh=fresh, warn=_warn)
    if as_json:
        click.echo(json.dumps([_row_to_dict(row) for row in rows], ensure_ascii=False, indent=2))
    elif not quiet:
        print_stories(rows)
    if html_dir:
        index = write_html(report, html_dir, history=history, ranked=False)
        if not quiet:
            click.echo(f"HTML report: {index}", err=as_json)  # standard output stays JSON


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON (for scripts).")
@_fatal_errors
def review(db: str | None, as_json: bool) -> None:
    """Re-examine the open stories with their stored articles.

    A story that turns out to hold two events is split (the part that leaves gets a new
    id); stories that turn out to be one event are merged into the older id, and the
    newer id keeps working as an alias. No story is renumbered.
    """
    from newsprism.archive import review_archive
    from newsprism.store import open_store

    with open_store(db, create=False) as store:
        outcome = review_archive(store)
    if as_json:
        click.echo(json.dumps({"merged": outcome.merged, "split": outcome.split}, ensure_ascii=False, indent=2))
        return
    for gone, into in outcome.merged.items():
        click.echo(f"merged {gone} into {into}")
    for new, source in outcome.split.items():
        click.echo(f"split {new} off {source}")
    click.echo(f"{len(outcome.merged)} merged, {len(outcome.split)} split.")


@cli.command()
@click.argument("story_id")
@click.argument("others", nargs=-1, required=True)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON (for scripts).")
@_fatal_errors
def merge(story_id: str, others: tuple[str, ...], db: str | None, as_json: bool) -> None:
    """Merge stories that are one event: OTHERS join STORY_ID.

    An editor's correction. The result keeps the oldest of the ids, as the review's
    merges do, and the other ids keep working as its aliases. Later reviews and ingests
    do not split it again; its history records the merge as the editor's.
    """
    from newsprism.archive import merge_archive_stories
    from newsprism.store import open_store

    with open_store(db, create=False) as store:
        try:
            outcome = merge_archive_stories(store, story_id, others)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="STORY_ID / OTHERS") from None
        sizes = {into: len(story.article_ids) for into in set(outcome.merged.values())
                 if (story := store.get_story(into)) is not None}
    _print_edits(outcome, as_json, sizes)


@cli.command()
@click.argument("story_id")
@click.argument("article_ids", nargs=-1, required=True)
@click.option("--into", "into", metavar="STORY", help="Move the articles into this existing story instead of a new one.")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON (for scripts).")
@_fatal_errors
def split(story_id: str, article_ids: tuple[str, ...], into: str | None, db: str | None, as_json: bool) -> None:
    """Move ARTICLE_IDS out of STORY_ID into a new story (or --into another one).

    An editor's correction: STORY_ID keeps its id and its other articles. Later reviews
    keep the two stories apart and do not split either again; their histories record
    the split as the editor's. `newsprism articles --story ID` lists a story's articles.
    """
    from newsprism.archive import split_archive_story
    from newsprism.store import open_store

    with open_store(db, create=False) as store:
        try:
            outcome = split_archive_story(store, story_id, article_ids, into=into)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="STORY_ID / ARTICLE_IDS") from None
        targets = set(outcome.split) | set(outcome.merged.values()) | set(outcome.split.values())
        sizes = {target: len(story.article_ids) for target in targets
                 if (story := store.get_story(target)) is not None}
    _print_edits(outcome, as_json, sizes)


@cli.command()
@click.argument("story_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON (for scripts): story_id, kind, at, "
              "article_ids, detail per step.")
@_fatal_errors
def history(story_id: str, db: str | None, as_json: bool) -> None:
    """How a stored story came to be: every step, oldest first.

    Steps: created, joined (an article filed into it), merged, split, updated; merges and
    splits an editor made say so ("by editor"). An absorbed id shows its own steps up
    to the merge and then those of the story holding it.
    """
    from newsprism.store import open_store

    with open_store(db, create=False) as store:
        if store.get_story(story_id) is None:
            raise click.BadParameter(f"no story {story_id!r} in the store; `newsprism stories` lists them",
                                     param_hint="STORY_ID")
        steps = store.story_events(story_id)
        live = store.get_story(story_id)
        if live is not None and live.id != story_id:
            absorbed_at = max((step.at for step in steps if step.kind == "merged" and "into" in step.detail), default="")
            later = [step for step in store.story_events(live.id) if step.at >= absorbed_at]
            steps = sorted(steps + later, key=lambda step: step.at)
    if as_json:
        click.echo(json.dumps([_row_to_dict(step) for step in steps], ensure_ascii=False, indent=2))
        return
    for step in steps:
        detail = ", ".join(f"{key} {value}" for key, value in step.detail.items())
        articles = ", ".join(step.article_ids[:5]) + (f" and {len(step.article_ids) - 5} more"
                                                      if len(step.article_ids) > 5 else "")
        line = f"{step.at[:19].replace('T', ' ')}  {step.story_id}  {step.kind:<8} {articles}"
        text = f"{line}  ({detail})" if detail else line
        click.echo("".join(ch if ch.isprintable() else "?" for ch in text))  # ids come from inputs


@cli.command()
@click.argument("story_id")
@click.argument("title")
@db_option
@_fatal_errors
def rename(story_id: str, title: str, db: str | None) -> None:
    """Give STORY_ID the title TITLE (an editor's; "" gives the choice back).

    By default a story's title is that of the article closest to its centre among those
    with a title of their own (one scraped without a title shows its first sentence only
    when none has), and it can change as the story grows. An editor's title stays, also
    when other stories are merged into this one.
    """
    from newsprism.archive import rename_archive_story
    from newsprism.store import open_store

    with open_store(db, create=False) as store:
        try:
            live = rename_archive_story(store, story_id, title)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="STORY_ID") from None
        story = store.get_story(live)
    shown = story.title if story is not None else title
    click.echo("".join(ch if ch.isprintable() else "?" for ch in f"{live}: {shown}"))


def _print_edits(outcome: Any, as_json: bool, sizes: dict[str, int]) -> None:
    if as_json:
        click.echo(json.dumps({"merged": outcome.merged, "split": outcome.split}, ensure_ascii=False, indent=2))
        return
    moved_on = {new for new in outcome.split if new in outcome.merged}  # split off, then merged on
    for new, source in outcome.split.items():
        if new in moved_on:
            into = outcome.merged[new]
            click.echo(f"moved articles from {source} to {into} (now {sizes.get(source, 0)} and "
                       f"{sizes.get(into, 0)} articles)")
        else:
            click.echo(f"split {new} off {source} ({sizes.get(new, 0)} and {sizes.get(source, 0)} articles)")
    for gone, into in outcome.merged.items():
        if gone not in moved_on:
            click.echo(f"merged {gone} into {into} ({sizes.get(into, 0)} articles)")


def _row_to_dict(row: Any) -> dict[str, Any]:
    from dataclasses import asdict, is_dataclass

    return asdict(row) if is_dataclass(row) else dict(vars(row))


@cli.command()
@click.argument("story_id")
@db_option
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Write the story's JSON report here.")
@click.option("--html", "html_dir", type=click.Path(file_okay=False), help="Write the story's HTML report here.")
@click.option("--summary-words", type=click.IntRange(min=10), default=None, help="Cap the summary at about N words.")
@click.option("--fresh", is_flag=True, help="Analyse again even when the store keeps an analysis of the "
              "unchanged story.")
@quiet_option
@_fatal_errors
def show(
    story_id: str, db: str | None, json_path: str | None, html_dir: str | None, summary_words: int | None,
    fresh: bool, quiet: bool,
) -> None:
    """Analyse one stored story and show it.

    The analysis is kept in the store: showing the story again reads it back, until its
    articles change (one joins, leaves or is revised) or newsprism itself does.
    """
    from newsprism.archive import analyze_stored_stories
    from newsprism.render.html import write_html
    from newsprism.render.json import write_json
    from newsprism.render.terminal import print_story
    from newsprism.store import open_store

    with open_store(db, create=False) as store:
        if store.get_story(story_id) is None:
            raise click.BadParameter(f"no story {story_id!r} in the store; `newsprism stories` lists them")
        report, history = analyze_stored_stories(store, [story_id], summary_words=summary_words, fresh=fresh,
                                                 warn=_warn)
    (analysis,) = report.stories
    if json_path:
        write_json(report, json_path)
    if html_dir:
        index = write_html(report, html_dir, history=history)
        if not quiet:
            click.echo(f"HTML report: {index}")
    if not quiet:
        print_story(analysis, list(analysis.articles))


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--scheduler", default=None, metavar="ADDRESS", help="A Dask scheduler address (default: a local cluster).")
@report_options
@meta_option
@quiet_option
@_fatal_errors
def batch(
    inputs: tuple[str, ...],
    scheduler: str | None,
    json_path: str | None,
    html_dir: str | None,
    one_story: bool,
    summary_words: int | None,
    meta_file: str | None,
    quiet: bool,
) -> None:
    """Analyse a large collection on a Dask cluster; same results as `analyze`.

    The terminal summary is the one `analyze` prints: past 10 stories, a table of them
    and the 10 most widely covered in full.
    """
    from newsprism.stories.batch import run_batch

    report = run_batch(
        inputs,
        scheduler=scheduler,
        meta_file=meta_file,
        one_story=one_story,
        summary_words=summary_words,
        progress=not quiet and sys.stderr.isatty(),  # a log gets no bar remnants
    )
    _finish(report, json_path=json_path, html_dir=html_dir, quiet=quiet)


@cli.command()
@click.argument("article_id")
@click.option("--old", type=click.IntRange(min=1), default=None, help="The earlier revision (default: the one "
              "before --new).")
@click.option("--new", type=click.IntRange(min=1), default=None, help="The later revision (default: the latest).")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON (for scripts): revisions, old_revision, "
              "new_revision, fields and paragraphs (kind, old, new, changes).")
@_fatal_errors
def revisions(article_id: str, old: int | None, new: int | None, db: str | None, as_json: bool) -> None:
    """What changed between two stored revisions of ARTICLE_ID.

    A page fetched again (same URL) with other content is stored as a new revision, and
    the old one is kept. This shows the metadata that changed and each paragraph removed,
    added or edited, with the edited words marked [-before-] and {+after+}.
    """
    from newsprism.archive import compare_revisions
    from newsprism.render.revisions import revisions_to_dict
    from newsprism.store import open_store

    with open_store(db, create=False) as store:
        try:
            numbers, diff = compare_revisions(store, article_id, old=old, new=new)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="ARTICLE_ID / --old / --new") from None
    if as_json:
        body = {"revisions": numbers, **revisions_to_dict(diff, article_id)}
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    if diff is None:
        click.echo(f"{_printable(article_id)} has one revision: nothing to compare.")
        return
    click.echo(f"{_printable(article_id)}: revision {diff.old_revision} -> {diff.new_revision} "
               f"(of {', '.join(map(str, numbers))})")
    for _, label, before, after in diff.fields:
        click.echo(f"{label}: {_printable(before) or '-'} -> {_printable(after) or '-'}")
    unchanged = 0
    for paragraph in diff.paragraphs:
        if paragraph.kind == "same":
            unchanged += 1
            continue
        mark = {"added": "+", "removed": "-", "changed": "~"}[paragraph.kind]
        click.echo(f"{mark} {_printable(_marked(paragraph))}")
    if unchanged:
        click.echo(f"({unchanged} paragraph{'s' if unchanged != 1 else ''} unchanged)")
    if not diff.changed:
        click.echo("No change in the text or the metadata compared.")


def _printable(text: str) -> str:
    """Untrusted text for one terminal line: line breaks as spaces, control characters as ?."""
    return "".join(ch if ch.isprintable() else "?" for ch in " ".join(text.split()))


def _marked(paragraph: Any) -> str:
    """A paragraph in wdiff style: words only the old revision has as [-...-], only the
    new one's as {+...+}."""
    if paragraph.kind != "changed":
        return paragraph.new or paragraph.old
    return "".join(text if kind == "same" else f"[-{text}-]" if kind == "old" else f"{{+{text}+}}"
                   for kind, text in paragraph.inline)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default answers this machine only; anything else lets "
              "whoever can reach it read the archive and add articles.")
@click.option("--port", type=click.IntRange(min=1, max=65535), default=8000, show_default=True)
@private_option
@_fatal_errors
def serve(db: str | None, host: str, port: int, allow_private: bool) -> None:
    """Browse, search and add to the archive in a web browser.

    Pages: the stories (sortable, paged), each story analysed as `newsprism show` does it,
    each article, a full-text search, and a form to add an article by its text or its
    address. JSON for scripts under /api/. Stops on Ctrl-C.
    """
    import uvicorn

    from newsprism.store import open_store
    from newsprism.web.app import LOOPBACK_NAMES, create_app, is_loopback

    with open_store(db, create=False) as store:  # a store that cannot be opened fails here, not on the first page
        count = store.count_articles()
    local = is_loopback(host)
    if not local:
        _warn(f"listening on {host}: anyone who can reach this address can read the archive and add "
              "articles to it (there are no accounts)")
    app = create_app(db, allow_private=allow_private, allowed_hosts=LOOPBACK_NAMES if local else None)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving {count} article{'s' if count != 1 else ''} at http://{shown}:{port}/ (Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="newsprism")


if __name__ == "__main__":  # pragma: no cover
    main()

