"""The CLI as scripts use it: the contract's commands, JSON and exit codes (docs/contract.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizzer import paths

SEED_IDS = {"numpy-lstm-cell"}


def run(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python -m quizzer ARGS` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "quizzer", *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=cwd, timeout=120
    )


def test_list_json_has_the_contract_fields():
    out = run("list", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert SEED_IDS <= {r["id"] for r in rows}
    for row in rows:
        assert {"id", "title", "topic", "kind", "difficulty"} <= set(row)
        assert row["kind"] in {"coding", "concept", "choice", "numeric"}


def test_list_filters_by_kind_and_topic():
    rows = json.loads(run("list", "--json", "--kind", "coding").stdout)
    assert rows and all(r["kind"] == "coding" for r in rows)
    rows = json.loads(run("list", "--json", "--topic", "recurrent").stdout)
    assert rows and all(r["topic"] == "recurrent" for r in rows)


def test_list_imports_neither_textual_nor_torch():
    code = "import sys; from quizzer.cli import main; main(['list']); print(sorted(m for m in ('textual', 'torch', 'numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_show_prints_a_readable_question():
    out = run("show", "numpy-lstm-cell")
    assert out.returncode == 0, out.stderr
    assert "lstm_cell_forward" in out.stdout
    assert "$" not in out.stdout.replace("$EDITOR", "")  # LaTeX turned into Unicode
    assert "σ" in out.stdout and "⊙" in out.stdout
    assert not any(line.endswith(" ") for line in out.stdout.splitlines())  # piped: plain lines, no padding


@pytest.mark.parametrize(
    "args",
    [("show", "no-such-question"), ("submit", "no-such-question", "x.py"), ("start", "nope"), ("list", "--kind", "essay"), ("list", "--topic", "Attention"), ("frobnicate",)],
)
def test_usage_errors_exit_2_with_one_line(args):
    out = run(*args)
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert out.stderr.startswith("quizzer: ")


def test_submit_missing_file_is_a_usage_error(tmp_path):
    out = run("submit", "numpy-lstm-cell", str(tmp_path / "missing.py"))
    assert out.returncode == 2 and "missing.py" in out.stderr


def test_start_writes_a_starter_that_does_not_pass_and_never_overwrites(tmp_path):
    target_dir = tmp_path / "work"
    out = run("start", "numpy-lstm-cell", str(target_dir))
    assert out.returncode == 0, out.stderr
    written = target_dir / "numpy_lstm_cell.py"
    starter = (paths.questions_dir() / "recurrent/numpy-lstm-cell/starter.py").read_text()
    assert written.read_text() == starter
    written.write_text("# my work\n")
    again = run("start", "numpy-lstm-cell", str(target_dir))
    assert again.returncode == 1 and written.read_text() == "# my work\n"
    forced = run("start", "numpy-lstm-cell", str(target_dir), "--force")
    assert forced.returncode == 0 and written.read_text() == starter
    verdict = run("submit", "numpy-lstm-cell", str(written), "--json")
    assert verdict.returncode == 1
    result = json.loads(verdict.stdout)
    assert result["verdict"] == "runtime_error"  # the starter raises NotImplementedError in every test
    assert "NotImplementedError" in result["tests"][0]["message"]


def test_submit_json_follows_the_contract_and_records_the_attempt(quizzer_home):
    reference = paths.reference_dir() / "numpy_lstm_cell.py"
    out = run("submit", "numpy-lstm-cell", str(reference), "--json", "--seed", "5")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["question"] == "numpy-lstm-cell" and result["verdict"] == "accepted" and result["seed"] == 5
    assert result["passed"] == result["total"] == len(result["tests"]) > 0
    assert isinstance(result["time_ms"], int)
    assert {t["visibility"] for t in result["tests"]} == {"visible", "hidden"}
    assert all(t["status"] == "pass" and set(t) >= {"name", "visibility", "status", "message"} for t in result["tests"])
    from quizzer.core.store import Store

    attempts = Store(quizzer_home).attempts("numpy-lstm-cell")
    assert len(attempts) == 1 and attempts[0].verdict == "accepted" and attempts[0].seed == 5


def test_output_whose_reader_has_gone_is_not_an_error():
    # The reader exits before quizzer writes; quizzer ends quietly with 0, as a Unix tool should.
    # Buffered output, short enough to wait in stdout's buffer until the exit flushes it.
    command = f"{sys.executable} -m quizzer list --kind coding | true"
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    out = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, env=env, timeout=60)
    assert (out.returncode, out.stderr) == (0, "")


def test_submit_prints_of_the_submission_stay_out_of_stdout(tmp_path):
    noisy = tmp_path / "noisy.py"
    noisy.write_text("print('HELLO FROM IMPORT')\n" + (paths.reference_dir() / "numpy_lstm_cell.py").read_text())
    out = run("submit", "numpy-lstm-cell", str(noisy), "--json")
    assert out.returncode == 0
    result = json.loads(out.stdout)  # stdout is exactly one JSON object
    assert "HELLO FROM IMPORT" in result["output"]


def test_broken_question_fails_validate_naming_file_and_field_but_list_shows_the_rest(bank_copy):
    spec = bank_copy / "questions/recurrent/numpy-lstm-cell/question.toml"
    spec.write_text(spec.read_text().replace('difficulty = "medium"', 'difficulty = "impossible"'))
    env = {"QUIZZER_CONTENT": str(bank_copy)}
    validate = run("validate", "--specs-only", env=env)
    assert validate.returncode == 1
    assert f"{spec} [difficulty]" in validate.stdout
    listed = run("list", "--json", env=env)
    assert listed.returncode == 0
    ids = {r["id"] for r in json.loads(listed.stdout)}
    assert "numpy-lstm-cell" not in ids
    assert len(ids) == len(list((bank_copy / "questions").glob("*/*/question.toml"))) - 1
    assert "numpy-lstm-cell" in listed.stderr


def test_validate_one_question_folder_proves_its_mutants():
    out = run("validate", str(paths.questions_dir() / "recurrent/numpy-lstm-cell"))
    assert out.returncode == 0, out.stdout
    assert "0 problem(s)" in out.stdout


def test_validate_catches_a_mutant_with_the_wrong_expected_verdict(bank_copy):
    spec = bank_copy / "questions/recurrent/numpy-lstm-cell/question.toml"
    text = spec.read_text()
    spec.write_text(text.replace('file = "uses_torch.py"\nverdict = "forbidden_import"', 'file = "uses_torch.py"\nverdict = "wrong_answer"'))
    out = run("validate", str(spec.parent), env={"QUIZZER_CONTENT": str(bank_copy)})
    assert out.returncode == 1
    assert "uses_torch.py [mutants.5]: expected wrong_answer, got forbidden_import on every seed" in out.stdout


def test_schema_is_json_schema_of_the_four_kinds():
    schema = json.loads(run("schema").stdout)
    kinds = {definition["properties"]["kind"]["const"] for definition in schema["$defs"].values() if "kind" in definition.get("properties", {})}
    assert kinds == {"coding", "concept", "choice", "numeric"}


def test_export_import_round_trip_and_reset(quizzer_home, tmp_path):
    reference = paths.reference_dir() / "numpy_lstm_cell.py"
    assert run("submit", "numpy-lstm-cell", str(reference)).returncode == 0
    exported = tmp_path / "progress.json"
    assert run("export", str(exported)).returncode == 0
    data = json.loads(exported.read_text())
    assert len(data["tables"]["attempts"]) == 1
    assert run("reset").returncode == 1  # asks; no terminal here, so nothing is forgotten
    assert run("reset", "--yes").returncode == 0
    assert json.loads(run("export").stdout)["tables"]["attempts"] == []
    assert run("import", str(exported)).returncode == 0
    assert len(json.loads(run("export").stdout)["tables"]["attempts"]) == 1


def test_doctor_reports_every_protection_with_what_it_does():
    from quizzer.sandbox.isolate import DESCRIPTIONS, missing_required

    done = run("doctor", "--json")
    report = json.loads(done.stdout)
    assert set(report) == set(DESCRIPTIONS) and all(type(active) is bool for active in report.values())
    shown = run("doctor")
    lines = shown.stdout.splitlines()
    for name, active in report.items():
        line = next(line for line in lines if line.split()[1] == name)
        assert line.startswith("ok" if active else "MISSING") and DESCRIPTIONS[name] in line
    # Exit 1 exactly when a protection judging strangers' code needs is missing (a script can check).
    assert done.returncode == shown.returncode == (1 if missing_required(report) else 0)
    if not report["cgroup"]:
        assert any(line.startswith("cgroup: ") for line in lines)  # why the extra layer is not here


def test_a_pytorch_question_without_pytorch_installed_says_so_in_one_line(tmp_path):
    # As after the README's `pip install .` (no torch): find_spec is made to miss torch in a child process.
    starter = tmp_path / "net.py"
    starter.write_text("import torch\n")
    code = (
        "import importlib.util as u, sys; find = u.find_spec; u.find_spec = lambda name, *a: None if name == 'torch' else find(name, *a); "
        f"from quizzer.cli import main; sys.exit(main(['submit', 'torch-modern-network', {str(starter)!r}, '--json']))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.strip().count("\n") == 0 and "PyTorch is not installed" in out.stderr and "pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu" in out.stderr


def test_folders_that_cannot_be_used_get_one_line_not_a_traceback(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    out = run("start", "numpy-lstm-cell", str(blocker))
    assert out.returncode == 2 and out.stderr.startswith("quizzer: cannot write") and out.stderr.count("\n") == 1
    out = run("export", env={"QUIZZER_HOME": str(blocker)})
    assert out.returncode == 1 and out.stderr.startswith("quizzer: cannot keep your progress in") and out.stderr.count("\n") == 1
    out = run("submit", "numpy-lstm-cell", str(paths.reference_dir() / "numpy_lstm_cell.py"), "--json", env={"QUIZZER_HOME": str(blocker)})
    assert out.returncode == 0 and json.loads(out.stdout)["verdict"] == "accepted"  # judged all the same
    assert out.stderr.startswith("quizzer: the attempt was judged but not recorded: cannot keep your progress in")


def test_a_syntax_error_names_the_line_once(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("import numpy as np\n\ndef lstm_cell_forward(x_t, h_prev, c_prev, params:\n    return x_t\n")
    result = json.loads(run("submit", "numpy-lstm-cell", str(broken), "--json").stdout)
    assert result["verdict"] == "syntax_error"
    assert result["message"].startswith("SyntaxError: ") and result["message"].count("line") == 1 and "submission.py" not in result["message"]


def test_reset_of_one_question_forgets_that_question_only(tmp_path):
    assert run("submit", "numpy-lstm-cell", str(paths.reference_dir() / "numpy_lstm_cell.py")).returncode == 0
    assert run("submit", "numpy-softmax", str(paths.reference_dir() / "numpy_softmax.py")).returncode == 0
    before = json.loads(run("export").stdout)["tables"]
    assert {row["question"] for row in before["attempts"]} == {"numpy-lstm-cell", "numpy-softmax"}
    out = run("reset", "numpy-lstm-cell", "--yes")
    assert out.returncode == 0, out.stderr
    after = json.loads(run("export").stdout)["tables"]
    for table, rows in after.items():
        assert all(row["question"] != "numpy-lstm-cell" for row in rows), table
        assert rows == [row for row in before[table] if row["question"] == "numpy-softmax"], table


def test_a_submission_drawing_from_the_global_generators_gets_the_same_verdict_in_every_process(tmp_path):
    """`--seed` reproduces a run whatever the submission draws from np.random or random (each CLI run is a new process)."""
    noisy = tmp_path / "noisy.py"
    reference = (paths.reference_dir() / "numpy_lstm_cell.py").read_text()
    noisy.write_text(reference + "\nimport random\n_exact = lstm_cell_forward\n\ndef lstm_cell_forward(*args):\n    h, c = _exact(*args)\n    return h + np.random.rand() * 1e-3, c + random.random() * 1e-3\n")
    runs = [json.loads(run("submit", "numpy-lstm-cell", str(noisy), "--json", "--seed", "5").stdout) for _ in range(2)]
    assert runs[0]["verdict"] == "wrong_answer"
    assert [t["message"] for t in runs[0]["tests"]] == [t["message"] for t in runs[1]["tests"]]
