"""How many submissions per second `quizzer grade` judges: 1 and 2 pool workers, and a LocalCluster of 2.

Generates a class in a temp dir: person-00 submits every NumPy coding question's reference, person-NN
its NN-th mutant (so right and wrong answers, mixed questions: about 300 files). Each backend is
started and warmed up (its workers' zygotes and banks loaded) on a few submissions, then the whole
class is graded with one fixed seed, `--rounds` times, the backends interleaved; the median of each
is printed with the speed-ups, and the CPU time per submission of the whole process tree (grading
process, workers, zygotes, sandboxes), which a busy machine disturbs less than the wall clock. The verdicts must come out the same on every backend (checked).

Goals: 2 pool workers >= 1.8x one; the Dask cluster >= 0.8x the 2-worker pool.
The PyTorch questions are left out: their first verdict in a worker imports torch (a second or
more), which would measure the warm-up rather than the judging.

Run from the project root: `python benchmarks/grade_throughput.py [--rounds 3]`.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 20240601


def make_class(folder: Path, bank) -> int:
    """Write person-NN/<question-id>.py files from the references and mutants; how many."""
    count = 0
    for question in bank.questions.values():
        spec = question.spec
        if spec.kind.value != "coding" or "torch" in spec.allowed_imports:
            continue
        sources = [question.reference_path] + [question.folder / "mutants" / mutant.file for mutant in spec.mutants]
        for number, source in enumerate(sources):
            person = folder / f"person-{number:02d}"
            person.mkdir(exist_ok=True)
            shutil.copyfile(source, person / f"{spec.id}.py")
            count += 1
    return count


def tree_cpu() -> float:
    """CPU seconds used so far by this process and everything under it (reaped children included)."""
    import psutil

    me = psutil.Process()
    total = 0.0
    for process in [me, *me.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def run(backend, submissions) -> tuple[float, float, list[dict]]:
    """Grade every submission on `backend`; (seconds, CPU seconds of the whole process tree, rows)."""
    from quizzer.core.grade import grade

    rows: list[dict] = []
    cpu = tree_cpu()
    started = time.perf_counter()
    grade(submissions, backend, SEED, rows.append)
    return time.perf_counter() - started, tree_cpu() - cpu, rows


def comparable(rows: list[dict]) -> list[tuple]:
    """What must not depend on the backend, in a fixed order: the verdicts and the tests passed.

    (Not every message: a mutant that draws from NumPy's global generator gets different values
    in each sandbox process.)
    """
    return sorted((row["file"], row["verdict"], row.get("passed"), row.get("total"), row.get("refused", "")) for row in rows)


def main() -> None:
    """Measure and print submissions per second for each backend, and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the CLI does, before NumPy loads (workers inherit it)
    sys.path.insert(0, str(ROOT))
    from quizzer.core.bank import load_bank
    from quizzer.core.grade import Dask, Pool, collect

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    bank = load_bank()
    with tempfile.TemporaryDirectory(prefix="quizzer-grade-bench-") as folder:
        count = make_class(Path(folder), bank)
        submissions = collect(Path(folder), bank)
        random.Random(0).shuffle(submissions)  # questions and right/wrong mixed along the batch
        print(f"{count} submissions ({sum(p.name == 'person-00' for p in Path(folder).iterdir())} folder of references, the rest mutants)")
        makers = {"pool, 1 worker": lambda: Pool(1), "pool, 2 workers": lambda: Pool(2), "dask LocalCluster, 2 workers": lambda: Dask(local=2)}
        backends = {}
        for name, make in makers.items():
            backends[name] = make()
            run(backends[name], submissions[: 4 * backends[name].capacity])  # warm: workers started, zygotes and banks loaded
        seconds: dict[str, list[float]] = {name: [] for name in backends}
        cpu: dict[str, list[float]] = {name: [] for name in backends}
        reference = None
        try:
            for _ in range(args.rounds):
                for name, backend in backends.items():
                    elapsed, used, rows = run(backend, submissions)
                    seconds[name].append(elapsed)
                    cpu[name].append(used)
                    rows = comparable(rows)
                    refused = [f"{row[0]}: {row[4]}" for row in rows if row[1] is None]
                    assert len(rows) == count and not refused, f"{name}: refused {refused[:5]}"
                    assert reference is None or rows == reference, f"{name}: rows differ from the first backend's"
                    reference = rows
        finally:
            for backend in backends.values():
                backend.close()
    rate = {name: count / statistics.median(times) for name, times in seconds.items()}
    for name, times in seconds.items():
        per = statistics.median(cpu[name]) / count * 1000
        print(f"  {name:<30} {rate[name]:6.1f} submissions/s  (median of {len(times)}: {statistics.median(times):.2f} s; {', '.join(f'{t:.2f}' for t in times)}), CPU {per:.1f} ms per submission")
    one, two, dask = rate.values()
    print(f"  2 workers / 1 worker:      {two / one:.2f}x  (goal >= 1.8x)")
    print(f"  dask (2) / pool (2):       {dask / two:.2f}x  (goal >= 0.8x)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
