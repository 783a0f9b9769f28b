"""The progress store: SQLite in QUIZZER_HOME, WAL mode, versioned schema, one transaction per action.

A kill -9 at any moment loses at most the action in flight (SQLite's WAL
guarantees that). A database that cannot be opened or read is moved aside
with a clear message, and a fresh one takes its place: nothing is deleted.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
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
]


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
    """The store could not be opened (its folder cannot be made, or even a fresh database fails)."""


class Store:
    """The user's progress: attempts, hint reveals, self-grades, drafts, review cards."""

    def __init__(self, home: Path | None = None):
        self.home = home or paths.user_home()
        self.path = self.home / DB_NAME
        self.notice = ""  # set when a damaged database was moved aside
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
        except sqlite3.DatabaseError as exc:
            aside = self.path.with_name(f"{DB_NAME}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
            for suffix in ("", "-wal", "-shm"):
                source = Path(str(self.path) + suffix)
                if source.exists():
                    source.rename(Path(str(aside) + suffix))
            self.notice = f"the progress database could not be read ({exc}); it was moved to {aside} and a new one started"
            try:
                return self._connect()
            except sqlite3.DatabaseError as again:
                raise StoreError(f"cannot open {self.path}: {again}") from again

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
            if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
            self._migrate(connection)
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    @staticmethod
    def _migrate(connection: sqlite3.Connection) -> None:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise sqlite3.DatabaseError(f"schema version {version} is newer than this quizzer knows ({len(MIGRATIONS)})")
        for number in range(version, len(MIGRATIONS)):
            with _transaction(connection):
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {number + 1}")

    @contextmanager
    def transaction(self):
        """One user action: all of it is stored, or none of it."""
        with self._lock, _transaction(self.connection):
            yield self.connection

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
        """Record that hint `hint_index` (0-based) of a question was revealed (at `at`, default now)."""
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

    def import_(self, data: dict) -> int:
        """Add exported progress to this store; rows added.

        A row already here (the same values, whatever its id) is not added again: importing
        the same export twice changes nothing. Drafts and cards keep the version already here.
        """
        if data.get("format") != "quizzer-progress":
            raise ValueError("the format field is not 'quizzer-progress'")
        added = 0
        with self.transaction() as db:
            for table in self.TABLES:
                columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
                for row in data.get("tables", {}).get(table, []):
                    row = {k: v for k, v in row.items() if k in columns and k != "id"}
                    if not row:
                        continue
                    same = " AND ".join(f"{name} IS ?" for name in row)
                    if db.execute(f"SELECT 1 FROM {table} WHERE {same} LIMIT 1", list(row.values())).fetchone():
                        continue
                    names = ", ".join(row)
                    marks = ", ".join("?" for _ in row)
                    cursor = db.execute(f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({marks})", list(row.values()))
                    added += cursor.rowcount
        return added

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


def dumps(data: dict) -> str:
    """JSON text of an export."""
    return json.dumps(data, indent=2, sort_keys=True)
