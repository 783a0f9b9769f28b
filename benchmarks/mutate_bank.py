"""How long `quizzer mutate` takes on the whole bank (goal: <= 5 minutes on 2 cores).

Runs `python -m quizzer mutate --json` as a whole process on the bank (or the folder given), then, as a
baseline in the same run, `python -m quizzer validate --specs-only` (a process that loads the bank)
and one verdict per coding question (each reference judged once, in one process). Prints the time,
the mutants judged per second, and the ratios: mutate against one verdict per question tells what the
mutants cost on this machine, whatever its load.

Run from the project root: `python benchmarks/mutate_bank.py [PATH] [--workers N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _timed(command: list[str], env: dict, ok=(0,)) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-800:]}")
    return elapsed, done.stdout


ONE_VERDICT_EACH = """
import sys, time
from quizzer.core.bank import load_bank
from quizzer.core.judge import judge
from quizzer.core.spec import Coding
bank = load_bank(None if len(sys.argv) < 2 else __import__("pathlib").Path(sys.argv[1]))
started = time.perf_counter()
for question in bank.questions.values():
    if isinstance(question.spec, Coding):
        judge(question, question.reference_path.read_bytes(), seed=0)
print(time.perf_counter() - started)
"""


def main() -> None:
    """Time mutate on the bank and its baselines; print them and their ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", help="a folder of the bank (default: all of it)")
    parser.add_argument("--workers", type=int)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QUIZZER_HOME=home)
        where = [args.path] if args.path else []
        load_s, _ = _timed([sys.executable, "-m", "quizzer", "validate", "--specs-only", *where], env)
        verdicts_s = float(_timed([sys.executable, "-c", ONE_VERDICT_EACH, *where], env)[1].strip().splitlines()[-1])
        workers = ["--workers", str(args.workers)] if args.workers else []
        mutate_s, out = _timed([sys.executable, "-m", "quizzer", "mutate", "--json", *where, *workers], env, ok=(0, 1))
    reports = json.loads(out)
    generated = sum(r["generated"] for r in reports)
    survived = sum(len(r["survived"]) for r in reports)
    print(f"  quizzer mutate --json           {mutate_s:8.1f} s  ({len(reports)} questions, {generated} mutants, {survived} survived, {generated / mutate_s:.1f} mutants/s)")
    print(f"  baseline: load the bank         {load_s:8.1f} s")
    print(f"  baseline: one verdict each      {verdicts_s:8.1f} s  (each reference judged once, one process)")
    print(f"  mutate = {mutate_s / verdicts_s:.1f}x one verdict per question; goal <= 300 s on 2 cores: {'met' if mutate_s <= 300 else 'NOT met'}")
    print(f"  load average now {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
