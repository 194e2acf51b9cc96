"""Shared fixtures. Data the project wrote itself lives in the repo (demo/, tests/data/);
the labelled corpora and seeds live beside the project in ../shared and tests that need
them skip with a message when it is absent."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEMO_CORPUS = ROOT / "demo" / "corpus"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {Path('..', 'shared', *parts)} (the shared seeds and corpora), which is absent")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return shared_path("seeds")


@pytest.fixture
def corpora_dir() -> Path:
    return shared_path("corpora")


@pytest.fixture
def demo_corpus() -> Path:
    return DEMO_CORPUS


# A real browser (headless Chromium through Playwright) for the HTML report and web app tests.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def _chromium() -> str | None:
    return os.environ.get("NEWSPRISM_CHROMIUM") or next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package (dev extra)")
    executable = _chromium()
    if executable is None:
        pytest.skip("needs a Chromium browser: apt-get install chromium (CI installs it)")
    with sync_api.sync_playwright() as playwright:
        # the sandbox needs user namespaces, which a container run as root may not have
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()
