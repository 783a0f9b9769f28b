"""The progress store: migrations, transactions, a damaged database moved aside, and every query the app uses."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading

import pytest

from quizzer.core.store import DB_NAME, MIGRATIONS, Attempt, Store


def attempt(question: str, at: float, verdict: str = "wrong_answer") -> Attempt:
    return Attempt(question, at, verdict, int(verdict == "accepted"), 1, 100)


def test_a_new_store_is_in_wal_mode_at_the_latest_schema(tmp_path):
    store = Store(tmp_path)
    assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    store.close()
    Store(tmp_path).close()  # opening again migrates nothing and keeps the data file
    assert (tmp_path / DB_NAME).is_file()


def test_a_damaged_database_is_moved_aside_with_a_notice(tmp_path):
    (tmp_path / DB_NAME).write_bytes(b"garbage" * 1000)
    store = Store(tmp_path)
    aside = list(tmp_path.glob(f"{DB_NAME}.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == b"garbage" * 1000
    assert "could not be read" in store.notice and str(aside[0]) in store.notice
    store.record_hint("q", 0)
    assert store.hints_revealed("q") == 1


def test_a_database_from_a_newer_quizzer_is_moved_aside_not_downgraded(tmp_path):
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    store = Store(tmp_path)
    assert "newer than this quizzer knows" in store.notice
    assert store.connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_a_failed_action_stores_nothing(tmp_path):
    store = Store(tmp_path)
    with pytest.raises(RuntimeError):
        with store.transaction() as db:
            db.execute("INSERT INTO hints (question, at, hint_index) VALUES ('q', 1, 0)")
            raise RuntimeError("the action failed half-way")
    assert store.hints_revealed("q") == 0


def test_status_counts_accepted_attempts_and_good_self_grades_as_solved(tmp_path):
    store = Store(tmp_path)
    store.record_attempt(attempt("coding-a", 1, "wrong_answer"))
    store.record_attempt(attempt("coding-b", 1, "wrong_answer"))
    store.record_attempt(attempt("coding-b", 2, "accepted"))
    store.record_grade("concept-hard", 2, "meh")
    store.record_grade("concept-good", 1)
    store.record_grade("concept-good", 3)
    assert store.status() == {"coding-a": "attempted", "coding-b": "solved", "concept-hard": "attempted", "concept-good": "solved"}


def test_activity_merges_attempts_and_grades_newest_first(tmp_path):
    store = Store(tmp_path)
    store.record_attempt(attempt("a", 10))
    store.record_grade("b", 4, at=30)
    store.record_attempt(attempt("c", 20, "accepted"))
    assert [(x.question, x.at, x.what) for x in store.activity()] == [("b", 30, "graded 4"), ("c", 20, "accepted"), ("a", 10, "wrong_answer")]
    assert len(store.activity(limit=2)) == 2


def test_last_touched_is_the_latest_of_attempts_grades_hints_and_drafts(tmp_path):
    store = Store(tmp_path)
    assert store.last_touched() is None
    store.record_attempt(attempt("a", 10))
    store.record_hint("b", 0, at=20)
    assert store.last_touched() == "b"
    store.record_grade("c", 3, at=30)
    assert store.last_touched() == "c"
    store.save_draft("d", "code")  # now: later than every fixed time above
    assert store.last_touched() == "d"


def test_drafts_are_replaced_and_cleared(tmp_path):
    store = Store(tmp_path)
    assert store.draft("q") is None
    store.save_draft("q", "one")
    store.save_draft("q", "two")
    assert store.draft("q") == "two"
    store.clear_draft("q")
    assert store.draft("q") is None


def test_hints_revealed_is_the_highest_index_plus_one(tmp_path):
    store = Store(tmp_path)
    store.record_hint("q", 0)
    store.record_hint("q", 1)
    store.record_hint("q", 1)  # revealed again after reopening: still two
    assert store.hints_revealed("q") == 2 and store.hints_revealed("other") == 0


def test_writes_from_threads_do_not_interleave_transactions(tmp_path):
    store = Store(tmp_path)

    def writer(n: int) -> None:
        for i in range(50):
            store.record_hint(f"q{n}", i)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.connection.execute("SELECT COUNT(*) FROM hints").fetchone()[0] == 200


def test_export_import_round_trip(tmp_path):
    source = Store(tmp_path / "a")
    source.record_attempt(attempt("q", 5, "accepted"))
    source.record_grade("c", 3, "answer", at=6)
    target = Store(tmp_path / "b")
    assert target.import_(source.export()) == 2
    assert target.status() == source.status()
    assert target.import_(source.export()) == 0  # the same export again adds nothing
    assert len(target.attempts("q")) == 1


def test_a_kill_during_a_write_leaves_a_database_that_opens(tmp_path):
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from quizzer.core.store import Store\n"
        "store = Store(Path(sys.argv[1]))\n"
        "for i in range(200):\n"
        "    store.record_hint('q', i)\n"
        "with store.transaction() as db:\n"
        "    db.execute(\"INSERT INTO hints (question, at, hint_index) VALUES ('q', 0, 999)\")\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True)
    assert result.returncode == -9
    store = Store(tmp_path)
    assert store.notice == ""
    assert store.hints_revealed("q") == 200  # every finished action kept, the one in flight gone


def test_a_database_of_the_first_schema_is_upgraded_keeping_its_progress(tmp_path):
    # A progress file written by the first release (schema 1): opening it adds the new tables and loses nothing.
    import sqlite3

    from quizzer.core.store import MIGRATIONS

    old = sqlite3.connect(tmp_path / "progress.sqlite3")
    old.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    old.execute("INSERT INTO attempts (question, at, verdict, passed, total, duration_ms) VALUES ('q', 1.0, 'accepted', 3, 3, 10)")
    old.commit()
    old.close()
    store = Store(tmp_path)
    assert [a.verdict for a in store.attempts("q")] == ["accepted"]
    assert store.connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert not store.gave_up("q") and store.setting("theme") is None


def test_give_ups_are_progress_and_settings_are_not(tmp_path):
    store = Store(tmp_path)
    store.record_give_up("q", at=5.0)
    store.save_setting("theme", "textual-light")
    store.save_setting("theme", "textual-dark")
    assert store.gave_up("q") and not store.gave_up("other")
    assert store.setting("theme") == "textual-dark" and store.setting("missing", "x") == "x"
    assert store.export()["tables"]["give_ups"] == [{"id": 1, "question": "q", "at": 5.0}]
    store.reset()
    assert not store.gave_up("q") and store.setting("theme") == "textual-dark"
