"""Kill -9 tests: the real app in a child process, killed at random moments, loses nothing saved.

The soak version (1000 kills) is benchmarks/soak_kill.py.
"""

from __future__ import annotations

from engagement_tui.store import Store
from engagement_tui.tui.ack_log import AckLog, value_digest
from tests.tui.conftest import new_interview
from tests.tui.kill_harness import KillReport, check, run_kills
from tests.tui.sample import seed

KILLS = 30


def test_sigkill_at_random_moments_loses_no_acknowledged_answer(tmp_path):
    report = run_kills(tmp_path, KILLS, rng_seed=20261122, delay=(0.0, 1.8))
    print(
        f"\nkills={report.kills} acknowledged={report.acknowledged} lost={len(report.lost)}"
        f" integrity_failures={report.integrity_failures}"
        f" in_flight_applied={report.in_flight_applied}"
    )
    assert report.kills == KILLS
    assert report.lost == []
    assert report.integrity_failures == 0
    assert report.acknowledged > KILLS  # the runs really were answering questions


def test_the_check_notices_an_acknowledged_answer_that_is_missing(tmp_path):
    db, log = tmp_path / "kill.db", tmp_path / "acks.log"
    with Store.open(db) as store:
        seed(store)
        uuid = new_interview(store)
        store.interviews.save_answers(uuid, {"years": 12})
        acks = AckLog(log)
        log.write_text("RUN 0\n")
        acks.opened(uuid)
        acks.trying({"years": 12})
        acks.saved({"years": 12})
        acks.trying({"role_type": "ceo"})  # in flight: allowed to be missing
        acks.saved({"budget": 2.5})  # acknowledged but never stored: a loss
    report = KillReport()
    check(db, log, report)
    assert report.lost == [
        f"{(uuid, 'budget')}: stored {value_digest(None)[:8]} expected {value_digest(2.5)[:8]}"
    ]
