"""`quizzer grade` as an instructor runs it: a folder of a class's files, on a pool or a real Dask cluster."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest

from quizzer import paths

REFERENCE = paths.reference_dir()
QUESTIONS = paths.questions_dir()
SEGFAULT = "import numpy as np\nnp.lib.stride_tricks.as_strided(np.zeros(1), shape=(1 << 40,), strides=(1 << 20,)).sum()\n"
KILLS_ITSELF = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"


def grade(*args: str, home: Path, timeout: float = 300, **popen) -> subprocess.CompletedProcess:
    """`python -m quizzer grade ARGS` with its own QUIZZER_HOME."""
    env = {**os.environ, "QUIZZER_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "quizzer", "grade", *args], capture_output=True, text=True, env=env, timeout=timeout, **popen)


def read_jsonl(path: Path) -> list[dict]:
    """Every row of a results file; each line must be a whole JSON object."""
    return [json.loads(line) for line in path.read_text().splitlines()]


def comparable(rows: list[dict]) -> list[dict]:
    """Rows without their timing, by file."""
    return sorted(({k: v for k, v in row.items() if k != "time_ms"} for row in rows), key=lambda row: row["file"])


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def mutant(question: str, name: str) -> str:
    return next(QUESTIONS.glob(f"*/{question}/mutants/{name}")).read_text()


@pytest.fixture(scope="module")
def klass(tmp_path_factory) -> Path:
    """A class: right and wrong files, crashing ones, a symlink, a pipe, a big file, ids that are not coding ids."""
    root = tmp_path_factory.mktemp("class")
    softmax, lstm = (REFERENCE / "numpy_softmax.py").read_text(), (REFERENCE / "numpy_lstm_cell.py").read_text()
    write(root / "alice" / "numpy-softmax.py", softmax)
    write(root / "alice" / "numpy-lstm-cell.py", lstm)
    write(root / "bob" / "numpy-softmax.py", mutant("numpy-softmax", "global_max.py"))
    write(root / "bob" / "numpy-lstm-cell.py", mutant("numpy-lstm-cell", "concat_order.py"))
    write(root / "carol" / "numpy-softmax.py", SEGFAULT)
    write(root / "carol" / "numpy-lstm-cell.py", KILLS_ITSELF)
    write(root / "dave" / "numpy-softmax.py", "def softmax(:\n")
    write(root / "dave" / "notes.txt", "not a submission")
    write(root / "erin" / "Numpy-Softmax.py", softmax)  # not an id: never guessed
    write(root / "erin" / "gelu-vs-relu.py", softmax)  # a concept question
    (root / "erin" / "numpy-dense-layer.py").symlink_to(root / "alice" / "numpy-softmax.py")
    os.mkfifo(root / "erin" / "numpy-conv2d.py")
    write(root / "erin" / "numpy-attention.py", "#" * ((1 << 20) + 1))
    write(root / "roster.csv", "a file beside the person folders\n")
    return root


@pytest.fixture(scope="module")
def pool_run(klass, tmp_path_factory):
    """The class graded on a local pool of 2, with every output file."""
    out = tmp_path_factory.mktemp("pool")
    home = out / "home-never-made"
    done = grade(str(klass), "--workers", "2", "--seed", "7", "--out", str(out / "r.jsonl"), "--junit", str(out / "r.xml"), "--csv", str(out / "r.csv"), home=home)
    return done, out, home


def by_file(rows: list[dict]) -> dict[str, dict]:
    return {row["file"]: row for row in rows}


@pytest.mark.contract
def test_every_file_gets_its_row_with_a_verdict_or_a_reason(pool_run):
    done, out, home = pool_run
    assert done.returncode == 1, done.stderr  # some were refused
    rows = by_file(read_jsonl(out / "r.jsonl"))
    verdicts = {file: row["verdict"] for file, row in rows.items()}
    assert verdicts == {
        "alice/numpy-softmax.py": "accepted",
        "alice/numpy-lstm-cell.py": "accepted",
        "bob/numpy-softmax.py": "wrong_answer",
        "bob/numpy-lstm-cell.py": "wrong_answer",
        "carol/numpy-softmax.py": "runtime_error",
        "carol/numpy-lstm-cell.py": "runtime_error",
        "dave/numpy-softmax.py": "syntax_error",
        "erin/Numpy-Softmax.py": None,
        "erin/gelu-vs-relu.py": None,
        "erin/numpy-dense-layer.py": None,
        "erin/numpy-conv2d.py": None,
        "erin/numpy-attention.py": None,
    }
    assert "SIGSEGV" in rows["carol/numpy-softmax.py"]["message"]  # the crashes stopped nothing after them
    assert "SIGKILL" in rows["carol/numpy-lstm-cell.py"]["message"]
    assert rows["erin/numpy-dense-layer.py"]["refused"].startswith("a symlink (not followed")
    assert "FIFO" in rows["erin/numpy-conv2d.py"]["refused"]
    assert "1 MiB" in rows["erin/numpy-attention.py"]["refused"]
    assert "unknown question id 'Numpy-Softmax'" in rows["erin/Numpy-Softmax.py"]["refused"]
    assert "concept question" in rows["erin/gelu-vs-relu.py"]["refused"]
    for row in rows.values():
        assert row["person"] == row["file"].split("/")[0]
        if row["verdict"] is None:
            assert set(row) == {"person", "file", "question", "verdict", "refused"}
        else:
            assert "refused" not in row and row["seed"] == 7
    assert "alice" in done.stdout and "numpy-softmax" in done.stdout  # the summary tables
    assert not home.exists()  # nothing of anyone's progress


@pytest.mark.contract
def test_a_row_is_the_submit_json_object_plus_person_and_file(pool_run, klass, tmp_path):
    _, out, _ = pool_run
    row = by_file(read_jsonl(out / "r.jsonl"))["bob/numpy-softmax.py"]
    env = {**os.environ, "QUIZZER_HOME": str(tmp_path)}
    submit = subprocess.run(
        [sys.executable, "-m", "quizzer", "submit", "numpy-softmax", str(klass / "bob" / "numpy-softmax.py"), "--json", "--seed", "7"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    alone = json.loads(submit.stdout)
    assert comparable([{**alone, "person": "bob", "file": "bob/numpy-softmax.py"}]) == comparable([row])


@pytest.mark.contract
def test_junit_and_csv_parse_and_match_the_json_lines(pool_run):
    _, out, _ = pool_run
    rows = by_file(read_jsonl(out / "r.jsonl"))
    cases = ElementTree.parse(out / "r.xml").getroot().iter("testcase")
    seen = set()
    for case in cases:
        row = rows[case.get("file")]
        seen.add(case.get("file"))
        assert case.get("classname") == row["person"] and case.get("name") == row["question"]
        failure = case.find("failure")
        assert (failure is None) == (row["verdict"] == "accepted")
        if failure is not None:
            assert failure.get("type") == (row["verdict"] or "refused")
    assert seen == set(rows)
    with open(out / "r.csv", newline="") as file:
        table = list(csv.DictReader(file))
    assert len(table) == len(rows) == len({(r["person"], r["question"]) for r in table})
    for line in table:
        row = rows[line["file"]]
        assert (line["person"], line["question"]) == (row["person"], row["question"])
        assert line["verdict"] == (row["verdict"] or "") and line["refused"] == row.get("refused", "")
        if row["verdict"]:
            assert (int(line["passed"]), int(line["total"]), int(line["seed"])) == (row["passed"], row["total"], row["seed"])


@pytest.mark.slow
@pytest.mark.contract
def test_the_three_backends_give_the_same_rows_on_the_same_seed(pool_run, klass, tmp_path, monkeypatch):
    import distributed  # in the test extra: missing it fails, never skips
    _, out, home = pool_run
    pool_rows = comparable(read_jsonl(out / "r.jsonl"))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))  # the cluster started here leaves nothing there (Dask's own default left dask-scratch-space)
    done = grade(str(klass), "--dask-local", "2", "--seed", "7", "--out", str(tmp_path / "local.jsonl"), home=home)
    assert done.returncode == 1, done.stderr
    assert comparable(read_jsonl(tmp_path / "local.jsonl")) == pool_rows
    assert list(scratch.iterdir()) == []
    monkeypatch.undo()
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as cluster:
        done = grade(str(klass), "--scheduler", cluster.scheduler_address, "--seed", "7", "--out", str(tmp_path / "remote.jsonl"), home=home)
    assert done.returncode == 1, done.stderr
    assert comparable(read_jsonl(tmp_path / "remote.jsonl")) == pool_rows
    assert not home.exists()


def test_without_a_seed_each_submission_gets_its_own_recorded_seed(tmp_path):
    for person in ("ann", "ben", "cy"):
        write(tmp_path / "class" / person / "numpy-softmax.py", (REFERENCE / "numpy_softmax.py").read_text())
    done = grade(str(tmp_path / "class"), "--workers", "1", "--out", str(tmp_path / "r.jsonl"), home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    rows = read_jsonl(tmp_path / "r.jsonl")
    assert [row["verdict"] for row in rows] == ["accepted"] * 3
    assert len({row["seed"] for row in rows}) == 3


def _busy_workers(pid: int) -> list:
    """The worker processes of a `quizzer grade` process that have started judging (they have a zygote)."""
    import psutil

    try:
        workers = [p for p in psutil.Process(pid).children() if "--multiprocessing-fork" in p.cmdline()]
        return [w for w in workers if any("quizzer.sandbox.zygote" in " ".join(c.cmdline()) for c in w.children())]
    except psutil.Error:
        return []


@pytest.mark.slow
@pytest.mark.parametrize("backend", [("--workers", "1"), ("--dask-local", "1")])
def test_a_worker_that_dies_is_replaced_and_what_it_held_tried_once_more(tmp_path, backend):
    if backend[0] == "--dask-local":
        import distributed  # noqa: F401 - in the test extra: missing it fails, never skips
    root = tmp_path / "class"
    write(root / "a-sleeper" / "numpy-softmax.py", "import time\ntime.sleep(20)\n")
    for person in ("b", "c", "d", "e", "f", "g", "h", "i"):  # on Dask, b shares the sleeper's task
        write(root / person / "numpy-softmax.py", (REFERENCE / "numpy_softmax.py").read_text())
    env = {**os.environ, "QUIZZER_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "quizzer", "grade", str(root), *backend, "--out", str(tmp_path / "r.jsonl")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    killed: set[int] = set()
    deadline = time.monotonic() + 120
    while len(killed) < 2 and time.monotonic() < deadline and process.poll() is None:
        for worker in _busy_workers(process.pid):
            if worker.pid not in killed:  # the only worker, holding the sleeper (the first file)
                time.sleep(0.5)
                worker.kill()  # as the kernel's OOM killer would
                killed.add(worker.pid)
        time.sleep(0.05)
    out, err = process.communicate(timeout=120)
    assert len(killed) == 2, err
    rows = by_file(read_jsonl(tmp_path / "r.jsonl"))
    assert rows.pop("a-sleeper/numpy-softmax.py")["refused"].endswith("died, twice: not judged")
    assert [row["verdict"] for row in rows.values()] == ["accepted"] * 8
    assert process.returncode == 1
    assert "Traceback" not in err and "ERROR" not in err, err


@pytest.mark.slow
@pytest.mark.contract
def test_resume_judges_only_what_is_not_in_out_yet(tmp_path):
    root, out = tmp_path / "class", tmp_path / "r.jsonl"
    write(root / "ann" / "numpy-softmax.py", (REFERENCE / "numpy_softmax.py").read_text())
    write(root / "ben" / "numpy-softmax.py", "def softmax(:\n")
    assert grade(str(root), "--workers", "1", "--out", str(out), home=tmp_path / "home").returncode == 0
    first = out.read_text()
    write(root / "cy" / "numpy-softmax.py", (REFERENCE / "numpy_softmax.py").read_text())
    write(root / "dee" / "numpy-softmax.py", (REFERENCE / "numpy_softmax.py").read_text())
    with open(out, "a") as file:
        file.write('{"person": "dee", "file": "dee/numpy-softmax.py", "verd')  # a run killed while writing dee's row
    done = grade(str(root), "--workers", "1", "--out", str(out), "--resume", "--csv", str(tmp_path / "r.csv"), home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert out.read_text().startswith(first)  # ann and ben kept as they were, not judged again
    rows = read_jsonl(out)
    assert sorted(row["person"] for row in rows) == ["ann", "ben", "cy", "dee"]
    assert len((tmp_path / "r.csv").read_text().splitlines()) == 1 + 4  # the tables cover the whole class
    again = grade(str(root), "--workers", "1", "--out", str(out), "--resume", home=tmp_path / "home")
    assert again.returncode == 0 and read_jsonl(out) == rows  # nothing left to judge


def test_resume_refuses_a_file_that_is_not_grade_results_and_leaves_it(tmp_path):
    write(tmp_path / "class" / "ann" / "numpy-softmax.py", "x = 1\n")
    notes = write(tmp_path / "notes.jsonl", '{"something": "else"}\n')
    done = grade(str(tmp_path / "class"), "--out", str(notes), "--resume", home=tmp_path / "home")
    assert done.returncode == 2 and "not a row" in done.stderr and len(done.stderr.splitlines()) == 1
    assert notes.read_text() == '{"something": "else"}\n'


@pytest.mark.slow
def test_ctrl_c_keeps_what_is_done_and_resume_goes_on(tmp_path):
    root, out = tmp_path / "class", tmp_path / "r.jsonl"
    reference = (REFERENCE / "numpy_softmax.py").read_text()
    for person in ("a1", "a2"):
        write(root / person / "numpy-softmax.py", reference)
    for person in ("z1", "z2", "z3"):
        write(root / person / "numpy-softmax.py", "import time\ntime.sleep(1.5)\n" + reference)  # sleeping uses no CPU time
    env = {**os.environ, "QUIZZER_HOME": str(tmp_path / "home")}
    process = subprocess.Popen(
        [sys.executable, "-m", "quizzer", "grade", str(root), "--workers", "1", "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not out.exists() or out.read_text().count("\n") < 2):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "--resume" in err
    kept = read_jsonl(out)
    assert 2 <= len(kept) < 5 and all(row["verdict"] == "accepted" for row in kept)
    done = grade(str(root), "--workers", "2", "--out", str(out), "--resume", home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    rows = read_jsonl(out)
    assert rows[: len(kept)] == kept
    assert sorted(row["person"] for row in rows) == ["a1", "a2", "z1", "z2", "z3"]


def test_a_manifest_names_the_files(tmp_path):
    write(tmp_path / "in" / "one.py", (REFERENCE / "numpy_softmax.py").read_text())
    write(tmp_path / "in" / "two.py", "def softmax(:\n")
    manifest = write(tmp_path / "m.csv", "person,question,file\nann,numpy-softmax,in/one.py\nben,numpy-softmax,in/two.py\ncy,numpy-softmax,in/gone.py\n")
    done = grade("--manifest", str(manifest), "--workers", "1", "--out", str(tmp_path / "r.jsonl"), home=tmp_path / "home")
    assert done.returncode == 1, done.stderr
    rows = {row["person"]: row for row in read_jsonl(tmp_path / "r.jsonl")}
    assert rows["ann"]["verdict"] == "accepted" and rows["ann"]["file"] == "in/one.py"
    assert rows["ben"]["verdict"] == "syntax_error"
    assert rows["cy"]["verdict"] is None and "no such file" in rows["cy"]["refused"]


@pytest.mark.parametrize(
    "manifest, message",
    [("person,file\nann,x.py\n", "missing: question"), ("person,question,file\nann,numpy-softmax,\n", "line 2"), ("person,question,file\na,q,x.py\na,q,y.py\n", "line 3")],
)
def test_a_bad_manifest_is_one_line_and_exit_2(tmp_path, manifest, message):
    done = grade("--manifest", str(write(tmp_path / "m.csv", manifest)), home=tmp_path / "home")
    assert done.returncode == 2 and message in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        ((), "give DIR or --manifest"),
        (("--workers", "0", "{dir}"), "at least 1"),
        (("--workers", "2", "--dask-local", "2", "{dir}"), "not allowed with"),
        (("--seed", "-1", "{dir}"), "from 0 to"),
        (("--resume", "{dir}"), "--out"),
        (("{dir}/ann",), "no submissions"),
        (("{dir}", "--out", "{dir}/no/such/folder/r.jsonl"), "no folder"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(tmp_path, args, message):
    write(tmp_path / "class" / "ann" / "notes.txt", "")
    done = grade(*(a.format(dir=tmp_path / "class") for a in args), home=tmp_path / "home")
    assert done.returncode == 2 and message in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr


@pytest.mark.parametrize("flag", [("--dask-local", "2"), ("--scheduler", "tcp://127.0.0.1:8786")])
def test_without_dask_the_cluster_flags_say_how_to_install_it(tmp_path, flag):
    write(tmp_path / "class" / "ann" / "numpy-softmax.py", "x = 1\n")
    code = "import sys; sys.modules['distributed'] = None; from quizzer.cli import main; raise SystemExit(main(sys.argv[1:]))"  # as if not installed
    env = {**os.environ, "QUIZZER_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-c", code, "grade", str(tmp_path / "class"), *flag], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"quizzer: {flag[0]} needs Dask, which is not installed here: pip install 'quizzer[cluster]'"]


@pytest.mark.slow
def test_an_unreachable_scheduler_is_a_usage_error(tmp_path):
    import distributed  # noqa: F401 - in the test extra: missing it fails, never skips
    write(tmp_path / "class" / "ann" / "numpy-softmax.py", "x = 1\n")
    done = grade(str(tmp_path / "class"), "--scheduler", "tcp://127.0.0.1:9", home=tmp_path / "home")
    assert done.returncode == 2 and "cannot reach the Dask scheduler" in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr


@pytest.mark.contract
@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root and setpriv")
def test_a_worker_whose_sandbox_lacks_a_protection_refuses_to_judge(tmp_path):
    # Root without CAP_SETUID cannot drop to the sandbox's own uid: a real machine where the sandbox is weaker.
    write(tmp_path / "class" / "ann" / "numpy-softmax.py", (REFERENCE / "numpy_softmax.py").read_text())
    weaker = ["setpriv", "--bounding-set", "-setuid,-setgid", sys.executable, "-m", "quizzer"]
    env = {**os.environ, "QUIZZER_HOME": str(tmp_path / "home")}
    doctor = json.loads(subprocess.run([*weaker, "doctor", "--json"], capture_output=True, text=True, env=env, timeout=60).stdout)
    assert doctor["uid_drop"] is False
    done = subprocess.run([*weaker, "grade", str(tmp_path / "class"), "--workers", "1", "--out", str(tmp_path / "r.jsonl")], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1, done.stderr
    [row] = read_jsonl(tmp_path / "r.jsonl")
    assert row["verdict"] is None and "uid_drop" in row["refused"] and "quizzer doctor" in row["refused"]


def test_strangers_names_reach_no_terminal_raw_and_the_files_still_parse(tmp_path):
    root = tmp_path / "class"
    escape = "\x1b[2J\x1b]0;owned\x07eve"
    write(root / escape / "numpy-softmax.py", (REFERENCE / "numpy_softmax.py").read_text())
    os.makedirs(os.path.join(os.fsencode(root), b"\xffmal"))  # not UTF-8
    (Path(os.fsdecode(os.path.join(os.fsencode(root), b"\xffmal"))) / "numpy-softmax.py").write_text("def softmax(:\n")
    write(root / "[bold red]rich" / "=cmd()|x.py", "x = 1\n")  # markup in a name, a formula in a cell
    out = tmp_path / "r"
    done = grade(str(root), "--workers", "1", "--out", f"{out}.jsonl", "--junit", f"{out}.xml", "--csv", f"{out}.csv", home=tmp_path / "home")
    assert done.returncode == 1, done.stderr
    assert "\x1b" not in done.stdout + done.stderr and "\\x1b[2J" in done.stdout
    assert "[bold red]rich" in done.stdout  # shown as it is, not taken as markup
    rows = read_jsonl(Path(f"{out}.jsonl"))
    assert sorted(row["person"] for row in rows) == sorted([escape, "\ufffdmal", "[bold red]rich"])  # strict JSON: no lone surrogate
    again = grade(str(root), "--workers", "1", "--out", f"{out}.jsonl", "--resume", home=tmp_path / "home")
    assert again.returncode == 1 and read_jsonl(Path(f"{out}.jsonl")) == rows  # each is known again by its row: none judged twice
    ElementTree.parse(f"{out}.xml")
    with open(f"{out}.csv", newline="", encoding="utf-8") as file:
        cells = [cell for line in csv.reader(file) for cell in line]
    assert "'=cmd()|x" in cells and not any(cell.startswith("=") or "\x1b" in cell for cell in cells)
