"""Shared fixtures. Data the project wrote itself lives in the repo (demo/, tests/data/);
the labelled corpora and seeds live beside the project in ../shared and tests that need
them skip with a message when it is absent."""

from __future__ import annotations

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
