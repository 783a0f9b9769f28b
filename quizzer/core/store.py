"""The progress store: SQLite in QUIZZER_HOME, WAL mode, versioned schema, one transaction per action.

A kill -9 at any moment loses at most the action in flight (SQLite's WAL
guarantees that). The database is never replaced behind the user's back: only
a file that is not a database, or fails `PRAGMA integrity_check`, is moved
aside (to a name no earlier copy has) and a fresh one started, with a notice
naming the kept copy. A database from a newer quizzer, a read-only or a locked
one is refused with a one-line `StoreError`, untouched. A schema upgrade backs
the file up first and runs in one transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from quizzer import paths

DB_NAME = "progress.sqlite3"

# Each migration takes the schema from version i to i + 1. Never edit a released one: add another.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        question TEXT NOT NULL,
        at REAL NOT NULL,
        verdict TEXT NOT NULL,
        passed INTEGER NOT NULL,
        total INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        code TEXT NOT NULL DEFAULT '',
        seed INTEGER,
        answer TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX attempts_question ON attempts(question, at);
    CREATE TABLE hints (
        id INTEGER PRIMARY KEY,
        question TEXT NOT NULL,
        at REAL NOT NULL,
        hint_index INTEGER NOT NULL
    );
    CREATE TABLE grades (
        id INTEGER PRIMARY KEY,
        question TEXT NOT NULL,
        at REAL NOT NULL,
        rating INTEGER NOT NULL,
        answer TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE drafts (
        question TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        updated REAL NOT NULL
    );
    CREATE TABLE cards (
        question TEXT PRIMARY KEY,
        card TEXT NOT NULL,
        due REAL NOT NULL
    );
    CREATE TABLE review_log (
        id INTEGER PRIMARY KEY,
        question TEXT NOT NULL,
        at REAL NOT NULL,
        rating INTEGER NOT NULL,
        log TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE give_ups (
        id INTEGER PRIMARY KEY,
        question TEXT NOT NULL,
        at REAL NOT NULL
    );
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 3: the question "lstm-seed-params-order" is now "lstm-notes-params-order" (see RENAMED_QUESTIONS).
    """
    UPDATE attempts SET question = 'lstm-notes-params-order' WHERE question = 'lstm-seed-params-order';
    UPDATE hints SET question = 'lstm-notes-params-order' WHERE question = 'lstm-seed-params-order';
    UPDATE grades SET question = 'lstm-notes-params-order' WHERE question = 'lstm-seed-params-order';
    UPDATE drafts SET question = 'lstm-notes-params-order' WHERE question = 'lstm-seed-params-order';
    UPDATE cards SET question = 'lstm-notes-params-order' WHERE question = 'lstm-seed-params-order';
    UPDATE review_log SET question = 'lstm-notes-params-order' WHERE question = 'lstm-seed-params-order';
    UPDATE give_ups SET question = 'lstm-notes-params-order' WHERE question = 'lstm-seed-params-order';
    """,
]

# The hint_index recording that the judge's diagnosis of a wrong answer was shown ("looks like a known
# mistake: ..."): it gives the answer away as a hint does, so it counts as one hint of its day's review,
# and being below 0 it never changes how many of the question's own hints are revealed.
DIAGNOSIS_SHOWN = -1

# Question ids the bank has renamed, old -> new: a migration moves the progress stored under an old id
# to the new one, and an import of an older export does the same, so a rename never loses progress.
RENAMED_QUESTIONS = {"lstm-seed-params-order": "lstm-notes-params-order"}


@dataclass(frozen=True)
class Attempt:
    """One recorded attempt at a question."""

    question: str
    at: float
    verdict: str
    passed: int
    total: int
    duration_ms: int
    code: str = ""
    seed: int | None = None
    answer: str = ""


@dataclass(frozen=True)
class Activity:
    """One thing the user did with a question: an attempt (its verdict) or a self-grade (its rating)."""

    question: str
    at: float
    what: str  # a verdict ("accepted", "wrong_answer", ...) or "graded 3"


class StoreError(OSError):
    """The store cannot be used: its folder cannot be made, or the database is locked, read-only, from
    a newer quizzer, or could not be upgraded. The message is one line; nothing was moved."""


BUSY_TIMEOUT_S = 10.0  # how long to wait for another quizzer's write before saying the database is locked

# SQLite's primary result codes (the low byte of an extended code) that decide what the user is told.
_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB: not (or no longer) a database
_LOCKED = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_NOT_WRITABLE = {3, 8, 14, 23}  # SQLITE_PERM, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_AUTH
_COMPANIONS = ("", "-wal", "-shm")  # the database file and the files SQLite keeps beside it


class _Damaged(Exception):
    """Not a database, or fails `PRAGMA integrity_check`: the one case where the file is moved aside."""


class Store:
    """The user's progress: attempts, hint reveals, self-grades, drafts, review cards."""

    def __init__(self, home: Path | None = None):
        self.home = home or paths.user_home()
        self.path = self.home / DB_NAME
        self.notice = ""  # set when a damaged database was moved aside; it names the kept copy
        # The app writes from worker threads too; one writer at a time keeps BEGIN..COMMIT pairs whole.
        self._lock = threading.RLock()
        self.connection = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            self.home.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise StoreError(f"cannot keep your progress in {self.home}: {exc.strerror or exc}") from None
        try:
            return self._connect()
        except _Damaged as exc:
            try:
                aside = _move_aside(self.path)
            except OSError as cannot:
                raise StoreError(f"the progress database {self.path} could not be read ({exc}) nor moved aside: {cannot.strerror or cannot}") from None
            self.notice = f"the progress database could not be read ({exc}); it was moved to {aside} and a new one started"
        try:
            return self._connect()
        except _Damaged as again:
            raise StoreError(f"cannot open {self.path}: {again}") from None

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        try:
            # Only reads until the file is known to be ours and current: a newer or damaged one stays as it is.
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise StoreError(f"{self.path} was made by a newer quizzer (schema {version}); this one reads up to {len(MIGRATIONS)}")
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise _Damaged(f"integrity check failed: {problems[0]}")
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
            self._migrate(connection, version)
        except sqlite3.DatabaseError as exc:
            connection.close()
            if _code(exc) in _DAMAGED:
                raise _Damaged(str(exc)) from None
            raise _store_error(self.path, exc) from None
        except BaseException:
            connection.close()
            raise
        return connection

    def _migrate(self, connection: sqlite3.Connection, version: int) -> None:
        """From schema `version` to the latest: a backup first (when there is anything to lose), then
        every step in one transaction, so a failure leaves the database as it was."""
        if version == len(MIGRATIONS):
            return
        backup = None
        if connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]:
            try:
                backup = _free_path(self.path, f"schema{version}-backup", create=True)
                with closing(sqlite3.connect(backup)) as copy:
                    connection.backup(copy)
            except (OSError, sqlite3.Error) as exc:
                raise StoreError(f"cannot back up {self.path} before upgrading it from schema {version} ({exc}); it was left as it was") from None
        try:
            with _transaction(connection):
                for number in range(version, len(MIGRATIONS)):
                    for statement in MIGRATIONS[number].split(";"):
                        if statement.strip():
                            connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
        except sqlite3.DatabaseError as exc:
            if _code(exc) in _LOCKED | _NOT_WRITABLE:
                raise
            kept = f"; its copy from before is {backup}" if backup else ""
            raise StoreError(f"could not upgrade {self.path} from schema {version} ({exc}); it was left as it was{kept}") from None

    @contextmanager
    def transaction(self):
        """One user action: all of it is stored, or none of it.

        Inside another transaction of this store (on the same thread) it is part of that one, so
        a recording and the review it leads to commit together.
        """
        with self._lock:
            if self.connection.in_transaction:
                yield self.connection
                return
            try:
                with _transaction(self.connection):
                    yield self.connection
            except sqlite3.OperationalError as exc:  # locked by another program, read-only, disk full
                raise _store_error(self.path, exc) from None

    def close(self) -> None:
        """Close the database."""
        self.connection.close()

    def __enter__(self) -> Store:
        """`with Store() as store:` closes it at the end."""
        return self

    def __exit__(self, *exc_info) -> None:
        """Close the database."""
        self.close()

    # -- attempts -----------------------------------------------------------------

    def record_attempt(self, attempt: Attempt) -> None:
        """Store one attempt."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO attempts (question, at, verdict, passed, total, duration_ms, code, seed, answer) VALUES (?,?,?,?,?,?,?,?,?)",
                (attempt.question, attempt.at, attempt.verdict, attempt.passed, attempt.total, attempt.duration_ms, attempt.code, attempt.seed, attempt.answer),
            )

    def attempts(self, question: str | None = None, limit: int | None = None) -> list[Attempt]:
        """Attempts, newest first, for one question or all."""
        sql = "SELECT question, at, verdict, passed, total, duration_ms, code, seed, answer FROM attempts"
        args: list = []
        if question:
            sql += " WHERE question = ?"
            args.append(question)
        sql += " ORDER BY at DESC, id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [Attempt(*row) for row in self.connection.execute(sql, args)]

    def status(self) -> dict[str, str]:
        """Per question: "solved" if an attempt was accepted or a self-grade was Good or Easy,
        else "attempted" if any attempt or self-grade exists."""
        rows = self.connection.execute(
            "SELECT question, MAX(ok) FROM ("
            " SELECT question, verdict = 'accepted' AS ok FROM attempts"
            " UNION ALL SELECT question, rating >= 3 AS ok FROM grades"
            ") GROUP BY question"
        )
        return {question: "solved" if solved else "attempted" for question, solved in rows}

    def activity(self, limit: int = 10) -> list[Activity]:
        """Attempts and self-grades together, newest first."""
        rows = self.connection.execute(
            "SELECT question, at, what FROM ("
            " SELECT question, at, verdict AS what, id FROM attempts"
            " UNION ALL SELECT question, at, 'graded ' || rating AS what, id FROM grades"
            ") ORDER BY at DESC, id DESC LIMIT ?",
            (int(limit),),
        )
        return [Activity(*row) for row in rows]

    def last_touched(self) -> str | None:
        """The question most recently attempted, graded, drafted or given a hint: where the user left off."""
        row = self.connection.execute(
            "SELECT question FROM ("
            " SELECT question, at FROM attempts UNION ALL SELECT question, at FROM grades"
            " UNION ALL SELECT question, at FROM hints UNION ALL SELECT question, updated AS at FROM drafts"
            ") ORDER BY at DESC LIMIT 1"
        ).fetchone()
        return row[0] if row else None

    # -- drafts ---------------------------------------------------------------------

    def save_draft(self, question: str, code: str) -> None:
        """Keep the code being written for a question (replaces the previous draft)."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO drafts (question, code, updated) VALUES (?, ?, ?) "
                "ON CONFLICT(question) DO UPDATE SET code = excluded.code, updated = excluded.updated",
                (question, code, time.time()),
            )

    def clear_draft(self, question: str) -> None:
        """Forget a question's draft (a concept answer once graded, so the next review starts blank)."""
        with self.transaction() as db:
            db.execute("DELETE FROM drafts WHERE question = ?", (question,))

    def draft(self, question: str) -> str | None:
        """The saved draft for a question, or None."""
        row = self.connection.execute("SELECT code FROM drafts WHERE question = ?", (question,)).fetchone()
        return row[0] if row else None

    # -- hints and self-grades -------------------------------------------------------

    def record_hint(self, question: str, hint_index: int, at: float | None = None) -> None:
        """Record that hint `hint_index` (0-based, or `DIAGNOSIS_SHOWN`) of a question was revealed (at `at`, default now)."""
        with self.transaction() as db:
            db.execute("INSERT INTO hints (question, at, hint_index) VALUES (?, ?, ?)", (question, time.time() if at is None else at, hint_index))

    def hints_revealed(self, question: str) -> int:
        """How many hints of a question have been revealed so far (the highest index + 1)."""
        row = self.connection.execute("SELECT MAX(hint_index) FROM hints WHERE question = ?", (question,)).fetchone()
        return 0 if row[0] is None else row[0] + 1

    def record_grade(self, question: str, rating: int, answer: str = "", at: float | None = None) -> None:
        """Record a self-grade (1 Again, 2 Hard, 3 Good, 4 Easy) with the answer given (at `at`, default now)."""
        with self.transaction() as db:
            db.execute("INSERT INTO grades (question, at, rating, answer) VALUES (?, ?, ?, ?)", (question, time.time() if at is None else at, rating, answer))

    def record_give_up(self, question: str, at: float | None = None) -> None:
        """Record that the user gave up on a question and read its walkthrough (at `at`, default now)."""
        with self.transaction() as db:
            db.execute("INSERT INTO give_ups (question, at) VALUES (?, ?)", (question, time.time() if at is None else at))

    def gave_up(self, question: str) -> bool:
        """Whether the user has ever given up on the question (its walkthrough stays open to them)."""
        return self.connection.execute("SELECT 1 FROM give_ups WHERE question = ? LIMIT 1", (question,)).fetchone() is not None

    # -- settings (not progress: export, import and reset leave them alone) ----------

    def setting(self, key: str, default: str | None = None) -> str | None:
        """A saved setting, or `default`."""
        row = self.connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else row[0]

    def save_setting(self, key: str, value: str) -> None:
        """Save a setting."""
        with self.transaction() as db:
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    # -- export / import ------------------------------------------------------------

    TABLES = ("attempts", "hints", "grades", "drafts", "cards", "review_log", "give_ups")

    def export(self) -> dict:
        """All progress as plain JSON-able data."""
        data = {"format": "quizzer-progress", "schema": len(MIGRATIONS), "tables": {}}
        for table in self.TABLES:
            cursor = self.connection.execute(f"SELECT * FROM {table}")
            columns = [c[0] for c in cursor.description]
            data["tables"][table] = [dict(zip(columns, row)) for row in cursor]
        return data

    def add_exported(self, tables: dict[str, list[dict]]) -> tuple[int, set[str]]:
        """Add the rows of an export, already validated (`quizzer.core.progress_file` does it), in one
        transaction. Returns the rows added and the questions whose review log gained one.

        A row already here (the same values, whatever its id) is not added again: importing the
        same export twice changes nothing. Drafts and cards keep the version already here.
        """
        added, reviewed = 0, set()
        with self.transaction() as db:
            for table in self.TABLES:
                for row in tables.get(table, ()):
                    row = {name: value for name, value in row.items() if name != "id"}  # names: the model's fields
                    same = " AND ".join(f"{name} IS ?" for name in row)
                    if db.execute(f"SELECT 1 FROM {table} WHERE {same} LIMIT 1", list(row.values())).fetchone():
                        continue
                    cursor = db.execute(f"INSERT OR IGNORE INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values()))
                    added += cursor.rowcount
                    if table == "review_log" and cursor.rowcount:
                        reviewed.add(row["question"])
        return added, reviewed

    def reset(self, question: str | None = None) -> None:
        """Forget all progress, or one question's."""
        with self.transaction() as db:
            for table in self.TABLES:
                if question:
                    db.execute(f"DELETE FROM {table} WHERE question = ?", (question,))
                else:
                    db.execute(f"DELETE FROM {table}")



@contextmanager
def _transaction(connection: sqlite3.Connection):
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _code(exc: sqlite3.Error) -> int:
    return (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def _store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """What went wrong with the database at `path`, in one line a user can act on."""
    if _code(exc) in _LOCKED:
        return StoreError(f"the progress database {path} is locked by another program (another quizzer?); nothing was changed: try again once it is done")
    if _code(exc) in _NOT_WRITABLE:
        return StoreError(f"cannot write the progress database {path} ({exc}); check that you may write it and its folder")
    return StoreError(f"cannot use the progress database {path}: {exc}")


def _stamp() -> str:
    return time.strftime("%Y%m%d-%H%M%S")


def _free_path(path: Path, tag: str, *, create: bool = False) -> Path:
    """`<path>.<tag>-<time>`, then `-2`, `-3`, ... while that is taken: never a name in use.

    With `create` the file is made (empty) in the same step, so nothing else can take the name.
    """
    stamp = _stamp()
    for n in count(1):
        candidate = path.with_name(f"{path.name}.{tag}-{stamp}" + (f"-{n}" if n > 1 else ""))
        if any(Path(f"{candidate}{suffix}").exists() for suffix in _COMPANIONS):
            continue
        if not create:
            return candidate
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            continue
        return candidate
    raise AssertionError("unreachable")


def _move_aside(path: Path) -> Path:
    """Move a damaged database (and its -wal, -shm) to a free `.corrupt-<time>` name; returns that name.

    A hard link, then an unlink: unlike a rename, the link fails rather than replace a file that
    took the name in the meantime (another quizzer moving its own damaged copy in the same second).
    """
    while True:
        aside = _free_path(path, "corrupt")
        try:
            os.link(path, aside, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links: rename to the name just found free
            os.rename(path, aside)
        else:
            os.unlink(path)
        for suffix in _COMPANIONS[1:]:
            if Path(f"{path}{suffix}").exists():
                os.rename(f"{path}{suffix}", f"{aside}{suffix}")
        return aside


def dumps(data: dict) -> str:
    """JSON text of an export."""
    return json.dumps(data, indent=2, sort_keys=True)
