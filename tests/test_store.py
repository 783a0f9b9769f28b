"""The progress store: migrations, transactions, a damaged database moved aside, and every query the app uses."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from contextlib import closing

import pytest

from quizzer.core import store as store_module
from quizzer.core.store import DB_NAME, MIGRATIONS, Attempt, Store, StoreError, dumps


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


def test_a_database_failing_the_integrity_check_is_moved_aside(tmp_path):
    # Two indexes' root pages swapped: every page reads (quick_check says ok), but the indexes lie.
    with Store(tmp_path) as store:
        store.save_draft("q", "the draft")
    with closing(sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)) as db:
        db.execute("PRAGMA writable_schema=ON")
        roots = dict(db.execute("SELECT name, rootpage FROM sqlite_master WHERE name IN ('sqlite_autoindex_drafts_1', 'sqlite_autoindex_cards_1')"))
        db.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'sqlite_autoindex_drafts_1'", (roots["sqlite_autoindex_cards_1"],))
        db.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'sqlite_autoindex_cards_1'", (roots["sqlite_autoindex_drafts_1"],))
    store = Store(tmp_path)
    [aside] = tmp_path.glob(f"{DB_NAME}.corrupt-*")
    assert f"integrity check failed: wrong # of entries in index" in store.notice and str(aside) in store.notice
    assert store.draft("q") is None  # a fresh database...
    with closing(sqlite3.connect(aside)) as kept:  # ...and the old one kept whole, its draft in it
        assert kept.execute("SELECT code FROM drafts").fetchall() == [("the draft",)]


def test_two_databases_moved_aside_in_the_same_second_are_both_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "_stamp", lambda: "20260302-093000")
    for damaged in (b"first" * 1000, b"second" * 1000):
        (tmp_path / DB_NAME).write_bytes(damaged)
        Store(tmp_path).close()
    kept = {path.name: path.read_bytes() for path in tmp_path.glob(f"{DB_NAME}.corrupt-*")}
    assert kept == {f"{DB_NAME}.corrupt-20260302-093000": b"first" * 1000, f"{DB_NAME}.corrupt-20260302-093000-2": b"second" * 1000}


def only_the_database(home) -> list[str]:
    """The file names in the home: nothing moved aside, no backup made."""
    return sorted(path.name for path in home.iterdir())


def test_a_database_from_a_newer_quizzer_is_refused_untouched(tmp_path):
    with closing(sqlite3.connect(tmp_path / DB_NAME)) as db:
        db.execute("CREATE TABLE future (x)")
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
        db.commit()
    before = (tmp_path / DB_NAME).read_bytes()
    with pytest.raises(StoreError) as refused:
        Store(tmp_path)
    assert str(refused.value) == f"{tmp_path / DB_NAME} was made by a newer quizzer (schema {len(MIGRATIONS) + 1}); this one reads up to {len(MIGRATIONS)}"
    assert only_the_database(tmp_path) == [DB_NAME] and (tmp_path / DB_NAME).read_bytes() == before


def test_a_read_only_database_is_refused_untouched(tmp_path):
    # The header's write version above 2 makes SQLite itself treat the file as read-only
    # (chmod would not do: the tests may run as root, who writes anyway).
    with Store(tmp_path) as store:
        store.record_hint("q", 0)
    with closing(sqlite3.connect(tmp_path / DB_NAME)) as db:
        db.execute("PRAGMA journal_mode=DELETE")
    data = bytearray((tmp_path / DB_NAME).read_bytes())
    data[18] = 3
    (tmp_path / DB_NAME).write_bytes(data)
    with pytest.raises(StoreError, match=r"^cannot write the progress database .*\(attempt to write a readonly database\); check that you may write it"):
        Store(tmp_path)
    assert only_the_database(tmp_path) == [DB_NAME] and (tmp_path / DB_NAME).read_bytes() == data


@pytest.fixture
def locked(tmp_path, monkeypatch):
    """Another program holding the progress database exclusively (a short wait for it, not ten seconds)."""
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.05)
    Store(tmp_path).close()
    other = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("INSERT INTO hints (question, at, hint_index) VALUES ('other', 1, 0)")
    yield other
    other.close()


LOCKED = r"^the progress database .* is locked by another program \(another quizzer\?\); nothing was changed"


def test_a_locked_database_is_refused_untouched(tmp_path, locked):
    with pytest.raises(StoreError, match=LOCKED):
        Store(tmp_path)
    assert only_the_database(tmp_path) == [DB_NAME, f"{DB_NAME}-wal"]


def test_a_database_locked_while_open_refuses_the_write_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.05)
    store = Store(tmp_path)
    with closing(sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError, match=LOCKED):
            store.record_hint("q", 0)
        other.execute("ROLLBACK")
    store.record_hint("q", 0)  # once it is free again, the store works
    assert store.hints_revealed("q") == 1


def first_schema_database(home, question="q") -> None:
    """A progress file as the first release wrote it (schema 1), with one accepted attempt."""
    with closing(sqlite3.connect(home / DB_NAME)) as old:
        old.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
        old.execute("INSERT INTO attempts (question, at, verdict, passed, total, duration_ms) VALUES (?, 1.0, 'accepted', 3, 3, 10)", (question,))
        old.commit()


def test_an_upgrade_backs_the_database_up_first(tmp_path):
    first_schema_database(tmp_path)
    Store(tmp_path).close()
    [backup] = tmp_path.glob(f"{DB_NAME}.schema1-backup-*")
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
        assert copy.execute("SELECT question, verdict FROM attempts").fetchall() == [("q", "accepted")]


def test_a_failed_upgrade_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    first_schema_database(tmp_path)
    broken = [*MIGRATIONS, "CREATE TABLE give_ups (x)"]  # a third step that fails after the second succeeded
    monkeypatch.setattr(store_module, "MIGRATIONS", broken)
    with pytest.raises(StoreError, match=r"could not upgrade .* from schema 1 \(table give_ups already exists\); it was left as it was; its copy from before is "):
        Store(tmp_path)
    with closing(sqlite3.connect(tmp_path / DB_NAME)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'give_ups'").fetchall() == []  # the second step undone too
        assert db.execute("SELECT question FROM attempts").fetchall() == [("q",)]


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
    from quizzer.core.progress_file import import_progress

    target = Store(tmp_path / "b")
    assert import_progress(target, dumps(source.export())) == 2
    assert target.status() == source.status()
    assert import_progress(target, dumps(source.export())) == 0  # the same export again adds nothing
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
    first_schema_database(tmp_path)
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


# -- what the faces say -----------------------------------------------------------------------------


def newer_database(home) -> None:
    """A progress file from a quizzer one schema ahead of this one."""
    with closing(sqlite3.connect(home / DB_NAME)) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")


def test_the_cli_names_the_kept_copy_of_a_damaged_database(quizzer_home, capsys):
    from quizzer.cli import main

    (quizzer_home / DB_NAME).write_bytes(b"garbage" * 1000)
    assert main(["export"]) == 0
    [aside] = quizzer_home.glob(f"{DB_NAME}.corrupt-*")
    err = capsys.readouterr().err
    assert err == f"quizzer: the progress database could not be read (file is not a database); it was moved to {aside} and a new one started\n"


def test_the_cli_and_the_app_refuse_a_newer_database_with_exit_1(quizzer_home, capsys):
    from quizzer.app import run
    from quizzer.cli import main

    newer_database(quizzer_home)
    said = f"{quizzer_home / DB_NAME} was made by a newer quizzer (schema {len(MIGRATIONS) + 1}); this one reads up to {len(MIGRATIONS)}"
    assert main(["export"]) == 1
    assert capsys.readouterr() == ("", f"quizzer: {said}\n")  # no empty progress printed
    assert run() == 1
    assert capsys.readouterr().err == f"quizzer: cannot open the progress store: {said}\n"
    assert only_the_database(quizzer_home) == [DB_NAME]


def test_progress_under_a_renamed_question_id_moves_to_its_new_id(tmp_path):
    """A database of schema 2 (before the rename) keeps its progress on the renamed question."""
    with closing(sqlite3.connect(tmp_path / DB_NAME)) as old:
        old.executescript(MIGRATIONS[0] + ";" + MIGRATIONS[1] + "; PRAGMA user_version = 2;")
        for old_id in ("lstm-seed-params-order", "other-question"):
            old.execute("INSERT INTO attempts (question, at, verdict, passed, total, duration_ms) VALUES (?, 1.0, 'accepted', 1, 1, 10)", (old_id,))
            old.execute("INSERT INTO hints (question, at, hint_index) VALUES (?, 1.0, 0)", (old_id,))
        old.commit()
    store = Store(tmp_path)
    for table in ("attempts", "hints"):
        rows = store.export()["tables"][table]
        assert sorted(row["question"] for row in rows) == ["lstm-notes-params-order", "other-question"], table
    assert store.status() == {"lstm-notes-params-order": "solved", "other-question": "solved"}
    store.close()
