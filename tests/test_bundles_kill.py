"""SIGKILL during real merges: the database stays sound and each bundle is wholly in or out.

CI-sized (30 kills); `benchmarks/kill_merge.py 200` runs the long version."""

from __future__ import annotations

from tests.bundle_kill_harness import build, run_kills


def test_kill_9_during_merges_leaves_each_bundle_wholly_in_or_out(tmp_path):
    setup = build(tmp_path, bundles=4, interviews=60, questions=20)
    report = run_kills(tmp_path, kills=30, seed=12, setup=setup)
    assert report.kills == 30
    assert report.integrity_failures == 0
    assert report.partial_bundles == []
    # The kills landed before, between and after the bundles, not only at one moment.
    assert len(report.bundles_in) >= 3, report.bundles_in
