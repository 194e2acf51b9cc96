"""The web app: browse, search and add to an archive in a browser (``newsprism serve``).

Pages (HTML, the static report's look and its escaping):

``/``
    The stories, most recently changed first (``?sort=size|outlets|latest``), 50 a page.
``/search?q=WORDS``
    The stories of the best-matching articles, then the articles themselves.
``/stories/ID``
    A story analysed, as ``newsprism show`` analyses it (the analysis kept in the store
    is read back while the story is unchanged); an absorbed id redirects to its story.
    A story whose analysis must be made first gets a page that says so and reloads
    itself every few seconds (202) while it is made in the background.
``/articles/ID``
    An article with its metadata, what the cleaner removed, and the passages its story's
    analysis compares highlighted (once the analysis is made: the page does not wait
    for it, and says so).
``/revisions/ID?old=N&new=M``
    What changed between two stored revisions of an article (by default its last two).
``/articles``
    The articles, the last stored first, 50 a page, each with its story.
``/outlets``, ``/outlets/NAME``
    The outlets with how many articles each, and one outlet's articles, newest first.
``/failures``
    The inputs that ingest (or the add form) could not read, newest first, with why.
``/add``
    A form to paste an article (text or HTML, with optional title, outlet, date, authors
    and URL) or give the address of a page to fetch; it is cleaned, stored and filed into
    a story as ``newsprism ingest`` does, and the reader lands on its page.

JSON (for scripts, the same records as the command line's ``--json``):
``/api/stories``, ``/api/stories/ID`` (the story's report in the contract's shape),
``/api/articles?q=&outlet=&story=``, ``/api/articles/ID``, ``/api/revisions/ID``.

Safety: article text is untrusted and every page escapes it (Jinja2 autoescaping) under
a Content-Security-Policy that allows the page's own style and one script and forms that
post back here only. Adding an article needs the form's token, which is new for every
run of the server, so another site cannot post into the archive. Bound to a loopback
address (the default), the app answers only requests addressed to that host, which
stops a hostile page from reaching it by DNS rebinding.

Concurrency: stories are analysed in the background, one at a time, and an add or an
editor's change does not wait for an analysis (each model serves one caller at a time,
so they share the models in turns; ``language.models``). Adds and changes to the stories
are made one at a time; one that has waited ``WRITE_WAIT_S`` for the others is refused
(503) with a page saying to try again, rather than holding a server thread for ever.
"""

from __future__ import annotations

import ipaddress
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.middleware.trustedhost import TrustedHostMiddleware

from newsprism.archive import compare_revisions, stories_matching
from newsprism.errors import NewsprismError
from newsprism.records import Article, RawDocument, Report, StoryAnalysis
from newsprism.render.html import PageLinks, ReportPages, environment
from newsprism.render.json import article_to_dict, report_to_dict
from newsprism.render.revisions import revisions_to_dict
from newsprism.store import STORY_SORTS, Store, StoryRow, open_store

TEMPLATES = Path(__file__).resolve().parent / "templates"
WEB_CSS = Path(__file__).resolve().parent / "static" / "web.css"
PAGE_SIZE = 50
MAX_PAGE = 1_000_000
# The largest offset the JSON listings take: beyond any archive, and within SQLite's integers.
MAX_OFFSET = 10**12
# Most stories a search lists: those of its best-matching articles, in that order.
SEARCH_ARTICLES = 200
# The largest form accepted (an article pasted whole, with its fields).
MAX_FORM_BYTES = 2 * 1024 * 1024
# Host names a server bound to a loopback address answers to.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")
# Analyses a server keeps in memory for a store that cannot keep them (a read-only one).
MADE_KEPT = 20
# How long an add or an editor's change waits for those under way (one article or one
# story each: seconds) before it is refused as busy.
WRITE_WAIT_S = 60.0
# Seconds a refused add or change (busy, or the store could not be written) tells the
# client to wait before trying again (the Retry-After header).
RETRY_AFTER_S = "30"
# The most recent ingest failures the failures page lists.
FAILURES_SHOWN = 500
FORM_FIELDS = ("title", "outlet", "published", "authors", "url")


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address to bind) is this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def story_href(story_id: str) -> str:
    return f"/stories/{quote(story_id, safe='')}"


def article_href(article_id: str) -> str:
    return f"/articles/{quote(article_id, safe='')}"


def outlet_href(name: str) -> str:
    return f"/outlets/{quote(name, safe='')}"


def revisions_href(article_id: str) -> str:
    return f"/revisions/{quote(article_id, safe='')}"


def edit_href(story_id: str) -> str:
    return f"/edit/{quote(story_id, safe='')}"


LINKS = PageLinks(story=story_href, article=article_href, home="/")


class _FormTooLarge(Exception):
    pass


class _HeadAsGet:
    """Answer HEAD wherever GET is answered (HTTP asks it of every server; link checkers
    and uptime monitors send it): the GET response's status and headers, without its body."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(dict(scope, method="GET"), receive, headers_only)


def create_app(db: str | None = None, *, allow_private: bool = False,
               allowed_hosts: Sequence[str] | None = None) -> FastAPI:
    """The app over the store at ``db`` (``open_store``'s default when None), opened for
    each request. ``allow_private``: the add form may fetch pages at local or private
    addresses. ``allowed_hosts``: the host names requests may address (all when None)."""
    env = environment(templates=TEMPLATES, form_action="'self'")
    env.globals["web_css"] = Markup(WEB_CSS.read_text(encoding="utf-8"))  # our own file, not user data
    csp = env.globals["csp"] + "; frame-ancestors 'none'"
    token = secrets.token_urlsafe(32)  # the add form's: new for every run of the server
    work = threading.Lock()  # adds and editors' changes, one at a time (``_writing``)
    analysing = threading.Lock()  # analyses, one at a time: each holds a story's parses

    app = FastAPI(title="newsprism", docs_url=None, redoc_url=None, openapi_url=None)
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(_HeadAsGet)

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def store() -> Store:  # opened for each request, closed by its ``with``
        return open_store(db)

    analyses = app.state.analyses = _Analyses(store, analysing)

    def render(template: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("home", "/")
        context.setdefault("query", "")
        return HTMLResponse(env.get_template(template).render(**context), status_code=status)

    def problem(status: int, title: str, message: str) -> HTMLResponse:
        return render("problem.html", status, page_title=title, title=title, message=message)

    def not_found(kind: str, identifier: str) -> HTMLResponse:
        return problem(404, f"No such {kind}", f"The archive holds no {kind} {identifier!r}.")

    def pages(report: Report, history: dict[str, Any]) -> ReportPages:
        return ReportPages(report, history=history, links=LINKS, environment=env)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, error: RequestValidationError) -> Response:
        # "?page=abc": the documented 400 with a readable reason, not the framework's 422 dump
        wrong = sorted({str(e.get("loc", ("", "?"))[-1]) for e in error.errors()})
        message = f"Check the value of {', '.join(wrong)}: a whole number is expected."
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=400)
        return problem(400, "Bad address", message)

    @app.exception_handler(NewsprismError)
    async def newsprism_error(request: Request, error: NewsprismError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(error)}, status_code=503)
        return problem(503, "This page could not be made", str(error))

    # ------------------------------------------------------------------ pages

    @app.get("/", response_class=HTMLResponse)
    def stories(sort: str = "updated", page: int = 1) -> HTMLResponse:
        if sort not in STORY_SORTS:
            return problem(400, "Unknown order", f"Stories can be ordered by {', '.join(STORY_SORTS)}.")
        page_number = min(max(page, 1), MAX_PAGE)
        with store() as opened:
            rows = opened.list_stories(limit=PAGE_SIZE + 1, offset=(page_number - 1) * PAGE_SIZE, sort=sort)
            total = opened.count_articles()
        more = len(rows) > PAGE_SIZE
        nav = {"previous": _listing_href(sort, page_number - 1) if page_number > 1 else "",
               "next": _listing_href(sort, page_number + 1) if more else ""}
        return render("stories.html", page_title="Stories", rows=[_row(r) for r in rows[:PAGE_SIZE]],
                    sort=sort, sorts=[(name, _listing_href(name, 1)) for name in STORY_SORTS],
                    articles=total, nav=nav, first=(page_number - 1) * PAGE_SIZE + 1)

    @app.get("/search", response_class=HTMLResponse)
    def search(q: str = "") -> Response:
        if not q.strip():
            return RedirectResponse("/", status_code=303)
        with store() as opened:
            found = opened.list_articles(query=q, limit=SEARCH_ARTICLES)
            filed = {a.id: opened.story_of(a.id) for a in found}
            rows = opened.list_stories(ids=list(dict.fromkeys(s for s in filed.values() if s))[:PAGE_SIZE])
        articles = [_article_row(a, filed[a.id]) for a in found[:PAGE_SIZE]]
        return render("search.html", page_title=f"Search: {q}", query=q, rows=[_row(r) for r in rows],
                    articles=articles, more=len(found) > PAGE_SIZE)

    @app.get("/stories/{story_id:path}", response_class=HTMLResponse)
    def story(story_id: str, edited: str = "") -> Response:
        with store() as opened:
            found = opened.get_story(story_id)
            if found is None:
                return not_found("story", story_id)
            if found.id != story_id:  # absorbed by a merge: its id lives on as an alias
                return RedirectResponse(story_href(found.id), status_code=308)
            ready = analyses.ready(opened, found.id)
        if ready is None:
            failed = analyses.start(found.id)
            if failed:
                return problem(500, "The story could not be analysed", f"{failed}. Reload the page to try again.")
            return render("analysing.html", 202, page_title=found.title or found.id,
                          story={"title": found.title or found.id, "size": len(found.article_ids)})
        report, history = ready
        notice = _EDITS.get(edited, "")
        return HTMLResponse(pages(report, history).story(found.id, notice=notice, query="", edit=edit_href(found.id),
                                                         data=f"/api{story_href(found.id)}"))

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse)
    def article(article_id: str, added: str = "") -> Response:
        with store() as opened:
            found = opened.get_article(article_id)
            if found is None:
                return not_found("article", article_id)
            story = opened.get_story(opened.story_of(found.id) or "")
            versions = len(opened.revisions(found.id))
            ready = analyses.ready(opened, story.id) if story else None
        notice = _notice(added)
        if ready is None:
            # the page does not wait: it names the story, and the analysis is made meanwhile
            report, history = Report(articles=(found,), stories=(StoryAnalysis(story),) if story else ()), {}
            if story:
                analyses.start(story.id)
                notice = f"{notice} {ANALYSING}".strip()
        else:
            report, history = ready
        if found.id not in {a.id for a in report.articles}:
            report = Report(articles=(found, *report.articles), stories=report.stories)
        revised = (f"This article has {versions} revisions (the page changed after it was first stored)"
                   if versions > 1 else "")
        return HTMLResponse(pages(report, history).article(found.id, notice=notice, query="", revised=revised,
                                                           revisions=revisions_href(found.id)))

    @app.get("/revisions/{article_id:path}", response_class=HTMLResponse)
    def revisions(article_id: str, old: int | None = None, new: int | None = None) -> Response:
        with store() as opened:
            found = opened.get_article(article_id)
            if found is None:
                return not_found("article", article_id)
            try:
                numbers, diff = compare_revisions(opened, found.id, old=old, new=new)
            except ValueError as error:
                return problem(400, "No such revision", f"{error}.")
        return render("revisions.html", page_title=f"Revisions: {found.title or found.id}",
                      article={"title": found.title or found.id, "href": article_href(found.id),
                               "action": revisions_href(found.id)},
                      numbers=numbers, diff=diff, data=f"/api{revisions_href(found.id)}")

    @app.get("/outlets", response_class=HTMLResponse)
    def outlets() -> HTMLResponse:
        with store() as opened:
            named = [{"name": name, "count": count, "href": outlet_href(name)} for name, count in opened.outlets()]
            total = opened.count_articles()
        return render("outlets.html", page_title="Outlets", outlets=named,
                      unknown=total - sum(o["count"] for o in named))

    def latest(here: str, page: int, outlet: str | None = None) -> tuple[list[dict[str, Any]], dict[str, str]]:
        """A page of articles, the last stored first, and the links to the pages around it."""
        page_number = min(max(page, 1), MAX_PAGE)
        with store() as opened:
            found = opened.list_articles(outlet=outlet, limit=PAGE_SIZE + 1, offset=(page_number - 1) * PAGE_SIZE,
                                         newest_first=True)
            rows = [_article_row(a, opened.story_of(a.id)) for a in found[:PAGE_SIZE]]
        nav = {"previous": f"{here}?page={page_number - 1}" if page_number > 1 else "",
               "next": f"{here}?page={page_number + 1}" if len(found) > PAGE_SIZE else ""}
        return rows, nav

    @app.get("/outlets/{name:path}", response_class=HTMLResponse)
    def outlet(name: str, page: int = 1) -> HTMLResponse:
        rows, nav = latest(outlet_href(name), page, outlet=name)
        if not rows and page <= 1:
            return not_found("outlet", name)
        return render("outlet.html", page_title=name, name=name, articles=rows, nav=nav)

    @app.get("/articles", response_class=HTMLResponse)
    def articles(page: int = 1) -> HTMLResponse:
        rows, nav = latest("/articles", page)
        return render("articles.html", page_title="Latest articles", articles=rows, nav=nav)

    @app.get("/failures", response_class=HTMLResponse)
    def failures() -> HTMLResponse:
        with store() as opened:
            recorded = opened.failures()
        shown = [{"source": f.source, "reason": f.reason} for f in reversed(recorded[-FAILURES_SHOWN:])]
        return render("failures.html", page_title="Inputs that could not be read", failures=shown,
                      total=len(recorded))

    @app.get("/feeds", response_class=HTMLResponse)
    def feeds() -> HTMLResponse:
        from newsprism.archive import feed_reads

        with store() as opened:
            reads = [read.summary() for read in feed_reads(opened)]
        return render("feeds.html", page_title="Feeds", feeds=reads)

    @app.get("/add", response_class=HTMLResponse)
    def add_form() -> HTMLResponse:
        return render("add.html", page_title="Add an article", token=token, values={}, error="")

    async def posted(request: Request) -> dict[str, list[str]] | HTMLResponse:
        """The fields of a form this server issued, or the page saying why it is refused."""
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
            return problem(415, "Not a form", "Send the form as application/x-www-form-urlencoded.")
        try:
            fields = await _read_form(request)
        except _FormTooLarge:
            return problem(413, "Too large", f"The form is larger than {MAX_FORM_BYTES // 1024 // 1024} MB.")
        given = (fields.get("token") or [""])[-1].encode("utf-8")
        if not secrets.compare_digest(given, token.encode("ascii")):
            return problem(403, "Form expired",
                           "This form was not issued by this server, or the server has restarted since: "
                           "open the page again.")
        return fields

    @app.post("/add", response_class=HTMLResponse)
    async def add(request: Request) -> Response:
        fields = await posted(request)
        if isinstance(fields, Response):
            return fields
        values = {name: given[-1] for name, given in fields.items()}
        document = _document(values)
        if isinstance(document, str):
            return render("add.html", 400, page_title="Add an article", token=token, values=values, error=document)
        try:
            status, article_id = await run_in_threadpool(_ingest, document, work, allow_private, store)
        except NewsprismError as error:  # a store that cannot be written, a concurrent ingest
            refused = render("add.html", 503, page_title="Add an article", token=token, values=values,
                             error=f"Nothing was added: {error}")
            refused.headers["Retry-After"] = RETRY_AFTER_S
            return refused
        if status == "failed":
            return render("add.html", 422, page_title="Add an article", token=token, values=values, error=article_id)
        return RedirectResponse(f"{article_href(article_id)}?{urlencode({'added': status})}", status_code=303)

    def edit_page(story_id: str, status: int = 200, error: str = "") -> HTMLResponse:
        with store() as opened:
            found = opened.get_story(story_id)
            if found is None:
                return not_found("story", story_id)
            members = [a for a in (opened.get_article(i) for i in found.article_ids) if a is not None]
        return render("edit.html", status, page_title=f"Edit: {found.title or found.id}", token=token, error=error,
                      story={"id": found.id, "title": found.title, "href": story_href(found.id),
                             "action": edit_href(found.id)},
                      articles=[_article_row(a, None) for a in members])

    @app.get("/edit/{story_id:path}", response_class=HTMLResponse)
    def edit_form(story_id: str) -> HTMLResponse:
        return edit_page(story_id)

    @app.post("/edit/{story_id:path}", response_class=HTMLResponse)
    async def edit(story_id: str, request: Request) -> Response:
        fields = await posted(request)
        if isinstance(fields, Response):
            return fields
        action = (fields.get("action") or [""])[-1]
        if action not in _EDITS:
            return edit_page(story_id, 400, f"Unknown change {action!r}.")
        try:
            live = await run_in_threadpool(_edit_story, store, work, story_id, action, fields)
        except ValueError as error:
            return edit_page(story_id, 400, f"Nothing was changed: {error}.")
        except NewsprismError as error:  # a store that cannot be written, a concurrent ingest
            refused = edit_page(story_id, 503, f"Nothing was changed: {error}")
            refused.headers["Retry-After"] = RETRY_AFTER_S
            return refused
        return RedirectResponse(f"{story_href(live)}?{urlencode({'edited': action})}", status_code=303)

    # ------------------------------------------------------------------ JSON

    @app.get("/api/stories")
    def api_stories(sort: str = "updated", limit: int = 100, offset: int = 0, q: str = "") -> JSONResponse:
        if sort not in STORY_SORTS:
            return JSONResponse({"error": f"unknown sort {sort!r}: use one of {', '.join(STORY_SORTS)}"}, 400)
        limit, offset = min(max(limit, 1), 1000), min(max(offset, 0), MAX_OFFSET)
        with store() as opened:
            if q.strip():
                ids = stories_matching(opened, q, articles=SEARCH_ARTICLES)
                rows = opened.list_stories(ids=ids[offset:offset + limit])
            else:
                rows = opened.list_stories(limit=limit, offset=offset, sort=sort)
        return JSONResponse([asdict(r) for r in rows])

    @app.get("/api/stories/{story_id:path}")
    def api_story(story_id: str) -> JSONResponse:
        with store() as opened:
            found = opened.get_story(story_id)
            report = _analyse(opened, found.id, analysing)[0] if found else None
        return JSONResponse(report_to_dict(report)) if report else _missing("story", story_id)

    @app.get("/api/articles")
    def api_articles(q: str = "", outlet: str = "", story: str = "", limit: int = 50,
                     offset: int = 0) -> JSONResponse:
        limit, offset = min(max(limit, 1), 1000), min(max(offset, 0), MAX_OFFSET)
        with store() as opened:
            found = opened.list_articles(query=q or None, outlet=outlet or None, story=story or None,
                                         limit=limit, offset=offset)
            return JSONResponse([_filed(opened, a) for a in found])

    @app.get("/api/feeds")
    def api_feeds() -> JSONResponse:
        from newsprism.archive import feed_reads

        with store() as opened:
            return JSONResponse([read.summary() for read in feed_reads(opened)])

    @app.get("/api/revisions/{article_id:path}")
    def api_revisions(article_id: str, old: int | None = None, new: int | None = None) -> JSONResponse:
        with store() as opened:
            try:
                numbers, diff = compare_revisions(opened, article_id, old=old, new=new)
            except ValueError as error:
                return JSONResponse({"error": str(error)}, 404 if "no article" in str(error) else 400)
        return JSONResponse({"revisions": numbers, **revisions_to_dict(diff, article_id)})

    @app.get("/api/articles/{article_id:path}")
    def api_article(article_id: str) -> JSONResponse:
        with store() as opened:
            found = opened.get_article(article_id)
            return JSONResponse(_filed(opened, found)) if found else _missing("article", article_id)

    return app


# --------------------------------------------------------------------------- helpers


def _missing(kind: str, identifier: str) -> JSONResponse:
    return JSONResponse({"error": f"no {kind} {identifier!r}"}, 404)


def _filed(store: Store, article: Article) -> dict[str, Any]:
    """An article as the command line's ``articles --json`` gives it."""
    return {**article_to_dict(article), "filed_in": store.story_of(article.id)}


def _listing_href(sort: str, page_number: int) -> str:
    query = {k: v for k, v in (("sort", sort if sort != "updated" else ""),
                               ("page", page_number if page_number > 1 else "")) if v}
    return "/" + (f"?{urlencode(query)}" if query else "")


def _row(row: StoryRow) -> dict[str, Any]:
    first, last = row.first_published, row.last_published
    dates = "" if not first else first if first == last else f"{first} – {last}"
    return {"id": row.id, "title": row.title or row.id, "href": story_href(row.id), "size": row.size,
            "outlets": [{"name": name, "href": outlet_href(name)} for name in row.outlets],
            "unknown": row.unknown_outlets, "dates": dates,
            "updated": row.updated_at[:16].replace("T", " ")}


def _article_row(article: Article, story_id: str | None) -> dict[str, Any]:
    return {"id": article.id, "title": article.title or "", "lead": " ".join(article.text.split()[:12]),
            "outlet": article.outlet or "unknown", "outlet_href": outlet_href(article.outlet) if article.outlet else "",
            "published": article.published or "",
            "href": article_href(article.id), "story_href": story_href(story_id) if story_id else ""}


_NOTICES = {
    "new": "Added: the article is stored and filed into the story named below.",
    "revision": "Stored as a new revision of an article the archive already held (same address).",
    "duplicate": "The archive already held this article; nothing was added.",
}


def _notice(added: str) -> str:
    return _NOTICES.get(added, "")


ANALYSING = ("Its story is being analysed: reload the page in a few seconds to see the passages the "
             "analysis compares highlighted here.")

# An editor's changes (`newsprism rename`, `merge`, `split`), by the edit form's action,
# with the notice the story's page shows after one.
_EDITS = {
    "rename": "Renamed. An editor's title stays as the story grows (an empty title gives the choice back).",
    "merge": "Merged: the other stories are part of this one now, and their ids lead here.",
    "split": "The checked articles were moved out; later reviews keep them apart.",
}


def _edit_story(store: Callable[[], Any], work: threading.Lock, story_id: str, action: str,
                fields: dict[str, list[str]]) -> str:
    """Make an editor's change; returns the id of the story to show after it. Raises
    ValueError for a change that cannot be made (the archive's own words)."""
    from newsprism.archive import merge_archive_stories, rename_archive_story, split_archive_story

    def one(name: str) -> str:
        return (fields.get(name) or [""])[-1].strip()

    with _writing(work), store() as opened:
        if action == "rename":
            return rename_archive_story(opened, story_id, one("title"))
        if action == "merge":
            others = [i for i in one("others").replace(",", " ").split() if i]
            if not others:
                raise ValueError("give the ids of the stories to merge into this one")
            merge_archive_stories(opened, story_id, others)
        else:
            chosen = fields.get("article") or []
            if not chosen:
                raise ValueError("check the articles to move out")
            split_archive_story(opened, story_id, chosen, into=one("into") or None)
        live = opened.get_story(story_id)
    return live.id if live is not None else story_id


def _analyse(store: Store, story_id: str, analysing: threading.Lock) -> tuple[Report, dict[str, Any]]:
    from newsprism.archive import analyze_stored_stories

    with analysing:
        return analyze_stored_stories(store, [story_id])


@contextmanager
def _writing(work: threading.Lock) -> Iterator[None]:
    """Hold ``work`` for one add or change, waiting at most WRITE_WAIT_S for it."""
    if not work.acquire(timeout=WRITE_WAIT_S):
        raise NewsprismError(f"the archive is busy with other changes (waited {WRITE_WAIT_S:.0f} s): "
                             "try again in a minute.")
    try:
        yield
    finally:
        work.release()


def _key(store: Store, story_id: str) -> str:
    """The key of a story's analysis as the story stands now (``archive.analysis_key``)."""
    from newsprism.archive import analysis_key

    story = store.get_story(story_id)
    members = [a for a in (store.get_article(i) for i in story.article_ids) if a is not None] if story else []
    return analysis_key(story, members, summary_words=None) if story else ""


class _Analyses:
    """Story analyses for the story pages: read back when the store keeps them (or this
    process does, for a store that cannot keep them), else made in the background, one
    at a time, while the page says so and reloads itself."""

    def __init__(self, store: Callable[[], Store], analysing: threading.Lock) -> None:
        self._store = store
        self._analysing = analysing
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsprism-analysis")
        self._guard = threading.Lock()
        self._running: dict[str, Future] = {}
        self._made: OrderedDict[str, tuple[str, Report, dict[str, Any]]] = OrderedDict()  # with its key

    def ready(self, store: Store, story_id: str) -> tuple[Report, dict[str, Any]] | None:
        """The story's analysis when it is kept and still fits the story, else None."""
        from newsprism.archive import kept_story_report

        found = kept_story_report(store, story_id)
        if found is not None:
            return found
        with self._guard:
            made = self._made.get(story_id)
        return made[1:] if made is not None and made[0] == _key(store, story_id) else None

    def start(self, story_id: str) -> str | None:
        """Analyse the story in the background unless that is under way. Returns why the
        last try failed, once, instead of trying again at once."""
        with self._guard:
            running = self._running.get(story_id)
            if running is not None and running.done():
                del self._running[story_id]
                error = running.exception()
                if error is not None:
                    return str(error) or type(error).__name__
            if story_id not in self._running:
                self._running[story_id] = self._pool.submit(self._analyse, story_id)
        return None

    def settle(self, timeout: float) -> None:
        """Wait up to ``timeout`` seconds for the analyses under way or queued to end."""
        with self._guard:
            under_way = list(self._running.values())
        wait(under_way, timeout=timeout)

    def _analyse(self, story_id: str) -> None:
        with self._store() as store:
            key = _key(store, story_id)  # before: a story that grows meanwhile is analysed again
            report, history = _analyse(store, story_id, self._analysing)
        with self._guard:
            self._made[story_id] = (key, report, history)
            while len(self._made) > MADE_KEPT:
                self._made.popitem(last=False)


async def _read_form(request: Request) -> dict[str, list[str]]:
    """A posted form's fields, each with all its values (checkboxes repeat a name)."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise _FormTooLarge
    return parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)


def _document(values: dict[str, str]) -> RawDocument | str:
    """The document the add form describes, or why it describes none."""
    from newsprism.ingest.meta import record_meta

    text, address = values.get("text", ""), values.get("address", "").strip()
    meta = record_meta({name: values.get(name, "").strip() for name in FORM_FIELDS})
    if text.strip():
        if values.get("kind") == "html":
            return RawDocument(source="web form", html=text, meta=meta)
        return RawDocument(source="web form", text=text, meta=meta)
    if address:
        if not address.lower().startswith(("http://", "https://")):
            return "The address to fetch must start with http:// or https://."
        return RawDocument(source=address, meta=meta)  # fetched by _ingest
    return "Paste the article's text or give the address of its page."


def _ingest(document: RawDocument, work: threading.Lock, allow_private: bool,
            store: Callable[[], Any]) -> tuple[str, str]:
    """Store and file one document: (``new``/``revision``/``duplicate``, article id), or
    (``failed``, why)."""
    from newsprism.archive import ingest_documents
    from newsprism.ingest import read_inputs

    if document.text is None and document.html is None:  # an address: fetch the page; given fields win
        (fetched,) = list(read_inputs([document.source], allow_private=allow_private))
        if isinstance(fetched, RawDocument):
            fetched = RawDocument(fetched.source, fetched.text, fetched.html, {**fetched.meta, **document.meta})
        document = fetched
    with _writing(work), store() as opened:
        outcome = ingest_documents([document], opened)
    if outcome.failures:
        return "failed", outcome.failures[0].reason
    for status in ("new", "revision", "duplicate"):
        if getattr(outcome, status):
            return status, getattr(outcome, status)[0]
    return "failed", "The article could not be stored."
