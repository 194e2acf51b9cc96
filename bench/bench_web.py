"""The web app's response times (`newsprism serve`) over a large SQLite archive.

    .venv/bin/python bench/bench_web.py [--articles N] [--story-size K] [--repeat R]

Stores N AllSides sample articles (../shared/corpora/allsides-sample; generated text when
absent) in a fresh SQLite archive and files them into stories of K articles in storage
order (not real stories: what a page costs depends on how many articles it reads, not on
whether they belong together). Runs `newsprism serve` on a loopback port and times over
real HTTP: the story listing (first and a late page, and by size), a full-text search,
the JSON listing, a story page analysed on its first visit and read back on the next, an
article page, and the listing under 8 concurrent clients. Prints the median of R
requests each and the server's peak resident memory. Results go in docs/BENCHMARKS.md ("## The web app").

    .venv/bin/python bench/bench_web.py --add-during-analysis K

instead files the demo corpus through `ingest`, stores K articles as one more story, and
times an article added through the add form while the server is idle and while it
analyses that story (started by a visit to its page).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_store import ALLSIDES, _allsides, _generated  # noqa: E402

from newsprism.records import Story  # noqa: E402
from newsprism.store import open_store  # noqa: E402
from newsprism.web.app import article_href, story_href  # noqa: E402


def _build(path: Path, count: int, story_size: int) -> list[Story]:
    articles = _allsides(count) if ALLSIDES.is_dir() else []
    articles += _generated(count - len(articles))
    stories = []
    with open_store(path) as store:
        for article in articles:
            store.add_article(article)
        for n, start in enumerate(range(0, len(articles), story_size)):
            members = tuple(a.id for a in articles[start:start + story_size])
            story = Story(f"s{n:06d}", articles[start].title or f"Story {n}", members)
            store.save_story(story, event="created")
            stories.append(story)
    return stories


def _serve(path: Path) -> tuple[str, subprocess.Popen]:
    """`newsprism serve` in its own process, as users run it (a server thread in this
    process would share its interpreter lock with the client and add its waits)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "newsprism", "serve", "--db", str(path), "--port", str(port)],
                               stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    while True:
        try:
            httpx.get(base + "/api/stories?limit=1", timeout=1)
            return base, process
        except httpx.TransportError:
            time.sleep(0.1)


def _peak_mb(pid: int) -> float:
    """The peak resident memory of a running process (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _median(client: httpx.Client, url: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def _until_ready(client: httpx.Client, url: str) -> float:
    """Seconds until a story page shows its analysis (it answers 202 while it is made)."""
    started = time.perf_counter()
    while (response := client.get(url)).status_code == 202:
        time.sleep(0.2)
    assert response.status_code == 200, (url, response.status_code)
    return time.perf_counter() - started


ADDED = ("The Orrin Valley ferry will run again from Monday, the harbour board said on Friday, after "
         "divers found no damage to the {n} landing stage that a storm had battered last week. "
         "Crews will inspect the pier at Dunmere each morning, and the board said fares would not change.")


def _add(client: httpx.Client, token: str, n: int) -> float:
    """Seconds until the add form's post of a new article answers (it redirects to it)."""
    started = time.perf_counter()
    response = client.post("/add", data={"token": token, "title": f"Orrin Valley ferry returns ({n})",
                                         "outlet": "Bench Gazette", "text": ADDED.format(n=f"No. {n}")})
    assert response.status_code == 303, (response.status_code, response.text[:300])
    return time.perf_counter() - started


def add_during_analysis(size: int) -> None:
    """An add while the server is idle, and while it analyses a story of ``size`` articles."""
    import re

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "archive.db"
        # The demo corpus through `ingest` first, so the clusterer's state holds its stories
        # and an added article is filed among them: the big story, stored directly, is not
        # in that state, so no add touches (or splits) it.
        subprocess.run([sys.executable, "-m", "newsprism", "ingest", str(ROOT / "demo" / "corpus"), "--db", str(path),
                        "--quiet"], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        (story,) = _build(path, size, size)
        base, server = _serve(path)
        with httpx.Client(base_url=base, timeout=3600) as client:
            token = re.search(r'name="token" value="([^"]+)"', client.get("/add").text).group(1)
            print(f"{'add, idle (first: the embedder loads)':48s} {_add(client, token, 1):8.2f} s")
            print(f"{'add, idle':48s} {_add(client, token, 2):8.2f} s")
            started = time.perf_counter()
            assert client.get(story_href(story.id)).status_code == 202
            for n, into in enumerate((2, 15, 30, 45), start=3):  # parse first, then the embedder
                time.sleep(max(0.0, into - (time.perf_counter() - started)))
                if client.get(story_href(story.id)).status_code != 202:
                    break
                print(f"{f'add, {into} s into the analysis':48s} {_add(client, token, n):8.2f} s")
            while (page := client.get(story_href(story.id))).status_code == 202:
                time.sleep(0.2)
            assert page.status_code == 200, (page.status_code, page.text[:300])
            print(f"{f'analysis of the story of {size} articles':48s} {time.perf_counter() - started:8.1f} s")
            print(f"{'add, idle again':48s} {_add(client, token, 9):8.2f} s")
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--story-size", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--add-during-analysis", type=int, metavar="K",
                        help="time an add while a story of K articles is analysed, instead")
    args = parser.parse_args()
    if args.add_during_analysis:
        add_during_analysis(args.add_during_analysis)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "archive.db"
        started = time.perf_counter()
        stories = _build(path, args.articles, args.story_size)
        print(f"archive: {args.articles} articles in {len(stories)} stories of {args.story_size}, "
              f"built in {time.perf_counter() - started:.0f} s")
        base, server = _serve(path)
        idle = _peak_mb(server.pid)
        late_page = max(1, len(stories) // 50 - 1)
        with httpx.Client(base_url=base, timeout=300) as client:
            rows = [
                ("story listing, first page (50 stories)", "/"),
                (f"story listing, page {late_page}", f"/?page={late_page}"),
                ("story listing by size", "/?sort=size"),
                ("search, two words", "/search?q=supreme+court"),
                ("JSON listing (100 stories)", "/api/stories"),
            ]
            for label, url in rows:
                print(f"{label:48s} {1000 * _median(client, url, args.repeat):8.1f} ms")
            story = stories[1]  # the first stories hold real articles when the sample is there
            print(f"{'story page, first visit (analysed; models load)':48s} "
                  f"{_until_ready(client, story_href(story.id)):8.1f} s")
            other = stories[2]
            print(f"{'story page, first visit (models loaded)':48s} {_until_ready(client, story_href(other.id)):8.1f} s")
            print(f"{'story page, again (kept analysis)':48s} "
                  f"{1000 * _median(client, story_href(story.id), args.repeat):8.1f} ms")
            print(f"{'article page of that story':48s} "
                  f"{1000 * _median(client, article_href(story.article_ids[0]), args.repeat):8.1f} ms")

            def fetch(_: int) -> None:
                assert client.get("/").status_code == 200

            count = 8 * args.repeat
            with ThreadPoolExecutor(8) as pool:
                started = time.perf_counter()
                list(pool.map(fetch, range(count)))
            print(f"{'story listing, 8 concurrent clients':48s} {count / (time.perf_counter() - started):8.1f} pages/s")
        print(f"server's peak resident memory: {idle:.0f} MB before any story page, "
              f"{_peak_mb(server.pid):.0f} MB after")
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
