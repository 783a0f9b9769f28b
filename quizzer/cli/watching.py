"""`quizzer watch`: judge a file on every save, rustlings-style.

The file's folder is watched (not the file: an editor that writes a new file and renames it over
the old one replaces the inode a file watch would follow), and only changes to the file count.
watchfiles groups a burst of changes (an editor's write, chmod and rename) into one batch, so one
save is one run. The watcher is started before the first run, so a save made while a run is
judging is not lost: it starts the next run.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from quizzer.cli.common import NotJudged, judge_source

QUIET_MS = 150  # a save is over once the file has been left alone this long
CLEAR = "\033[H\033[2J\033[3J"


class Watcher:
    """Judges `file` for a coding question now and after every save; `run()` returns only by Ctrl-C."""

    def __init__(self, task, question, file: str) -> None:
        """`task` is the JudgeTask, `question` the bank's Question (hints, title)."""
        self.task = task
        self.question = question
        self.file = file
        given = Path(os.path.abspath(file))
        # The path as given and, for a symlink, the file it points to: a save to either counts.
        self.targets = {given, Path(os.path.realpath(given))}
        self.runs = 0
        self.tty = sys.stdout.isatty()

    def run(self) -> None:
        """Watch until interrupted (KeyboardInterrupt propagates to the caller)."""
        from watchfiles import watch

        folders = sorted({str(target.parent) for target in self.targets})
        first = True
        # rust_timeout + yield_on_timeout: the first (empty) batch comes once the watcher is up,
        # and starts the first run; later empty batches are only the watcher's heartbeat.
        for changes in watch(*folders, watch_filter=self._concerns, step=QUIET_MS, rust_timeout=100, yield_on_timeout=True, recursive=False):
            if changes or first:
                first = False
                self.judge_once()

    def _concerns(self, change, path: str) -> bool:
        return Path(path) in self.targets

    def _show(self, text: str) -> None:
        if self.tty:
            sys.stdout.write(CLEAR)
        print(text, flush=True)

    def judge_once(self) -> None:
        """One run: read the file, the visible tests first, then every test (recorded, as `submit` does)."""
        from quizzer.cli.common import UsageError, read_source
        from quizzer.core.render import verdict_text

        self.runs += 1
        header = f"quizzer watch {self.question.id} {self.file} · run {self.runs} at {time.strftime('%H:%M:%S')}"
        try:
            source = read_source(self.file)
        except UsageError as exc:
            self._show(f"{header}\n\n{exc}\nwaiting for it to be saved again (Ctrl-C stops)")
            return
        self._show(f"{header}\n\njudging the visible tests…" if self.tty else header)
        try:
            examples = judge_source(self.task, source, visible_only=True)
            if self.tty:  # shown until the whole verdict replaces it
                self._show(f"{header}\n\nvisible tests:\n{verdict_text(examples)}\n\njudging the hidden tests…")
            else:  # a log keeps every line: one for the visible tests, then the whole verdict
                print(f"visible tests: {examples.verdict.value}, {examples.passed}/{examples.total} passed; judging the hidden tests…", flush=True)
            result = judge_source(self.task, source)
        except (NotJudged, UsageError) as exc:
            self._show(f"{header}\n\n{exc}\nwaiting for the next save (Ctrl-C stops)")
            return
        from quizzer.core.attempts import record_in_store

        notice, problem = record_in_store(None, self.question.id, result, source)
        lines = ([header, ""] if self.tty else []) + [verdict_text(result), ""]  # a log has the header already
        lines += [f"quizzer: {line}" for line in (notice, problem) if line]
        lines.append(self._advice(result.verdict == "accepted"))
        lines.append(f"watching {self.file}: save to judge again, Ctrl-C to stop")
        self._show("\n".join(lines))

    def _advice(self, accepted: bool) -> str:
        """What to do next: after a solve, the walkthrough and the next question; else the next hint."""
        from quizzer.core.store import Store

        qid = self.question.id
        if accepted:
            return f"Solved. The walkthrough: quizzer show {qid} --walkthrough · what next: quizzer next"
        total = len(self.question.spec.hints)
        try:
            with Store() as store:
                revealed = min(store.hints_revealed(qid), total)
        except OSError:
            revealed = 0
        if revealed < total:
            return f"Stuck? quizzer hint {qid} (hint {revealed + 1} of {total})"
        return f"No hints left: quizzer give-up {qid} shows the walkthrough"
