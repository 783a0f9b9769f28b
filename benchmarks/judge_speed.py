"""How fast a verdict comes back: cold (a whole `quizzer submit` process) and warm (through the zygote).

(a) cold: `quizzer submit numpy-lstm-cell <reference>` (as text and `--json`) as a process vs
    `python -c "import numpy"`, interleaved, medians; goal ratio <= 2x.
(b) warm: `judge()` of the LSTM reference through a running zygote, in this
    process, vs a plain fork+exit of this process; goal <= 50 ms.
(c) the sandbox itself: a child that locks down and exits at once (fork,
    namespaces, private root, seccomp, Landlock), with and without its private
    root (mount namespace, bind mounts, tmpfs, proc): the difference is what the
    mounts cost.

Run from the project root: `python benchmarks/judge_speed.py [--runs 15] [--only cold|warm|sandbox]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "numpy-lstm-cell"


def _timed(command: list[str], env: dict) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed


def _summary(name: str, samples: list[float]) -> str:
    ms = [s * 1000 for s in samples]
    return f"{name:<44} median {statistics.median(ms):7.1f} ms  (min {min(ms):6.1f}, max {max(ms):6.1f}, n={len(ms)})"


def cold(runs: int) -> None:
    """(a) the whole CLI process against the floor of starting Python and importing NumPy."""
    reference = ROOT / "reference" / "numpy_lstm_cell.py"
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QUIZZER_HOME=home)
        # As installed: pip writes bytecode at install time, so let the warm-up write it here too.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        text = [sys.executable, "-m", "quizzer", "submit", QUESTION, str(reference)]
        as_json = [*text, "--json"]
        floor = [sys.executable, "-c", "import numpy"]
        _timed(text, env), _timed(as_json, env), _timed(floor, env)  # warm the page cache, write bytecode
        texts, jsons, floors = [], [], []
        for _ in range(runs):
            texts.append(_timed(text, env))
            jsons.append(_timed(as_json, env))
            floors.append(_timed(floor, env))
    print("(a) cold verdict, whole process")
    print("  " + _summary("quizzer submit numpy-lstm-cell ref", texts))
    print("  " + _summary("quizzer submit numpy-lstm-cell ref --json", jsons))
    print("  " + _summary('python -c "import numpy"', floors))
    floor = statistics.median(floors)
    print(f"  ratio {statistics.median(texts) / floor:.2f}x as text, {statistics.median(jsons) / floor:.2f}x as JSON  (goal <= 2x)")


def _fork_exit() -> float:
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return time.perf_counter() - started


def warm(runs: int) -> None:
    """(b) a verdict in a long-running process through the zygote, against a plain fork+exit."""
    sys.path.insert(0, str(ROOT))
    import numpy  # noqa: F401 - the baseline forks a process that has NumPy loaded, like the zygote

    from quizzer.core.bank import load_bank
    from quizzer.core.judge import build_tests, expected_observations, judge
    from quizzer.core.task import JudgeTask
    from quizzer.sandbox.zygote import Zygote

    question = JudgeTask.from_question(load_bank().get(QUESTION))
    source = (ROOT / "reference" / "numpy_lstm_cell.py").read_bytes()
    with Zygote() as zygote:
        for _ in range(3):
            assert judge(question, source, seed=0, spawner=zygote.spawn).verdict.value == "accepted"
        verdicts, own_work, forks = [], [], []
        for run in range(runs):
            started = time.perf_counter()
            result = judge(question, source, seed=run, spawner=zygote.spawn)
            verdicts.append(time.perf_counter() - started)
            assert result.verdict.value == "accepted", result.message
            started = time.perf_counter()
            expected_observations(question, build_tests(question, run))
            own_work.append(time.perf_counter() - started)
            forks.append(_fork_exit())
    print("(b) warm verdict through the zygote, in one process")
    print("  " + _summary("judge(numpy-lstm-cell reference)", verdicts))
    print("  " + _summary("  of which: suite + reference in the judge", own_work))
    print("  " + _summary("plain fork + exit (NumPy loaded)", forks))
    median = statistics.median(verdicts) * 1000
    print(f"  verdict {median:.1f} ms (goal <= 50 ms), {statistics.median(verdicts) / statistics.median(forks):.1f}x a plain fork+exit")


def _locked_down_child(profile) -> float:
    from quizzer.sandbox import launch

    started = time.perf_counter()
    child = launch.start(launch.Limits(), profile)
    child._read_control(timeout=10.0, until=lambda: "no_processes" in child._control_data)
    child.finish()
    elapsed = time.perf_counter() - started
    if not (child.protections or {}).get("seccomp"):
        raise SystemExit(f"the child did not lock down: {child.ending}")
    return elapsed


def sandbox(runs: int) -> None:
    """(c) a locked-down child that exits at once, with and without the private root, interleaved."""
    sys.path.insert(0, str(ROOT))
    import numpy  # noqa: F401 - forked from a process that has NumPy loaded, like the zygote

    from quizzer.sandbox import mounts
    from quizzer.sandbox.view import view_for

    profile = ("numpy",)
    view_for(profile)  # computed once, as a zygote does at start
    real_clone = mounts.clone_view

    def without_root(view):
        raise OSError(0, "benchmark: no private root")

    full, bare, forks = [], [], []
    _locked_down_child(profile)
    for _ in range(runs):
        mounts.clone_view = real_clone
        full.append(_locked_down_child(profile))
        mounts.clone_view = without_root
        bare.append(_locked_down_child(profile))
        forks.append(_fork_exit())
    mounts.clone_view = real_clone
    print("(c) a locked-down child that exits at once, from this process")
    print("  " + _summary("every protection", full))
    print("  " + _summary("  without the private root (no mounts)", bare))
    print("  " + _summary("plain fork + exit (NumPy loaded)", forks))
    print(f"  the private root costs {(statistics.median(full) - statistics.median(bare)) * 1000:.1f} ms per child")


def main() -> None:
    """Run both measurements and print their medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", choices=["cold", "warm", "sandbox"])
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, load average {os.getloadavg()[0]:.2f}")
    if args.only in (None, "cold"):
        cold(args.runs)
    if args.only in (None, "warm"):
        warm(args.runs)
    if args.only in (None, "sandbox"):
        sandbox(args.runs)


if __name__ == "__main__":
    main()
