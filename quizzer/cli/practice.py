"""Commands for practising from the shell, on the same store, judge and review rules as the app:
test, watch, hint, give-up, next, status, answer."""

from __future__ import annotations

import sys
import time
from datetime import datetime, timezone

from quizzer.cli.common import EXIT_INTERRUPTED, EXIT_NO, EXIT_OK, NotJudged, UsageError, find_question, judge_source, judge_task, load_bank, open_store, print_markdown, print_result, read_source


def register(commands) -> None:
    """Add this module's commands to the parser."""
    p = commands.add_parser("test", help="run a file on the visible examples only (records nothing)")
    p.add_argument("id")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the result as `submit --json` does")
    p.set_defaults(run=cmd_test)

    p = commands.add_parser("watch", help="judge a file now and after every save, until Ctrl-C")
    p.add_argument("id")
    p.add_argument("file")
    p.set_defaults(run=cmd_watch)

    p = commands.add_parser("hint", help="print the next hint not yet revealed")
    p.add_argument("id")
    p.set_defaults(run=cmd_hint)

    p = commands.add_parser("give-up", help="give up on a question and read its walkthrough")
    p.add_argument("id")
    p.add_argument("--yes", action="store_true", help="do not ask")
    p.set_defaults(run=cmd_give_up)

    p = commands.add_parser("next", help="what to do now: a due review, else the next unsolved question")
    p.set_defaults(run=cmd_next)

    p = commands.add_parser("status", help="progress: solved, attempted, due, by topic, streak")
    p.set_defaults(run=cmd_status)

    p = commands.add_parser("answer", help="answer a concept, choice or numeric question here")
    p.add_argument("id")
    p.set_defaults(run=cmd_answer)


# -- test and watch -------------------------------------------------------------------


def cmd_test(args) -> int:
    """Judge FILE on the visible tests only, show each with what was expected and what came; record nothing."""
    task = judge_task(args.id)
    source = read_source(args.file)
    try:
        result = judge_source(task, source, visible_only=True)
    except NotJudged as exc:
        print(f"quizzer: {exc}", file=sys.stderr)
        return EXIT_NO
    print_result(result, args.json, show_visible=True)
    if args.json:
        return EXIT_OK if result.verdict == "accepted" else EXIT_NO
    examples_ok = _print_examples(args.id, source)
    return EXIT_OK if result.verdict == "accepted" and examples_ok else EXIT_NO


def _print_examples(question_id: str, source: bytes) -> bool:
    """Run the question's examples on the file and print what it printed beside what the question shows.

    True when they all match (or there are none to run)."""
    try:
        from quizzer.core.examples import run_examples
    except ImportError:  # the examples runner (content's interface 5) is not on this branch yet
        return True
    from quizzer.core.text import visible, visible_line

    runs = run_examples(find_question(question_id), source)
    if runs:
        print()
    for number, run in enumerate(runs, 1):
        if run.matches:
            print(f"example {number}: prints what the question shows")
            continue
        print(f"example {number}: prints something else")
        print("  " + run.code.strip().replace("\n", "\n  "))
        print("  the question shows:\n    " + run.shown.strip().replace("\n", "\n    "))
        print("  your file printed:\n    " + visible(run.printed.strip()).replace("\n", "\n    "))
        if run.error:
            print(f"  and stopped: {visible_line(run.error)}")
    return all(run.matches for run in runs)


def cmd_watch(args) -> int:
    """Judge FILE now and after every save (a burst of saves is one run) until Ctrl-C; every run is recorded."""
    from quizzer.cli.watching import Watcher

    task = judge_task(args.id)
    read_source(args.file)  # a file that cannot be judged is a usage error before watching starts
    question = find_question(args.id)
    try:
        Watcher(task, question, args.file).run()
    except KeyboardInterrupt:
        print("\nstopped watching")
    return EXIT_OK


# -- hints and the walkthrough ----------------------------------------------------------


def cmd_hint(args) -> int:
    """Reveal and record the next hint; say so when none are left."""
    from quizzer.core.practice import reveal_hint
    from quizzer.core.text import render_markdown_math

    question = find_question(args.id)
    total = len(question.spec.hints)
    with open_store() as store:
        hint = reveal_hint(store, question)
    if hint is None:
        print(f"No more hints for {question.id}: all {total} are out. {walkthrough_advice(question)}")
        return EXIT_NO
    print_markdown(f"**Hint {hint.number} of {total}.** {render_markdown_math(hint.text)}")
    if hint.left:
        print(f"{hint.left} more: quizzer hint {question.id}")
    else:
        print(f"That was the last hint. {walkthrough_advice(question)}")
    return EXIT_OK


def walkthrough_advice(question) -> str:
    """How to read the question's walkthrough (it opens once solved or given up)."""
    return f"The walkthrough: quizzer show {question.id} --walkthrough, once solved, or quizzer give-up {question.id}."


def cmd_give_up(args) -> int:
    """Ask, record the give-up (reviewed as Again, as in the app), then show the walkthrough."""
    from quizzer.cli.browse import show_walkthrough
    from quizzer.core import review

    question = find_question(args.id)
    with open_store() as store:
        if review.walkthrough_open(store, question.id):
            return show_walkthrough(question)
        if not args.yes:
            try:
                reply = input(f"Give up on {question.id} and read the walkthrough? It comes back for review soon. [y/N] ")
            except EOFError:
                reply = ""
                print()
            except KeyboardInterrupt:
                print("\nnothing recorded")
                return EXIT_INTERRUPTED
            if reply.strip().lower() not in ("y", "yes"):
                print("nothing recorded; keep going")
                return EXIT_NO
        review.give_up(store, question.id)
    return show_walkthrough(question)


# -- next and status ------------------------------------------------------------------


def cmd_next(args) -> int:
    """Name what to do now, and the command for it."""
    from pathlib import Path

    from quizzer.core import practice
    from quizzer.core.progress import ago, until

    bank = load_bank()
    now = datetime.now(timezone.utc)
    with open_store() as store:
        step = practice.next_step(bank, store, now)
        soonest = practice.next_review(store)
    if step is None:
        print("Everything is solved and nothing is due.", end=" ")
        if soonest is not None:
            print(f"Next review: {soonest[0]}, {until(soonest[1], now)}.")
        return EXIT_OK
    question, spec = step.question, step.question.spec
    if step.reason == "due":
        why = f"review due since {ago(step.due_since.timestamp(), now).replace('just now', 'a moment')}"
    else:
        why = f"{step.reason} · {'from the interview notes' if practice.from_notes(question) else 'next on the path'}"
    print(f"next: {question.id}  {spec.title}")
    print(f"  {why} · {spec.topic} · {spec.kind.value} · {spec.difficulty.value}")
    if spec.kind.value != "coding":
        print(f"  quizzer answer {question.id}")
        return EXIT_OK
    file = Path(f"{question.id.replace('-', '_')}.py")
    if file.exists():
        print(f"  quizzer watch {question.id} {file}   (your file is here; quizzer start {question.id} --reset starts over)")
    else:
        print(f"  quizzer start {question.id} && quizzer watch {question.id} {file}")
    return EXIT_OK


def cmd_status(args) -> int:
    """A progress summary: solved, attempted and due; by difficulty and by topic; the streak."""
    from quizzer.core import practice, review
    from quizzer.core.progress import topic_progress, until
    from quizzer.core.stats import streak

    bank = load_bank()
    now = datetime.now(timezone.utc)
    with open_store() as store:
        marks = store.status()
        due = [q for q in review.due(store, now) if bank.get(q) is not None]
        days = streak(store, now)
        soonest = practice.next_review(store)
    known = {q: mark for q, mark in marks.items() if bank.get(q) is not None}
    solved = sum(mark == "solved" for mark in known.values())
    attempted = sum(mark == "attempted" for mark in known.values())
    total = len(bank.questions)
    by_difficulty = []
    for level in ("easy", "medium", "hard"):
        ids = [q.id for q in bank.questions.values() if q.spec.difficulty.value == level]
        by_difficulty.append(f"{level} {sum(known.get(i) == 'solved' for i in ids)}/{len(ids)}")
    print(f"solved     {solved:>3} / {total}   {_bar(solved, total, 20)}   " + "  ".join(by_difficulty))
    print(f"attempted  {attempted:>3}        (tried, not solved yet)")
    later = f"; next: {soonest[0]} {until(soonest[1], now)}" if soonest and not due else ""
    print(f"due now    {len(due):>3}        " + ("(quizzer next)" if due else f"(nothing to review{later})"))
    print(f"streak     {days:>3} day{'s' * (days != 1)}   (days in a row with practice)")
    print()
    rows = topic_progress(bank, known)
    due_by_topic = {row.topic: sum(bank.get(q).spec.topic == row.topic for q in due) for row in rows}
    width = max((len(row.topic) for row in rows), default=5)
    print(f"{'topic':<{width}}  {'solved':<17}  attempted  due")
    for row in rows:
        print(f"{row.topic:<{width}}  {_bar(row.solved, row.total, 10)} {row.solved:>2}/{row.total:<3}  {row.attempted:>9}  {due_by_topic[row.topic]:>3}")
    return EXIT_OK


def _bar(done: int, total: int, width: int) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


# -- answering --------------------------------------------------------------------------


def cmd_answer(args) -> int:
    """Answer a concept, choice or numeric question from standard input, then grade it as the app does."""
    from quizzer.core.render import question_markdown

    question = find_question(args.id)
    kind = question.spec.kind.value
    if kind == "coding":
        raise UsageError(f"{question.id!r} is a coding question: quizzer start {question.id}, then quizzer watch (or submit)")
    with open_store() as store:
        print_markdown(question_markdown(question, with_hints=store.hints_revealed(question.id)))
        print()
        started = time.monotonic()
        if kind == "concept":
            return _answer_concept(store, question)
        return _answer_checked(store, question, started)


def _read_line(prompt: str) -> str | None:
    """One line from standard input (None at its end); the prompt goes to stderr, so a piped stdout stays the answer's."""
    print(prompt, end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    if not line:
        print(file=sys.stderr)
        return None
    return line.rstrip("\n")


def _answer_concept(store, question) -> int:
    from quizzer.core import review
    from quizzer.core.progress import until
    from quizzer.core.text import render_markdown_math

    spec = question.spec
    print("Your answer (finish with an empty line, or Ctrl-D):", file=sys.stderr, flush=True)
    lines = []
    while (line := sys.stdin.readline()) and line.strip():
        lines.append(line.rstrip("\n"))
    answer = "\n".join(lines)
    rubric = "\n".join(f"- [ ] {render_markdown_math(point)}" for point in spec.rubric)
    print_markdown(f"## Model answer\n\n{render_markdown_math(spec.model_answer.strip())}\n\n## Rubric: what a good answer covers\n\n{rubric}")
    while True:
        reply = _read_line("Grade yourself: 1 Again, 2 Hard, 3 Good, 4 Easy: ")
        if reply is None:
            if answer:
                store.save_draft(question.id, answer)
            print(f"not graded, nothing recorded{' (your answer is kept as the draft the app opens)' if answer else ''}")
            return EXIT_NO
        if reply.strip() in ("1", "2", "3", "4"):
            break
        print("type 1, 2, 3 or 4", file=sys.stderr)
    rating = int(reply)
    due = review.self_grade(store, question.id, rating, answer)
    store.clear_draft(question.id)
    print(f"graded {review.RATING_NAMES[rating]}; next review {until(due, datetime.now(timezone.utc))}")
    return EXIT_OK


def _answer_checked(store, question, started: float) -> int:
    """Choice and numeric: read until the answer parses, grade it, record it, show why."""
    from quizzer.core import review
    from quizzer.core.progress import until

    spec = question.spec
    prompt = f"Your answer ({'letters, e.g. A,C' if getattr(spec, 'multiple', False) else 'one letter'}): " if spec.kind.value == "choice" else "Your answer: "
    while True:
        reply = _read_line(prompt)
        if reply is None:
            print("no answer, nothing recorded")
            return EXIT_NO
        try:
            correct, answer, feedback = _check_choice(spec, reply) if spec.kind.value == "choice" else _check_numeric(spec, reply)
            break
        except ValueError as exc:
            print(f"{exc}; try again", file=sys.stderr)
    duration_ms = int((time.monotonic() - started) * 1000)
    _, due = review.record_answer(store, question.id, correct, answer, duration_ms)
    print("Right." if correct else "Not quite.")
    print_markdown(feedback)
    print(f"next review {until(due, datetime.now(timezone.utc))}; the walkthrough: quizzer show {question.id} --walkthrough")
    return EXIT_OK if correct else EXIT_NO


def _check_choice(spec, reply: str) -> tuple[bool, str, str]:
    """(right?, the answer as stored, the feedback as Markdown); ValueError for letters that are no option."""
    from quizzer.core.practice import choice_answer
    from quizzer.core.render import option_labels
    from quizzer.core.text import render_markdown_math

    labels = option_labels(len(spec.options))
    picked = [part for part in reply.replace(",", " ").upper().split() if part]
    if len(picked) == 1 and len(picked[0]) > 1 and picked[0].isalpha():
        picked = list(picked[0])  # "AC" is A and C
    wrong = [part for part in picked if part not in labels]
    if not picked or wrong:
        raise ValueError(f"answer with the options' letters ({', '.join(labels)})")
    chosen = {labels.index(part) for part in picked}
    correct, answer = choice_answer(spec, chosen)
    lines = []
    for i, (label, option) in enumerate(zip(labels, spec.options)):
        yours = " *(your pick)*" if i in chosen else ""
        lines.append(f"- {'✓' if option.correct else '✗'} **{label}.** {render_markdown_math(option.text)}{yours}  \n  {render_markdown_math(option.why)}")
    return correct, answer, "\n".join(lines)


def _check_numeric(spec, reply: str) -> tuple[bool, str, str]:
    from quizzer.core.answers import parse_number

    value = parse_number(reply)
    unit = f" {spec.unit}" if spec.unit else ""
    return spec.is_right(value), reply.strip(), f"The answer is **{spec.answer:g}{unit}** (± {spec.tolerance:g}); you said {value:g}{unit}."
