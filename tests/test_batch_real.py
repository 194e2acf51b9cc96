"""run_batch with the real pipeline stages equals analyze().

Workers are threads here so the models load once for both runs; the default cluster of
two worker processes is exercised in test_batch_run.py with light stages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("distributed")


@pytest.mark.slow
def test_batch_real_stages_match_the_single_process_run(demo_corpus: Path) -> None:
    from newsprism.analyze import analyze
    from newsprism.stories.batch import run_batch

    story_b = demo_corpus / "story-b"
    if not story_b.exists():
        pytest.skip("demo corpus story-b is absent")
    inputs = [str(p) for p in sorted(story_b.iterdir())[:2]] + [str(demo_corpus / "broken")]
    expected = analyze(inputs)
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster:
        with Client(cluster) as client:
            report = run_batch(inputs, client=client, progress=False)
    assert [a.id for a in report.articles] == [a.id for a in expected.articles]
    assert [s.story for s in report.stories] == [s.story for s in expected.stories]
    assert report.failures == expected.failures
    assert report == expected
