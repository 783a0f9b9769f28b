"""Commands that run the judge: submit, doctor."""

from __future__ import annotations

import json
import sys

from quizzer.cli.common import EXIT_NO, EXIT_OK, NotJudged, judge_source, judge_task, print_result, read_source, seed


def register(commands) -> None:
    """Add this module's commands to the parser."""
    p = commands.add_parser("submit", help="judge a file and record the attempt")
    p.add_argument("id")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.add_argument("--seed", type=seed, help="draw the hidden inputs from this seed (to reproduce a failure)")
    p.set_defaults(run=cmd_submit)

    p = commands.add_parser("doctor", help="report which sandbox protections this machine gives (exit 1 if a required one is missing)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_doctor)


def cmd_submit(args) -> int:
    """Judge a file, print the verdict, record the attempt; the exit code is the verdict's."""
    question = judge_task(args.id)
    source = read_source(args.file)
    try:
        result = judge_source(question, source, seed=args.seed)
    except NotJudged as exc:
        print(f"quizzer: {exc}", file=sys.stderr)
        return EXIT_NO
    try:
        print_result(result, args.json)
    except BrokenPipeError:
        pass  # the reader has gone (`| head`, `| true`): the verdict still stands, and is still recorded
    finally:
        from quizzer.core.attempts import record_in_store

        for line in record_in_store(None, question.id, result, source):
            if line:
                print(f"quizzer: {line}", file=sys.stderr)
    return EXIT_OK if result.verdict == "accepted" else EXIT_NO


def cmd_doctor(args) -> int:
    """Report the sandbox protections a submission gets here; exit 1 when a required one is missing."""
    from quizzer.sandbox import cgroup, isolate

    report = isolate.protections()
    missing = isolate.missing_required(report)
    if args.json:
        print(json.dumps(report, indent=2))
        return EXIT_NO if missing else EXIT_OK
    for name, active in report.items():
        print(f"{'ok     ' if active else 'MISSING'}  {name:<17} {isolate.DESCRIPTIONS[name]}")
    if not report.get("cgroup"):
        print(f"cgroup: {cgroup.delegated()[1]}")
    if missing:
        print(f"warning: submissions run with weaker isolation here (missing: {', '.join(missing)}); `quizzer grade` refuses to judge")
    else:
        print("every required protection is active (second layers are extra): safe to judge strangers' code here; see docs/security.md")
    return EXIT_NO if missing else EXIT_OK
