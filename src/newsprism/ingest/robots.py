"""How newsprism treats the sites it reads.

A URL the user gives (an input, a feed) is fetched as asked, like a browser would, without
reading robots.txt, but paced and backed off as below (``Courtesy.pace``). Pages that
newsprism chooses to fetch, one per feed entry, are fetched the way a well-behaved crawler
does (``Courtesy.admit``):

- **robots.txt** (RFC 9309, parsed by Protego): read once per site and run; a page its
  rules keep from the ``newsprism`` agent is not fetched. A robots.txt that does not
  exist (4xx) allows everything; one that cannot be read (5xx, network error) allows
  nothing from that site in this run, as the RFC asks.
- **Pacing**: at least ``delay`` seconds between two requests to one host, longer when
  the site's robots.txt asks for it with ``Crawl-delay`` or ``Request-rate`` (honoured
  up to ``MAX_CRAWL_DELAY``).
- **Backing off**: a host that answers 429 (too many requests) or 503 (unavailable) is
  not asked again in this run; its remaining pages fail with that reason and are read
  at the next run.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

import httpx
from protego import Protego

from newsprism.errors import FetchError, RobotsRefusedError
from newsprism.ingest.web import DEFAULT_TIMEOUT, fetch_response, parse_url, url_host

# The token newsprism's requests answer to in robots.txt ("User-agent: newsprism").
ROBOTS_AGENT = "newsprism"
# Seconds between two requests to one host unless its robots.txt asks for more: one a
# second is the usual courtesy of research crawlers.
DEFAULT_HOST_DELAY = 1.0
# A Crawl-delay above this is read as this: a feed of 50 entries then takes under an hour.
MAX_CRAWL_DELAY = 60.0
# RFC 9309 asks parsers to read at least 500 KiB of a robots.txt.
ROBOTS_MAX_BYTES = 512 * 1024
_BACK_OFF = frozenset({429, 503})


class Courtesy:
    """One run's manners towards the sites it reads: robots rules per site, the next
    moment each host may be asked, and the hosts that asked to be left alone.

    ``clock`` and ``sleep`` are the run's time (tests pass their own).
    """

    def __init__(
        self,
        *,
        delay: float = DEFAULT_HOST_DELAY,
        robots: bool = True,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.delay = delay
        self.robots = robots
        self._clock = clock
        self._sleep = sleep
        self._rules: dict[str, Protego | str] = {}  # site -> its rules, or why none could be read
        self._next: dict[str, float] = {}  # host -> earliest moment of its next request
        self._last: dict[str, tuple[float, int]] = {}  # host -> moment and number of its last request
        self._requests = itertools.count()
        self._halted: dict[str, str] = {}  # host -> why it is not asked again in this run

    def turn(self, url: str) -> tuple[float, int]:
        """A sort key for the hosts a run has pages from: the seconds until ``url``'s host
        may be asked, then how recently it was (never first). Taking the smallest each time
        spends each host's pause on the others."""
        host = _host(url)
        return max(self._next.get(host, 0.0) - self._clock(), 0.0), self._last.get(host, (0.0, -1))[1]

    def needs_rules(self, url: str) -> bool:
        """Whether ``url``'s site's robots.txt is still to be read in this run (never for a
        URL newsprism does not fetch: ``admit`` says what is wrong with it)."""
        if not self.robots:
            return False
        try:
            return _site(url) not in self._rules
        except FetchError:
            return False

    def read_rules(self, url: str, http: httpx.Client, *, allow_private: bool = False,
                   timeout: float = DEFAULT_TIMEOUT) -> None:
        """Read ``url``'s site's robots.txt (once per run; waits for the host like a page)."""
        if self.needs_rules(url):
            self._site_rules(url, http, allow_private, timeout)

    def admit(self, url: str, http: httpx.Client, *, allow_private: bool = False,
              timeout: float = DEFAULT_TIMEOUT) -> None:
        """Wait for ``url``'s host to be free, or raise ``FetchError`` saying why the page
        is not fetched (its site's robots rules, or its host asked to be left alone). The
        site's robots.txt is fetched first if this run has not read it. A URL that is not an
        address newsprism fetches (malformed, not http or https) is refused as such first."""
        parse_url(url)
        host = _host(url)
        if host in self._halted:
            raise FetchError("It is read again at the next run.", source=url, problem=self._halted[host])
        if self.robots:
            rules = self._site_rules(url, http, allow_private, timeout)
            if isinstance(rules, str):
                raise FetchError("It is read again at the next run.", source=url, problem=rules)
            if not rules.can_fetch(url, ROBOTS_AGENT):
                raise RobotsRefusedError("Pages read from feeds follow the site's robots.txt; give the URL "
                                         "itself to ingest to fetch it as asked.", source=url,
                                         problem="the site's robots.txt does not allow newsprism to fetch it")
        self._wait(host)

    def pace(self, url: str) -> None:
        """Wait for ``url``'s host to be free, without robots rules: for a URL the user
        gave (a feed). Raises ``FetchError`` when its host asked to be left alone, or when
        ``url`` is not an address newsprism fetches (malformed, not http or https)."""
        parse_url(url)
        host = _host(url)
        if host in self._halted:
            raise FetchError("It is read again at the next run.", source=url, problem=self._halted[host])
        self._wait(host)

    def refused(self, url: str, error: FetchError) -> None:
        """Note a failed fetch of ``url``: after a 429 or 503 its host is left alone."""
        if error.status in _BACK_OFF:
            host = _host(url)
            wait = f"; it asked to wait {error.retry_after:g} s" if error.retry_after is not None else ""
            self._halted[host] = (f"{host} answered HTTP {error.status}{wait}, so newsprism "
                                  "asks it nothing more in this run")

    def _site_rules(self, url: str, http: httpx.Client, allow_private: bool, timeout: float) -> Protego | str:
        site, host = _site(url), _host(url)
        if site not in self._rules:
            self._wait(host)
            try:
                response = fetch_response(f"{site}/robots.txt", client=http, allow_private=allow_private,
                                          max_bytes=ROBOTS_MAX_BYTES, timeout=timeout)
                rules: Protego | str = Protego.parse(response.body.decode("utf-8", errors="replace"))
            except FetchError as error:
                if error.status is not None and 400 <= error.status < 500:
                    rules = Protego.parse("")  # no robots.txt: everything is allowed
                else:
                    rules = (f"its site's robots.txt could not be read ({error}), which RFC 9309 "
                             "says to read as 'fetch nothing'")
            self._rules[site] = rules
            self._next[host] = self._last[host][0] + self._host_delay(host)  # its own delay from now on
        return self._rules[site]

    def _wait(self, host: str) -> None:
        now = self._clock()
        due = self._next.get(host, now)
        if due > now:
            self._sleep(due - now)
            now = due
        self._last[host] = (now, next(self._requests))
        self._next[host] = now + self._host_delay(host)

    def _host_delay(self, host: str) -> float:
        asked = 0.0
        if self.robots:
            for site, rules in self._rules.items():
                if not isinstance(rules, str) and url_host(site) == host:
                    asked = max(asked, float(rules.crawl_delay(ROBOTS_AGENT) or 0.0))
                    rate = rules.request_rate(ROBOTS_AGENT)  # "Request-rate: 1/5" is one request in 5 s
                    if rate and rate.requests > 0:
                        asked = max(asked, rate.seconds / rate.requests)
        return max(self.delay, min(asked, MAX_CRAWL_DELAY))


def _host(url: str) -> str:
    return url_host(url)  # "" for a malformed URL: turn() sorts it, admit() and pace() refuse it


def _site(url: str) -> str:
    """``scheme://netloc`` of ``url``; ``FetchError`` when it is not an address newsprism fetches."""
    parts = parse_url(url)
    return f"{parts.scheme}://{parts.netloc}"
