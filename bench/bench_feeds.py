"""Reading feeds: the first read, a read when nothing changed, a read when some entries changed.

    .venv/bin/python bench/bench_feeds.py [--sites S] [--entries E] [--latency SECONDS] [--delay SECONDS]

Plays S news sites on S loopback addresses (127.0.0.1, 127.0.0.2, ...), each with one RSS
feed of E entries whose pages answer after LATENCY seconds (a real site's answer time; the
feed and robots.txt answer at once). Reads all S feeds with `FeedPoll` and the shipped
manners (`Courtesy`, one request per site every DELAY seconds), and prints for each read
the requests made and the wall time:

- first read, taking next the site that may be asked soonest (what `ingest --feeds` does);
- first read, one feed after another (what reading the feeds one by one would do);
- first read with no pauses and no robots.txt (the request pattern of the release before
  feeds were read politely, which also fetched every entry on every read);
- the same feeds read again, unchanged (one conditional request per feed);
- read again after a tenth of each feed's entries changed (the feeds send no validators
  this time, so each is fetched in full and only the changed entries' pages are).

Then times the whole `newsprism ingest --feeds` command on an archive that has already
read the feeds, when none has changed (what a cron job pays to find nothing new), and
runs `newsprism ingest --feeds --every 5s` for LOOP seconds while every site publishes
one entry and corrects another every 5 s, printing the process's resident memory after
its first and its last run (a long-running ingest must not grow).
Results go in docs/BENCHMARKS.md ("### Reading feeds").
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from newsprism.ingest import Courtesy, FeedPoll, FeedState


class _Site:
    def __init__(self, number: int, entries: int, latency: float) -> None:
        self.host = f"127.0.0.{number}"
        self.number = number
        self.latency = latency
        self.version = [0] * entries
        self.validators = True
        self.asked: list[str] = []
        handler = type("Handler", (_Handler,), {"site": self})
        self.httpd = ThreadingHTTPServer((self.host, 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, address: None  # a client closing its kept-alive connection
        self.base = f"http://{self.host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>Site {self.number} report {n} (v{v})</title><link>{self.base}/story/{n}.html</link>"
            f"<guid>{self.base}/story/{n}</guid><pubDate>Mon, 04 May 2026 {n % 24:02d}:00:00 +0000</pubDate></item>"
            for n, v in enumerate(self.version))
        return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Site {self.number}</title>"
                f"<link>{self.base}/</link>{items}</channel></rss>").encode()

    def etag(self) -> str:
        return f'"{sum(self.version)}"'

    def page(self, n: int) -> bytes:
        body = " ".join(f"Paragraph {k} of report {n} from site {self.number}, version {self.version[n]}."
                        for k in range(40))
        return f"<html><head><title>Report {n}</title></head><body><article><p>{body}</p></article></body></html>".encode()


class _Handler(BaseHTTPRequestHandler):
    site: _Site
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        site = self.site
        site.asked.append(self.path)
        headers: dict[str, str] = {}
        if self.path == "/feed.xml":
            if site.validators and self.headers.get("If-None-Match") == site.etag():
                status, body = 304, b""
            else:
                status, body = 200, site.feed()
            if site.validators:
                headers["ETag"] = site.etag()
        elif self.path.startswith("/story/"):
            time.sleep(site.latency)
            status, body = 200, site.page(int(self.path.rsplit("/", 1)[1].split(".")[0]))
        else:
            status, body = 404, b"no robots.txt"
        self.send_response(status)
        self.send_header("Content-Type", "text/html" if status != 200 or "story" in self.path else "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def _read(sites: list[_Site], courtesy: Courtesy, known: dict[str, FeedState] | None = None,
          one_by_one: bool = False) -> tuple[float, dict[str, FeedState], int]:
    for site in sites:
        site.asked.clear()
    urls = [f"{site.base}/feed.xml" for site in sites]
    started = time.perf_counter()
    states: dict[str, FeedState] = {}
    pages = 0
    for group in ([[url] for url in urls] if one_by_one else [urls]):
        poll = FeedPoll(group, known=known, courtesy=courtesy, allow_private=True)
        pages += sum(1 for _ in poll)
        states.update({url: read.state for url, read in poll.reads.items()})
    return time.perf_counter() - started, states, pages


def _line(label: str, seconds: float, sites: list[_Site], pages: int) -> None:
    asked = Counter(path.split("/")[1].split(".")[0] for site in sites for path in site.asked)
    print(f"{label:<58} {seconds:7.2f} s  requests {sum(asked.values()):4d} "
          f"(feeds {asked['feed']}, robots.txt {asked['robots']}, pages {asked['story']}); documents {pages}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=8)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--loop", type=float, default=180.0, help="seconds of `ingest --every` (0: skip)")
    parser.add_argument("--loop-only", action="store_true", help="only the `ingest --every` run")
    args = parser.parse_args()
    sites = [_Site(n, args.entries, args.latency) for n in range(1, args.sites + 1)]
    print(f"{args.sites} sites x {args.entries} entries, pages answer in {args.latency:g} s, "
          f"one request per site every {args.delay:g} s")

    if args.loop_only:
        with tempfile.TemporaryDirectory() as folder:
            feeds = Path(folder) / "feeds.txt"
            feeds.write_text("".join(f"{site.base}/feed.xml\n" for site in sites), encoding="utf-8")
            _loop(sites, [sys.executable, "-m", "newsprism", "ingest", "--feeds", str(feeds), "--db",
                          str(Path(folder) / "archive.db"), "--allow-private", "--host-delay", "0", "--every", "5s"],
                  args.loop)
        return
    seconds, states, pages = _read(sites, Courtesy(delay=args.delay))
    _line("first read (shipped: the site free soonest next)", seconds, sites, pages)
    seconds, _, pages = _read(sites, Courtesy(delay=args.delay), one_by_one=True)
    _line("first read, one feed after another", seconds, sites, pages)
    seconds, _, pages = _read(sites, Courtesy(delay=0, robots=False))
    _line("first read, no pauses, no robots.txt (request pattern before)", seconds, sites, pages)

    seconds, _, pages = _read(sites, Courtesy(delay=args.delay), known=states)
    _line("read again, nothing changed (shipped)", seconds, sites, pages)
    for site in sites:
        site.validators = False
        for n in range(0, args.entries, 10):
            site.version[n] += 1
    seconds, _, pages = _read(sites, Courtesy(delay=args.delay), known=states)
    _line("read again, a tenth of the entries changed (shipped)", seconds, sites, pages)

    for site in sites:
        site.validators = True
    with tempfile.TemporaryDirectory() as folder:
        feeds = Path(folder) / "feeds.txt"
        feeds.write_text("".join(f"{site.base}/feed.xml\n" for site in sites), encoding="utf-8")
        command = [sys.executable, "-m", "newsprism", "ingest", "--feeds", str(feeds), "--db",
                   str(Path(folder) / "archive.db"), "--allow-private", "--quiet"]
        started = time.perf_counter()
        subprocess.run([*command, "--host-delay", "0"], check=True)
        first = time.perf_counter() - started
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run(command, check=True)
            runs.append(time.perf_counter() - started)
        print(f"`newsprism ingest --feeds`: first run {first:.1f} s ({args.sites * args.entries} articles, "
              f"no pauses); again with nothing changed {min(runs):.2f}-{max(runs):.2f} s (3 runs)")
        if args.loop > 0:
            _loop(sites, [*(part for part in command if part != "--quiet"), "--host-delay", "0", "--every", "5s"],
                  args.loop)


def _loop(sites: list[_Site], command: list[str], seconds: float) -> None:
    """Run ``ingest --every`` while the sites publish, and print its memory run by run."""
    stop = threading.Event()

    def publish() -> None:
        while not stop.wait(5.0):
            for site in sites:
                site.version.append(0)
                site.version[len(site.version) // 2] += 1

    threading.Thread(target=publish, daemon=True).start()
    running = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    memory: list[tuple[str, int]] = []
    started = time.monotonic()
    assert running.stdout is not None
    for line in running.stdout:
        if line.startswith("["):
            status = Path(f"/proc/{running.pid}/status").read_text()
            rss = next(int(row.split()[1]) for row in status.splitlines() if row.startswith("VmRSS:"))
            memory.append((line.split("]", 1)[1].strip(), rss // 1024))
        if time.monotonic() - started > seconds:
            break
    running.send_signal(signal.SIGTERM)
    running.wait(timeout=120)
    stop.set()
    print(f"`ingest --every 5s` for {seconds:g} s: {len(memory)} runs; resident memory after the first "
          f"{memory[0][1]} MB ({memory[0][0]}), after the last {memory[-1][1]} MB ({memory[-1][0]})")
    step = max(1, len(memory) // 12)
    print("  after run " + ", ".join(f"{n + 1}: {memory[n][1]} MB" for n in range(0, len(memory), step)))


if __name__ == "__main__":
    main()
