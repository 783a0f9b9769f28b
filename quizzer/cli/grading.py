"""`quizzer grade`: judge a class's submissions on a local pool or a Dask cluster; records nothing."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from quizzer.cli.common import EXIT_INTERRUPTED, EXIT_NO, EXIT_OK, UsageError, seed


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def register(commands) -> None:
    """Add this module's commands to the parser."""
    p = commands.add_parser("grade", help="judge every DIR/<person>/<question-id>.py (records nothing in your progress)")
    p.add_argument("dir", nargs="?", metavar="DIR", help="one folder per person, one <question-id>.py per question")
    p.add_argument("--manifest", metavar="FILE.csv", help="instead of DIR: a CSV with columns person, question, file")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_count, metavar="N", help="local worker processes (default: the number of cores)")
    where.add_argument("--scheduler", metavar="ADDR", help="a running Dask scheduler, e.g. tcp://host:8786")
    where.add_argument("--dask-local", type=_count, metavar="N", help="start a local Dask cluster of N worker processes")
    p.add_argument("--out", metavar="F.jsonl", help="JSON lines, one per submission, written as each is judged")
    p.add_argument("--junit", metavar="F.xml", help="JUnit XML, one test case per submission")
    p.add_argument("--csv", metavar="F.csv", help="CSV, one row per person and question")
    p.add_argument("--resume", action="store_true", help="skip the submissions already in --out")
    p.add_argument("--seed", type=seed, metavar="N", help="the same hidden inputs for every submission (to compare runs exactly)")
    p.set_defaults(run=cmd_grade)


def _submissions(args, bank):
    from quizzer.core.grade import GradeError, collect, read_manifest

    if (args.dir is None) == (args.manifest is None):
        raise UsageError("give DIR or --manifest FILE.csv" + (", not both" if args.dir else ""))
    try:
        if args.manifest:
            return read_manifest(Path(args.manifest), bank)
        if not Path(args.dir).is_dir():
            raise UsageError(f"{args.dir} is not a folder (expected DIR/<person>/<question-id>.py)")
        return collect(Path(args.dir), bank)
    except GradeError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot read {args.dir}: {exc.strerror}") from None


def _backend(args):
    from quizzer.core.grade import Dask, GradeError, Pool

    if args.scheduler or args.dask_local:
        try:
            return Dask(scheduler=args.scheduler, local=args.dask_local)
        except GradeError as exc:
            raise UsageError(str(exc)) from None
    return Pool(args.workers or len(os.sched_getaffinity(0)))


def _previous(args) -> list[dict]:
    from quizzer.core.gradebook import ResultsFileError, read_rows, writable

    if args.resume and not args.out:
        raise UsageError("--resume continues the results in --out F.jsonl: give it")
    for path in filter(None, (args.out, args.junit, args.csv)):
        problem = writable(Path(path))
        if problem:
            raise UsageError(problem)
    if not args.resume:
        return []
    try:
        return read_rows(Path(args.out))
    except ResultsFileError as exc:
        raise UsageError(str(exc)) from None


def cmd_grade(args) -> int:
    """Judge every submission, write the results as they come, then the summary tables."""
    from quizzer.cli.common import load_bank
    from quizzer.core import gradebook
    from quizzer.core.grade import grade

    submissions = _submissions(args, load_bank())
    previous = _previous(args)
    done = {(row["person"], row["file"]) for row in previous}
    todo = [s for s in submissions if gradebook.stored_key(s.key) not in done]
    if not submissions and not previous:
        raise UsageError(f"no submissions in {args.dir or args.manifest} (expected DIR/<person>/<question-id>.py)")
    try:
        writer = gradebook.RowWriter(Path(args.out), append=args.resume) if args.out else None
    except OSError as exc:
        raise UsageError(f"cannot write {args.out}: {exc.strerror}") from None
    rows = list(previous)
    interrupted = False
    backend = _backend(args) if todo else None
    try:
        with _Progress(len(todo)) as progress:

            def on_row(row: dict) -> None:
                rows.append(row)
                if writer:
                    writer.write(row)
                progress.advance(gradebook.outcome(row))

            if backend is not None:
                grade(todo, backend, args.seed, on_row)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if backend is not None:
            backend.close(interrupted=interrupted)
        if writer:
            writer.close()
    if interrupted:
        kept = f"the {len(rows) - len(previous)} judged are in {args.out}: --resume goes on" if args.out else "nothing kept (no --out)"
        print(f"quizzer: interrupted; {kept}", file=sys.stderr)
        return EXIT_INTERRUPTED
    if args.junit:
        gradebook.write_junit(rows, Path(args.junit))
    if args.csv:
        gradebook.write_csv(rows, Path(args.csv))
    _print_summary(rows)
    return EXIT_NO if any(row["verdict"] is None for row in rows) else EXIT_OK


class _Progress:
    """A rich progress bar on stderr with a count per verdict; silent when stderr is not a terminal."""

    def __init__(self, total: int):
        from collections import Counter

        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(stderr=True)
        self.counts: Counter = Counter()
        self.progress = Progress(
            TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), TextColumn("{task.description}"), console=console, disable=not console.is_terminal
        )
        self.task = self.progress.add_task("", total=total)

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def advance(self, outcome: str) -> None:
        """One more submission done, with this verdict (or "refused")."""
        self.counts[outcome] += 1
        self.progress.update(self.task, advance=1, description="  ".join(f"{name} {n}" for name, n in sorted(self.counts.items())))


def _print_summary(rows: list[dict]) -> None:
    """A table per question and one per person (submitted, accepted, what the others got), then every refusal with its reason."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from quizzer.core.gradebook import tally
    from quizzer.core.text import visible
    from quizzer.core.verdicts import verdict_label

    console = Console()
    for by in ("question", "person"):
        table = Table(title=f"by {by}", title_justify="left")
        table.add_column(by, no_wrap=True)
        table.add_column("submitted", justify="right")
        table.add_column("accepted", justify="right")
        table.add_column("not accepted")
        for key, counts in tally(rows, by).items():
            others = ", ".join(f"{n} {verdict_label(name)}" for name, n in counts.most_common() if name != "accepted")
            table.add_row(Text(visible(key)), str(counts.total()), str(counts["accepted"]), others)
        console.print(table)
    refused = [row for row in rows if row["verdict"] is None]
    if refused:
        table = Table(title="not judged", title_justify="left")
        table.add_column("file")
        table.add_column("reason")
        for row in sorted(refused, key=lambda row: (row["person"], row["file"])):
            table.add_row(Text(visible(row["file"])), Text(visible(row["refused"])))
        console.print(table)
