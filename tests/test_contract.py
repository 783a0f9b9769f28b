"""The outside contract (docs/contract.md), row by row: where each of its promises is held.

`ROWS` lists every row of the contract (each table row, each field of the JSON example, each
sentence, and the commands heading, which promises `python -m quizzer`) with the tests that hold
it. Those tests carry the `contract` marker, so `pytest -m contract` runs the whole contract;
`test_every_row_of_the_contract_is_held` parses the contract and fails on a row no test holds,
a listed test that does not exist or lacks the marker, and a marked test no row lists. Rows held
by nothing else are tested here.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from quizzer import paths
from toybank import make_bank

pytestmark = pytest.mark.contract

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
CONTRACT = ROOT / "docs" / "contract.md"
# sha256 of /work/shared/CONTRACT.md, the agreed text: the repository's copy stays byte for byte the
# same, and changing the contract means changing this line, in the same commit as the tests (see ROWS).
CONTRACT_SHA256 = "a76f062ded36393da419936dfc613a0855baeb1643c8faae1ada4cc205c52d56"

HERE = "test_contract.py::"
CLI, EDGES, SHELL, WATCH, GRADE = "test_cli.py::", "test_cli_edges.py::", "test_shell_practice.py::", "test_shell_watch.py::", "test_grade.py::"
COMMANDS = "Commands (console script `quizzer`, also `python -m quizzer`)"

# Every row of the contract, exactly as it reads, and the tests that hold it.
ROWS: dict[str, list[str]] = {
    # -- the contract itself
    "What users, scripts and CI rely on.": [HERE + "test_the_contract_is_the_agreed_text_linked_from_the_readme"],
    "Change it only on purpose, in the same commit as its tests and the README.": [
        HERE + "test_the_contract_is_the_agreed_text_linked_from_the_readme",
        HERE + "test_every_row_of_the_contract_is_held",
        HERE + "test_the_parser_finds_each_kind_of_row",
    ],
    "The repository carries its own copy for users (`docs/contract.md`, linked from the README); keep the two saying the same.": [
        HERE + "test_the_contract_is_the_agreed_text_linked_from_the_readme"
    ],
    # -- commands
    COMMANDS: [HERE + "test_the_console_script_and_python_m_are_one_program"],
    "quizzer": ["test_app.py::test_the_terminal_is_restored_however_the_app_ends", EDGES + "test_no_app_without_a_terminal"],
    "quizzer list [--topic T] [--kind K] [--json]": [CLI + "test_list_json_has_the_contract_fields", CLI + "test_list_filters_by_kind_and_topic"],
    "quizzer show ID": [CLI + "test_show_prints_a_readable_question"],
    "quizzer start ID [DIR]": [CLI + "test_start_writes_a_starter_that_does_not_pass_and_never_overwrites"],
    "quizzer submit ID FILE [--json] [--seed N]": [CLI + "test_submit_json_follows_the_contract_and_records_the_attempt"],
    "quizzer test ID FILE [--json]": [SHELL + "test_test_runs_only_the_visible_tests_and_records_nothing"],
    "quizzer watch ID FILE": [WATCH + "test_watch_goes_from_wrong_to_accepted_on_a_renamed_save_and_records_each_run", WATCH + "test_at_a_terminal_each_run_clears_the_screen_first"],
    "quizzer hint ID": [SHELL + "test_hint_reveals_the_next_one_records_it_and_says_when_there_are_no_more"],
    "quizzer next": [SHELL + "test_next_starts_with_the_interview_notes_then_goes_on_along_the_path", SHELL + "test_next_puts_the_most_overdue_review_first"],
    "quizzer status": [SHELL + "test_status_counts_solved_attempted_due_and_the_streak"],
    "quizzer answer ID": [
        SHELL + "test_answer_a_concept_question_then_grade_it",
        SHELL + "test_answer_a_choice_question_is_graded_by_letter",
        SHELL + "test_answer_a_numeric_question_parses_the_number",
    ],
    "quizzer validate [PATH]": [
        CLI + "test_broken_question_fails_validate_naming_file_and_field_but_list_shows_the_rest",
        CLI + "test_validate_catches_a_mutant_with_the_wrong_expected_verdict",
        "test_validate_bank.py::test_reference_accepted_starter_and_mutants_rejected",
        "test_examples.py::test_validate_names_the_question_and_the_example_that_prints_otherwise",
    ],
    "quizzer mutate [PATH] [--json]": ["test_mutate.py::test_a_survivor_exits_1_and_is_listed_in_the_json"],
    r"quizzer grade DIR [--workers N \| --scheduler ADDR \| --dask-local N] [--out F.jsonl] [--junit F.xml] [--csv F.csv] [--resume] [--seed N]": [
        GRADE + "test_every_file_gets_its_row_with_a_verdict_or_a_reason",
        GRADE + "test_junit_and_csv_parse_and_match_the_json_lines",
        GRADE + "test_resume_judges_only_what_is_not_in_out_yet",
    ],
    'Exit codes: `0` success (for `submit`: accepted), `1` a well-formed run whose answer is "no" (not accepted, validation failed), `2` usage error (unknown id, missing file, bad flag) with a one-line message on stderr.': [
        HERE + "test_each_verdict_through_submit_json_with_its_exit_code",
        CLI + "test_usage_errors_exit_2_with_one_line",
        CLI + "test_broken_question_fails_validate_naming_file_and_field_but_list_shows_the_rest",
        EDGES + "test_a_verdict_whose_reader_has_gone_keeps_its_exit_code_and_is_recorded",
    ],
    "A question id is an exact id of the bank (no pattern, no path).": [EDGES + "test_an_id_is_never_a_pattern", EDGES + "test_an_id_that_walks_out_of_the_bank_runs_no_suite"],
    "FILE is a regular file (or a symlink to one) of at most 1 MiB; anything else is a usage error before any judging.": [
        CLI + "test_submit_missing_file_is_a_usage_error",
        EDGES + "test_a_fifo_is_refused_at_once_not_waited_on",
        EDGES + "test_special_files_are_refused",
        EDGES + "test_a_file_over_1_mib_is_refused_and_nothing_is_stored",
        EDGES + "test_a_file_of_exactly_1_mib_is_judged",
        EDGES + "test_a_symlink_to_a_regular_file_is_judged_one_to_a_device_is_not",
    ],
    "A UTF-8 byte-order mark is allowed.": [EDGES + "test_a_file_starting_with_a_byte_order_mark_is_judged"],
    # -- question kinds
    "`kind` is one of: `coding` (a NumPy or PyTorch implementation judged by hidden tests), `concept` (free answer, self-graded against a rubric), `choice` (one or more right options), `numeric` (a number with a tolerance).": [
        HERE + "test_the_bank_has_the_four_kinds_and_keeps_the_notes_ids",
        CLI + "test_schema_is_json_schema_of_the_four_kinds",
    ],
    "The interview notes' three coding questions (the seed page's SimpleNN, LSTM cell and practice network) keep these ids: `numpy-simple-nn`, `numpy-lstm-cell`, `numpy-feedforward-nn`.": [
        HERE + "test_the_bank_has_the_four_kinds_and_keeps_the_notes_ids"
    ],
    # -- quizzer submit --json
    "One JSON object on stdout:": [HERE + "test_each_verdict_through_submit_json_with_its_exit_code", CLI + "test_submit_prints_of_the_submission_stay_out_of_stdout"],
    **{
        f"field {name}": [HERE + "test_each_verdict_through_submit_json_with_its_exit_code", CLI + "test_submit_json_follows_the_contract_and_records_the_attempt"]
        for name in ("question", "verdict", "passed", "total", "time_ms", "tests", "tests[].name", "tests[].visibility", "tests[].status", "tests[].message")
    },
    "field diagnosis": [HERE + "test_each_verdict_through_submit_json_with_its_exit_code", HERE + "test_a_known_mistake_is_named_as_the_contract_shows"],
    '`diagnosis` is present on every verdict: `null`, or, when a wrong answer behaves like one of the question\'s known mistakes on the tests it failed, an object `{"mutant": "concat_order", "bug": "concatenates (x_t, h_prev) instead of (h_prev, x_t)"}`.': [
        HERE + "test_each_verdict_through_submit_json_with_its_exit_code",
        HERE + "test_a_known_mistake_is_named_as_the_contract_shows",
        "test_diagnose.py::test_a_wrong_answer_like_no_known_mistake_gets_none",
    ],
    "`verdict` is exactly one of:": [HERE + "test_each_verdict_through_submit_json_with_its_exit_code"],
    **{
        verdict: [HERE + "test_each_verdict_through_submit_json_with_its_exit_code", "test_hostile.py::test_simple_hostile_case"]
        for verdict in ("accepted", "wrong_answer", "runtime_error", "time_limit_exceeded", "memory_limit_exceeded", "syntax_error", "interface_error", "forbidden_import")
    },
    "`tests[].status` is `pass`, `fail` or `error`; `visibility` is `visible` or `hidden`.": [HERE + "test_each_verdict_through_submit_json_with_its_exit_code"],
    "A hidden test's message says what went wrong (shape, max abs error, which output) without printing the hidden inputs.": [
        "test_feedback.py::test_a_failing_test_names_every_output_that_differs",
        "test_feedback.py::test_a_visible_test_shows_its_inputs_expected_and_got_and_a_hidden_one_none_of_them",
    ],
    # -- quizzer mutate --json
    "A JSON array, one object per coding question: `question`, `generated`, `killed`, `equivalent` (counts), `survived` (a list of objects with at least `mutant` and `diff`).": [
        "test_mutate.py::test_a_survivor_exits_1_and_is_listed_in_the_json"
    ],
    # -- quizzer grade
    "`--out` writes JSON lines, one per submission: the `submit --json` object plus `person` and `file`.": [GRADE + "test_a_row_is_the_submit_json_object_plus_person_and_file"],
    'A submission that was not judged (a symlink, a non-regular or oversized file, an unknown question id, a sandbox that lacks a required protection) has `"verdict": null` and `"refused": "<reason>"`.': [
        GRADE + "test_every_file_gets_its_row_with_a_verdict_or_a_reason",
        GRADE + "test_a_worker_whose_sandbox_lacks_a_protection_refuses_to_judge",
    ],
    "`--junit` writes one `testcase` per submission (a `failure` for anything but accepted).": [GRADE + "test_junit_and_csv_parse_and_match_the_json_lines"],
    "`--dask-local N` starts a local Dask cluster of N worker processes; `--scheduler ADDR` uses a running one.": [GRADE + "test_the_three_backends_give_the_same_rows_on_the_same_seed"],
    # -- data
    "`QUIZZER_HOME` (environment), when set, is the directory for all user data (progress database, settings, drafts); otherwise the platform's user data directory.": [
        HERE + "test_user_data_goes_to_quizzer_home_and_nothing_is_written_elsewhere",
        HERE + "test_without_quizzer_home_user_data_goes_to_the_platforms_data_directory",
    ],
    "Nothing is ever written outside it, except `quizzer start`'s starter file.": [HERE + "test_user_data_goes_to_quizzer_home_and_nothing_is_written_elsewhere"],
}


def contract_rows(text: str) -> list[str]:
    """The contract's rows: each table row (its first cell), each field of the JSON example
    (`field NAME`), each sentence of prose, and a heading that says more than a name (a remark in
    parentheses: the commands heading)."""
    rows = []
    for block in re.split(r"\n\s*\n", text.strip()):
        block = block.strip()
        if block.startswith("#"):
            if "(" in block:
                rows.append(block.lstrip("# "))
        elif block.startswith("|"):
            rows += [cell.group(1) for line in block.splitlines() if (cell := re.match(r"\|\s*`([^`]+)`\s*\|", line))]
        elif block.startswith("```json"):
            example = json.loads(block.removeprefix("```json").removesuffix("```"))
            rows += [f"field {name}" for name in example]
            rows += [f"field tests[].{name}" for name in example["tests"][0]]
        else:
            rows += re.split(r"(?<=\.)\s+(?=[A-Z`])", " ".join(block.split()))
    return rows


def marked_tests() -> set[str]:
    """`file::function` of every test function carrying the contract marker (on itself or by the module's pytestmark)."""

    def is_contract(node) -> bool:
        return any(isinstance(n, ast.Attribute) and n.attr == "contract" for n in ast.walk(node))

    found = set()
    for path in TESTS.glob("test_*.py"):
        module = ast.parse(path.read_text(encoding="utf-8"))
        whole = any(
            isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "pytestmark" for t in node.targets) and is_contract(node.value) for node in module.body
        )
        for node in module.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
                if whole or any(is_contract(decorator) for decorator in node.decorator_list):
                    found.add(f"{path.name}::{node.name}")
    return found


def test_every_row_of_the_contract_is_held():
    rows = contract_rows(CONTRACT.read_text(encoding="utf-8"))
    assert len(rows) == len(set(rows)), "two rows of the contract read the same"
    assert [row for row in rows if row not in ROWS] == [], "rows of the contract no test holds: list them in ROWS with their tests"
    assert [row for row in ROWS if row not in rows] == [], "rows in ROWS the contract no longer has"
    assert all(ROWS[row] for row in rows)
    marked = marked_tests()
    listed = {test for tests in ROWS.values() for test in tests}
    assert sorted(listed - marked) == [], "listed tests that do not exist or lack @pytest.mark.contract"
    assert sorted(marked - listed) == [], "tests marked contract that no row lists"


def test_the_parser_finds_each_kind_of_row():
    # A check of the check: a row of each kind, added to the contract, is a row to hold.
    text = CONTRACT.read_text(encoding="utf-8")
    rows = set(contract_rows(text))
    assert {COMMANDS, "quizzer next", "forbidden_import", "field diagnosis", "field tests[].message", "A UTF-8 byte-order mark is allowed."} <= rows
    more = text.replace("| `quizzer next` |", "| `quizzer later` | does it later |\n| `quizzer next` |").replace('"diagnosis": null', '"diagnosis": null,\n  "hint": null')
    more += "\nA new promise. And another.\n"
    assert set(contract_rows(more)) - rows == {"quizzer later", "field hint", "A new promise.", "And another."}


def test_the_contract_is_the_agreed_text_linked_from_the_readme():
    assert hashlib.sha256(CONTRACT.read_bytes()).hexdigest() == CONTRACT_SHA256
    assert "[docs/contract.md](docs/contract.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def run(*args: str, script: str | None = None, env: dict | None = None, cwd: Path | None = None, stdin: str = "") -> subprocess.CompletedProcess:
    """`python -m quizzer ARGS` (or the console script at `script`), text, captured, `stdin` piped in."""
    command = [script] if script else [sys.executable, "-m", "quizzer"]
    return subprocess.run([*command, *args], input=stdin, capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=cwd, timeout=120)


def test_the_console_script_and_python_m_are_one_program():
    script = Path(sys.executable).with_name("quizzer")  # installed beside this Python by the package's [project.scripts]
    assert script.is_file() and os.access(script, os.X_OK), script
    for args in (("--version",), ("list", "--json", "--kind", "concept"), ("show", "no-such-question")):
        by_script, by_module = run(*args, script=str(script)), run(*args)
        assert (by_script.returncode, by_script.stdout, by_script.stderr) == (by_module.returncode, by_module.stdout, by_module.stderr), args


# One submission per verdict of the contract, on the toy question (max_abs), with short limits.
BY_VERDICT = {
    "accepted": "import numpy as np\n\ndef max_abs(x):\n    return float(np.max(np.abs(x)))\n",
    "wrong_answer": "import numpy as np\n\ndef max_abs(x):\n    return float(np.max(np.abs(x))) / 2\n",  # the toy's known mistake half.py
    "runtime_error": "def max_abs(x):\n    raise ValueError('no')\n",
    "time_limit_exceeded": "def max_abs(x):\n    while True:\n        pass\n",
    "memory_limit_exceeded": "def max_abs(x):\n    hog = []\n    while True:\n        hog.append(bytearray(1 << 20))\n",
    "syntax_error": "def max_abs(x)\n    return 0\n",
    "interface_error": "def maxabs(x):\n    return 0.0\n",
    "forbidden_import": "import torch\n\ndef max_abs(x):\n    return 0.0\n",
}
SUBMIT_FIELDS = {"question", "verdict", "passed", "total", "time_ms", "tests", "diagnosis"}


@pytest.fixture(scope="module")
def toy_content(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("toy-content")
    spec = make_bank(root) / "question.toml"
    spec.write_text(spec.read_text().replace('difficulty = "easy"\n', 'difficulty = "easy"\ntime_limit_s = 1\nmemory_limit_mb = 96\n', 1))
    return root


@pytest.mark.parametrize("verdict", list(BY_VERDICT))
def test_each_verdict_through_submit_json_with_its_exit_code(verdict, toy_content, tmp_path):
    source = tmp_path / "answer.py"
    source.write_text(BY_VERDICT[verdict])
    out = run("submit", "toy-max-abs", str(source), "--json", env={"QUIZZER_CONTENT": str(toy_content)})
    assert (out.returncode, out.stderr) == (0 if verdict == "accepted" else 1, ""), out.stderr
    result = json.loads(out.stdout)  # the whole of stdout is one object
    assert SUBMIT_FIELDS <= set(result) and (result["question"], result["verdict"]) == ("toy-max-abs", verdict)
    assert all(type(result[key]) is int for key in ("passed", "total", "time_ms")) and 0 <= result["passed"] <= result["total"]
    for test in result["tests"]:
        assert {"name", "visibility", "status", "message"} <= set(test) and all(type(test[key]) is str for key in ("name", "message"))
        assert test["visibility"] in ("visible", "hidden") and test["status"] in ("pass", "fail", "error")
    statuses = {test["status"] for test in result["tests"]}
    expected = {"accepted": {"pass"}, "wrong_answer": {"fail"}, "runtime_error": {"error"}}.get(verdict)
    assert expected is None or statuses == expected, statuses
    assert result["diagnosis"] == ({"mutant": "half", "bug": "halves the answer"} if verdict == "wrong_answer" else None)


def test_a_known_mistake_is_named_as_the_contract_shows(tmp_path):
    shown = json.loads(re.search(r'an object `(\{"mutant".*?\})`', CONTRACT.read_text(encoding="utf-8")).group(1))
    mistake = tmp_path / "lstm.py"
    mistake.write_bytes((paths.questions_dir() / "recurrent/numpy-lstm-cell/mutants/concat_order.py").read_bytes())
    out = run("submit", "numpy-lstm-cell", str(mistake), "--json")
    assert out.returncode == 1
    result = json.loads(out.stdout)
    assert (result["verdict"], result["diagnosis"]) == ("wrong_answer", shown)


def test_the_bank_has_the_four_kinds_and_keeps_the_notes_ids():
    listed = run("list", "--json")
    rows = {row["id"]: row for row in json.loads(listed.stdout)}
    assert {row["kind"] for row in rows.values()} == {"coding", "concept", "choice", "numeric"}
    assert [rows[i]["kind"] for i in ("numpy-simple-nn", "numpy-lstm-cell", "numpy-feedforward-nn")] == ["coding"] * 3


def files_under(root: Path) -> dict[str, bytes]:
    """Every file below `root`, by relative path, with its content."""
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.mark.slow
def test_user_data_goes_to_quizzer_home_and_nothing_is_written_elsewhere(tmp_path, bank_copy):
    # A user's session, every command that records or reads progress, in a folder of its own, with a
    # home, platform folders and temp dir of its own: afterwards only QUIZZER_HOME and start's file are new.
    home, work, fake_home, temp = tmp_path / "qh", tmp_path / "work", tmp_path / "home", tmp_path / "tmp"
    for folder in (work, fake_home, temp):
        folder.mkdir()
    env = {"QUIZZER_HOME": str(home), "QUIZZER_CONTENT": str(bank_copy), "HOME": str(fake_home), "TMPDIR": str(temp),
           "XDG_DATA_HOME": str(fake_home / "data"), "XDG_CONFIG_HOME": str(fake_home / "config"), "XDG_CACHE_HOME": str(fake_home / "cache"),
           "XDG_STATE_HOME": str(fake_home / "state"), "PYTHONDONTWRITEBYTECODE": ""}  # Python writes bytecode, as for a user
    before = files_under(tmp_path)
    reference = paths.reference_dir() / "numpy_softmax.py"
    for args in (("list",), ("show", "numpy-softmax"), ("hint", "numpy-softmax"), ("test", "numpy-softmax", str(reference)),
                 ("submit", "numpy-softmax", str(reference)), ("next",), ("status",), ("export",), ("start", "numpy-lstm-cell", str(work)),
                 ("validate", str(bank_copy / "questions/activation-functions/numpy-softmax"))):
        done = run(*args, env=env, cwd=work)
        assert done.returncode == 0, (args, done.stderr)
    assert run("answer", "causal-mask", env=env, cwd=work, stdin="A\n").returncode in (0, 1)  # right or wrong, it is recorded
    after = files_under(tmp_path)
    new = {path for path in after if path not in before or after[path] != before[path]}
    assert {path for path in new if not path.startswith("qh/")} == {"work/numpy_lstm_cell.py", "work/numpy-lstm-cell.md"}
    assert [path for path in before if path not in after] == []
    assert "qh/progress.sqlite3" in new  # the progress database (attempts, hints; drafts and settings live in it too)
    exported = json.loads(run("export", env=env).stdout)["tables"]
    assert sorted(row["question"] for row in exported["attempts"]) == ["causal-mask", "numpy-softmax"]
    assert [row["question"] for row in exported["hints"]] == ["numpy-softmax"]


def test_without_quizzer_home_user_data_goes_to_the_platforms_data_directory(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "QUIZZER_HOME"}
    env |= {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-m", "quizzer", "hint", "numpy-softmax"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in (tmp_path / "data" / "quizzer").iterdir() if not path.name.endswith(("-wal", "-shm"))) == ["progress.sqlite3"]
    assert not (tmp_path / "home").exists()
