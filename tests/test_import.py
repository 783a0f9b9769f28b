"""`quizzer import`: a whole file validated first, then imported in one transaction, or refused in one line."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from quizzer.cli import main
from quizzer.core import review
from quizzer.core.attempts import record_submission
from quizzer.core.store import MIGRATIONS, Store, dumps
from quizzer.core.verdicts import Verdict

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
HUGE = "<an integer of 5000 digits>"


def an_export(quizzer_home) -> dict:
    """A real export, a row in every table: an attempt and a review of `q`, a self-grade of `k`, a hint, a draft, a give-up."""
    with Store(quizzer_home / "elsewhere") as store:
        record_submission(store, "q", SimpleNamespace(verdict=Verdict.accepted, passed=3, total=3, time_ms=10, seed=7), "code", at=NOW.timestamp())
        review.self_grade(store, "k", review.GOOD, "an answer", NOW)
        store.record_hint("h", 0, at=NOW.timestamp())
        store.save_draft("d", "half a function")
        review.give_up(store, "g", NOW)
        return store.export()


def import_file(tmp_path, content: str | bytes, capsys) -> tuple[int, str]:
    """Run `quizzer import FILE` on `content`; (exit code, stderr)."""
    path = tmp_path / "progress.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    code = main(["import", str(path)])
    return code, capsys.readouterr().err


def progress(quizzer_home) -> dict:
    """What the user's store holds now, per table (ids left out)."""
    with Store(quizzer_home) as store:
        return {table: [{k: v for k, v in row.items() if k != "id"} for row in rows] for table, rows in store.export()["tables"].items()}


def test_an_export_imports_and_the_same_again_adds_nothing(quizzer_home, tmp_path, capsys):
    data = an_export(quizzer_home)
    assert import_file(tmp_path, dumps(data), capsys) == (0, "")
    assert import_file(tmp_path, dumps(data), capsys) == (0, "")
    assert progress(quizzer_home) == {table: [{k: v for k, v in row.items() if k != "id"} for row in rows] for table, rows in data["tables"].items()}


def refused(tmp_path, capsys, content, quizzer_home) -> str:
    """Import `content` (JSON-able, or text as is): it must exit 1, import nothing, and say why in one line."""
    before = progress(quizzer_home)
    code, err = import_file(tmp_path, content if isinstance(content, (str, bytes)) else json.dumps(content), capsys)
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err, err
    assert progress(quizzer_home) == before
    prefix = f"quizzer: {tmp_path / 'progress.json'} was not imported: "
    assert err.startswith(prefix)
    return err.removeprefix(prefix).strip()


def test_a_json_array_is_refused_saying_what_was_expected(tmp_path, capsys, quizzer_home):
    assert refused(tmp_path, capsys, [], quizzer_home) == 'expected a quizzer progress export: a JSON object with "format": "quizzer-progress", "schema" and "tables"'
    assert refused(tmp_path, capsys, "42", quizzer_home).startswith("expected a quizzer progress export")
    assert refused(tmp_path, capsys, {"format": "something else", "schema": 2, "tables": {}}, quizzer_home) == (
        'not a quizzer progress export (its "format" is not "quizzer-progress")'
    )


def test_deeply_nested_json_is_refused_not_a_recursion_error(tmp_path, capsys, quizzer_home):
    assert refused(tmp_path, capsys, "[" * 100_000 + "]" * 100_000, quizzer_home).startswith("not valid JSON: recursion limit exceeded")


def test_an_export_from_a_newer_quizzer_is_refused(tmp_path, capsys, quizzer_home):
    data = {**an_export(quizzer_home), "schema": len(MIGRATIONS) + 1}
    assert refused(tmp_path, capsys, data, quizzer_home) == f"schema: made by a newer quizzer (schema {len(MIGRATIONS) + 1}); this one reads up to {len(MIGRATIONS)}"


def with_row(data: dict, table: str, **changes) -> dict:
    """`data` with one more row in `table`: a copy of its first with `changes` (None removes a field)."""
    row = {**data["tables"][table][0], **changes}
    data["tables"][table].append({k: v for k, v in row.items() if v is not None})
    return data


@pytest.mark.parametrize(
    ("table", "changes", "problem"),
    [
        ("attempts", {"at": 10**400}, "table attempts, row {row}: at: Input should be a finite number"),  # no OverflowError
        ("attempts", {"seed": HUGE}, "not valid JSON: number out of range"),  # 5000 digits: more than Python reads
        ("attempts", {"passed": 2**70}, "table attempts, row {row}: passed: Input should be less than or equal to 2147483647"),
        ("attempts", {"code": {"a": 1}}, "table attempts, row {row}: code: Input should be a valid string"),  # no dict reaches sqlite
        ("attempts", {"verdict": "solved"}, "table attempts, row {row}: verdict: Input should be 'accepted', "),
        ("attempts", {"passed": 4}, "table attempts, row {row}: passed (4) is more than total (3)"),
        ("attempts", {"question": "../../etc"}, "table attempts, row {row}: question: String should match pattern"),
        ("attempts", {"at": "yesterday"}, "table attempts, row {row}: at: Input should be a valid number"),
        ("attempts", {"\x1b[31mred": 1}, "table attempts, row {row}: '\\x1b[31mred': Extra inputs are not permitted"),  # escaped, never raw
        ("review_log", {"rating": 9}, "table review_log, row {row}: rating: Input should be less than or equal to 4"),
        ("cards", {"card": "[" * 1500 + "]" * 1500}, "table cards, row {row}: card: not valid JSON: recursion limit exceeded"),
        ("cards", {"card": '{"stability": "high"}'}, "table cards, row {row}: card: card_id: Field required (and 6 more problems)"),
    ],
)
def test_a_bad_row_is_refused_naming_its_table_and_row(tmp_path, capsys, quizzer_home, table, changes, problem):
    data = with_row(an_export(quizzer_home), table, **changes)
    text = json.dumps(data).replace(json.dumps(HUGE), "1" + "0" * 5000)
    assert refused(tmp_path, capsys, text, quizzer_home).startswith(problem.format(row=len(data["tables"][table])))


def test_a_malformed_card_never_gets_in(tmp_path, capsys, quizzer_home):
    # Once it did, every later submit of the question crashed after printing its verdict.
    data = an_export(quizzer_home)
    card = json.loads(data["tables"]["cards"][0]["card"])
    data["tables"]["cards"][0]["card"] = json.dumps({**card, "due": "not a date"})
    assert refused(tmp_path, capsys, data, quizzer_home).startswith("table cards, row 1: card: due: Invalid isoformat string: 'not a date'")
    data["tables"]["cards"][0]["card"] = json.dumps({**card, "due": "2026-03-10T09:30:00"})
    assert refused(tmp_path, capsys, data, quizzer_home).startswith("table cards, row 1: card: due: a date-time without its UTC offset")


def test_an_unknown_table_is_refused(tmp_path, capsys, quizzer_home):
    data = an_export(quizzer_home)
    data["tables"]["settings"] = [{"key": "theme", "value": "x"}]
    assert refused(tmp_path, capsys, data, quizzer_home) == "unknown table settings (an export has attempts, hints, grades, drafts, cards, review_log, give_ups)"


def test_cards_are_replayed_from_the_merged_review_log(tmp_path, capsys, quizzer_home):
    # This machine reviewed q a week ago; the other one today: the card is the replay of both days.
    with Store(quizzer_home) as store:
        review.review(store, "q", review.GOOD, NOW - timedelta(days=7))
    assert import_file(tmp_path, dumps(an_export(quizzer_home)), capsys) == (0, "")
    with Store(quizzer_home) as store:
        replayed = store.connection.execute("SELECT due FROM cards WHERE question = 'q'").fetchone()[0]
        reviewed_once = Store(quizzer_home / "elsewhere").connection.execute("SELECT due FROM cards WHERE question = 'q'").fetchone()[0]
        assert replayed > reviewed_once  # two days of reviews space it further than the other machine's one
        assert review.rebuild_card(store, "q").timestamp() == replayed
        record_submission(store, "q", SimpleNamespace(verdict=Verdict.accepted, passed=3, total=3, time_ms=10, seed=7), "code")  # works after


def test_an_older_export_under_a_renamed_question_id_imports_under_its_new_id(tmp_path, capsys, quizzer_home):
    data = an_export(quizzer_home)
    for rows in data["tables"].values():
        for row in rows:
            if row["question"] == "q":
                row["question"] = "lstm-seed-params-order"  # the id that question had in schema 2
    data["schema"] = 2
    assert import_file(tmp_path, dumps(data), capsys) == (0, "")
    imported = progress(quizzer_home)
    for table, rows in data["tables"].items():
        renamed = [row["question"].replace("lstm-seed-params-order", "lstm-notes-params-order") for row in rows]
        assert sorted(row["question"] for row in imported[table]) == sorted(renamed), table
