"""Grading a class: many submissions judged by the same judge as `submit`, one sandboxed child each.

Collecting: `collect(DIR, bank)` finds `DIR/<person>/<question-id>.py` (the stem is matched exactly
against the bank's ids; an unknown one is refused, never guessed), `read_manifest(CSV, bank)` reads
`person, question, file` rows instead. This process reads each file (`read_submission`, symlinks
refused) right before handing it out: a worker receives only the bytes, never a path.

Judging: `judge_submission(job)` runs in a worker process and judges one submission through the
worker's own zygote (a worker may run threads: Dask's do). A worker whose sandbox lacks a
protection that `doctor` requires refuses to judge. Nothing is recorded in anyone's progress.

Backends: `Pool(n)` (local processes, one submission per task) and `Dask(...)` (a Dask cluster,
up to 4 per task: a Dask task has a cost of its own). `grade()` feeds either, one task per worker
thread at a time, and hands each row to a callback as it arrives; the submissions a dead worker held
are each tried once more, alone, then refused with the reason. Every submission's seed is drawn
here, so the rows do not depend on the backend.
"""

from __future__ import annotations

import csv
import functools
import os
import queue
import signal
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from quizzer.core.gradebook import refused_row
from quizzer.core.submission import SubmissionFileError, read_submission

INSTALL_DASK = "pip install 'quizzer[cluster]'"


class GradeError(Exception):
    """A problem with how grading was asked for (a bad manifest, an unreachable cluster): one line."""


@dataclass(frozen=True)
class Submission:
    """One file to grade: whose, which question, where; `refused` says why it will not be judged."""

    person: str
    file: str  # as the rows name it: relative to DIR, or as the manifest wrote it
    question: str
    path: Path | None
    refused: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """What identifies it in the results (and for --resume)."""
        return self.person, self.file


def refusal(question_id: str, bank) -> str:
    """Why a submission for `question_id` cannot be judged ("" when it can)."""
    question = bank.get(question_id)
    if question is not None:
        kind = question.spec.kind.value
        return "" if kind == "coding" else f"{question_id!r} is a {kind} question: only coding questions are graded"
    if question_id in bank.broken:
        return f"question {question_id!r} is broken in the bank: {bank.broken[question_id][0]}"
    return f"unknown question id {question_id!r} (a file's name is the exact id of a question: see `quizzer list`)"


def _scan(folder: str) -> list[os.DirEntry]:
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def collect(folder: Path, bank) -> list[Submission]:
    """Every `folder/<person>/<question-id>.py`, sorted; symlinked or unreadable entries refused.

    Hidden entries are skipped, and so are files beside the person folders (a roster, a README)
    and files inside them that are not `.py`.
    """
    found = []
    for person in _scan(str(folder)):
        name = person.name
        if name.startswith("."):
            continue
        if person.is_symlink():
            found.append(Submission(name, name, "", None, "a symlink (not followed here)"))
            continue
        if not person.is_dir(follow_symlinks=False):
            continue
        try:
            entries = _scan(person.path)
        except OSError as exc:
            found.append(Submission(name, name, "", None, f"cannot read the folder: {exc.strerror}"))
            continue
        for entry in entries:
            if entry.name.endswith(".py") and not entry.name.startswith("."):
                question = entry.name[: -len(".py")]
                found.append(Submission(name, f"{name}/{entry.name}", question, Path(entry.path), refusal(question, bank)))
    return found


def read_manifest(path: Path, bank) -> list[Submission]:
    """The submissions a CSV with columns person, question, file names (paths relative to the CSV's folder).

    GradeError on a missing column, an empty cell or a person with two files for one question.
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as file:
            reader = csv.DictReader(file)
            missing = {"person", "question", "file"} - set(reader.fieldnames or ())
            if missing:
                raise GradeError(f"{path}: the manifest needs the columns person, question, file (missing: {', '.join(sorted(missing))})")
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise GradeError(f"cannot read the manifest {path}: {getattr(exc, 'strerror', None) or exc}") from None
    found, seen = [], {}
    for line, row in enumerate(rows, start=2):
        person, question, name = ((row.get(key) or "").strip() for key in ("person", "question", "file"))
        if not (person and question and name):
            raise GradeError(f"{path} line {line}: person, question and file must all be given")
        if (person, question) in seen:
            raise GradeError(f"{path} line {line}: {person} already has a file for {question} (line {seen[person, question]})")
        seen[person, question] = line
        found.append(Submission(person, name, question, path.parent / name, refusal(question, bank)))
    return found


# ---------------------------------------------------------------- in a worker


def _spawner():
    """This worker's zygotes (the process's shared ones, started on first use): how each submission gets its sandbox."""
    from quizzer.core.judge import zygote_spawner

    return zygote_spawner()


@functools.cache
def _bank():
    from quizzer.core.bank import load_bank

    return load_bank()


@functools.cache
def _task(question_id: str):
    from quizzer.core.task import JudgeTask

    question = _bank().get(question_id)
    return None if question is None else JudgeTask.from_question(question)


def _unsafe() -> str:
    from quizzer.sandbox.isolate import missing_required

    missing = missing_required()
    return f"this worker's sandbox lacks {', '.join(missing)}, which judging strangers' code requires (see `quizzer doctor`)" if missing else ""


def warm_worker() -> None:
    """Start a worker's NumPy zygote and load its bank before the first submission arrives."""
    from quizzer.sandbox.zygote import shared

    shared().start()
    _bank()


def pool_worker_init() -> None:
    """A pool worker's start: Ctrl-C is the grading process's to handle (it stops the workers); warm up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        warm_worker()
    except Exception:  # noqa: BLE001 - not here: the first submission's row says what went wrong
        pass


def judge_submission(job: dict) -> dict:
    """In a worker: judge one submission (`job`: person, file, question, source, seed) in a sandbox; its row.

    The row is refused, with the reason, when the sandbox lacks a required protection (checked before
    and, from the child's own report, after) or when the judge cannot run it.
    """
    from quizzer.core.judge import BankError, MissingRequirement, judge

    person, file, question_id = job["person"], job["file"], job["question"]
    try:
        spawner = _spawner()
        problem = _unsafe()
        if problem:
            return refused_row(person, file, question_id, problem)
        task = _task(question_id)
        if task is None:
            return refused_row(person, file, question_id, f"the worker's bank has no question {question_id!r}")
        result = judge(task, job["source"], seed=job["seed"], spawner=spawner)
    except MissingRequirement as exc:
        return refused_row(person, file, question_id, str(exc))
    except BankError as exc:
        return refused_row(person, file, question_id, f"the question itself is broken: {exc}")
    except Exception as exc:  # noqa: BLE001 - the sandbox or the machine failed: a reason, and the batch goes on
        return refused_row(person, file, question_id, f"not judged: {type(exc).__name__}: {exc}")
    problem = _unsafe()
    if problem:
        return refused_row(person, file, question_id, problem)
    return {"person": person, "file": file, **result.to_json()}


def judge_jobs(jobs: list[dict]) -> list[dict]:
    """In a worker: `judge_submission` for each job, in order (one task of a backend)."""
    return [judge_submission(job) for job in jobs]


# ---------------------------------------------------------------- backends


class WorkerDied(Exception):
    """The worker judging a submission died (killed, out of memory): the submission may be tried again."""


class Pool:
    """Local worker processes, each judging one submission at a time; a worker that dies is replaced.

    One single-process executor per worker, so a dead worker is pinned on the one submission it held.
    """

    def __init__(self, workers: int):
        import multiprocessing

        self.capacity = workers
        self._context = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing of this one's threads or memory
        self._idle = [self._executor() for _ in range(workers)]
        self._busy = {}

    def _executor(self):
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(1, mp_context=self._context, initializer=pool_worker_init)

    def batch(self, count: int) -> int:
        """How many submissions go in one task: one (a worker's death then names its submission)."""
        return 1

    def submit(self, jobs: list[dict]):
        """Hand `jobs` to an idle worker; the future of their rows."""
        executor = self._idle.pop()
        future = executor.submit(judge_jobs, jobs)
        self._busy[future] = executor
        return future

    def collect(self, future) -> list[dict]:
        """The rows of a finished future; WorkerDied when its worker died (the worker is replaced)."""
        from concurrent.futures.process import BrokenProcessPool

        executor = self._busy.pop(future)
        try:
            rows = future.result()
        except BrokenProcessPool:
            executor.shutdown(wait=False)
            self._idle.append(self._executor())
            raise WorkerDied("the worker process judging it died") from None
        self._idle.append(executor)
        return rows

    def close(self, interrupted: bool = False) -> None:
        """Stop the workers: let them finish, or kill them at once when interrupted."""
        for executor in self._idle + list(self._busy.values()):
            if interrupted:  # (3.14 has executor.terminate_workers() for this)
                for process in list((getattr(executor, "_processes", None) or {}).values()):
                    if process.is_alive():
                        process.kill()
            executor.shutdown(wait=not interrupted, cancel_futures=True)


# For the cluster started here (and this process's side of any): a worker that dies holding a
# submission is not retried by Dask (grade() retries it once itself); and the diagnostics that wake
# every few milliseconds (the profiler, the event-loop watchdog, the monitors) wake once a second
# instead. Idle, a LocalCluster of 2 used 10% of a core with the defaults and 1.6% with these: at
# ~30 ms of CPU per submission that was a third of the cost again.
_DASK_CONFIG = {
    "distributed.scheduler.allowed-failures": 0,
    "distributed.worker.profile.enabled": False,
    "distributed.worker.profile.interval": "1s",
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.work-stealing-interval": "1s",
}


class Dask:
    """A Dask cluster: a running one at `scheduler`, or a LocalCluster of `local` worker processes started here."""

    def __init__(self, scheduler: str | None = None, local: int | None = None):
        flag = "--scheduler" if scheduler else "--dask-local"
        try:
            import dask
            import distributed
        except ImportError:
            raise GradeError(f"{flag} needs Dask, which is not installed here: {INSTALL_DASK}") from None
        import tempfile

        self._distributed = distributed
        self.cluster = None
        # Dask's scratch folder (/tmp/dask-scratch-space by default, left behind): one of ours, removed at close.
        self._scratch = tempfile.TemporaryDirectory(prefix="quizzer-dask-")
        with dask.config.set({**_DASK_CONFIG, "temporary-directory": self._scratch.name}):
            try:
                if scheduler:
                    self.client = distributed.Client(scheduler, timeout="10s")
                else:
                    import logging

                    self.cluster = distributed.LocalCluster(
                        n_workers=local, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
                        silence_logs=logging.CRITICAL, local_directory=self._scratch.name,
                    )
                    self.client = distributed.Client(self.cluster)
            except (OSError, TimeoutError, ValueError) as exc:
                raise GradeError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        self.threads = max(sum(self.client.nthreads().values()), 1)
        # One task per thread, none queued on a worker behind another: when a worker dies, Dask
        # blames every task it held, and an innocent one would be refused with the guilty.
        self.capacity = self.threads

    def batch(self, count: int) -> int:
        """How many submissions go in one task: up to 4 when there are plenty, since each Dask task
        costs the scheduler and the worker several ms of CPU (measured: about half a verdict's)."""
        return max(1, min(4, count // (4 * self.threads)))

    def submit(self, jobs: list[dict]):
        """Send `jobs` to the cluster as one task; the future of their rows."""
        return self.client.submit(judge_jobs, jobs, pure=False)

    def collect(self, future) -> list[dict]:
        """The rows of a finished future; WorkerDied when the worker running it died."""
        try:
            return future.result()
        except self._distributed.KilledWorker:
            raise WorkerDied("the Dask worker judging it died") from None

    def close(self, interrupted: bool = False) -> None:
        """Let go of the cluster (and stop it, when it was started here)."""
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self._scratch.cleanup()


# ---------------------------------------------------------------- the batch


def fresh_seed() -> int:
    """A new seed for one submission's hidden inputs (recorded in its row)."""
    return int.from_bytes(os.urandom(4), "little")


def _next_done(done: queue.Queue):
    while True:  # a timeout, so Ctrl-C is seen at once
        try:
            return done.get(timeout=0.2)
        except queue.Empty:
            continue


def grade(submissions: list[Submission], backend, seed: int | None, on_row: Callable[[dict], None]) -> None:
    """Judge every submission on `backend`, calling `on_row(row)` as each row arrives (in the order they finish).

    `seed` fixes every submission's hidden inputs; None draws a fresh one for each. The submissions
    a dead worker held are each tried once more, alone; if that worker dies too, they are refused.
    """
    waiting = deque(submissions)
    again: deque = deque()  # (submission, job) of a dead worker's task: each tried once more, alone
    done: queue.Queue = queue.Queue()
    flying: dict = {}
    size = backend.batch(len(submissions))

    def launch(batch: list[tuple[Submission, dict]], tries: int) -> None:
        future = backend.submit([job for _, job in batch])
        flying[future] = (batch, tries)
        future.add_done_callback(done.put)

    def next_job() -> tuple[Submission, dict] | None:
        """The next submission to judge, with its job; those that cannot be judged get their rows on the way."""
        while waiting:
            submission = waiting.popleft()
            reason = submission.refused
            if not reason:
                try:
                    source = read_submission(submission.path, allow_symlink=False)
                except SubmissionFileError as exc:
                    reason = exc.reason
            if reason:
                on_row(refused_row(submission.person, submission.file, submission.question, reason))
                continue
            job = {"person": submission.person, "file": submission.file, "question": submission.question, "source": source}
            return submission, {**job, "seed": fresh_seed() if seed is None else seed}
        return None

    while waiting or again or flying:
        while again and len(flying) < backend.capacity:
            launch([again.popleft()], 2)
        while waiting and not again and len(flying) < backend.capacity:
            batch = []
            while len(batch) < size and (item := next_job()) is not None:
                batch.append(item)
            if batch:
                launch(batch, 1)
        if not flying:
            continue
        future = _next_done(done)
        batch, tries = flying.pop(future)
        try:
            rows = backend.collect(future)
        except WorkerDied as exc:
            if tries < 2:
                again.extend(batch)
                continue
            rows = [refused_row(s.person, s.file, s.question, f"{exc}, twice: not judged") for s, _ in batch]
        except Exception as exc:  # noqa: BLE001 - a lost cluster, a task that could not start: a reason, and on
            rows = [refused_row(s.person, s.file, s.question, f"not judged: {type(exc).__name__}: {exc}") for s, _ in batch]
        for row in rows:
            on_row(row)
