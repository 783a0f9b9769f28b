"""The results of `quizzer grade`: JSON lines as they arrive, then JUnit, CSV and a tally.

A row is the `submit --json` object plus `person` and `file`; a submission that was not judged has
`"verdict": null` and `"refused": "<reason>"`. Everything here is plain data and files: the CLI
draws the tables.

Names, messages and outputs in the rows come from strangers (folder names, what a submission
raised): the JUnit and CSV writers pass them through `text.visible`, and the CSV writer keeps a
cell from starting like a spreadsheet formula.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

from quizzer.core.text import json_safe, visible

REFUSED = "refused"


class ResultsFileError(Exception):
    """The --out file to resume is not a grade results file: one line, and it is left as it was."""


def refused_row(person: str, file: str, question: str, reason: str) -> dict:
    """The row of a submission that was not judged."""
    return {"person": person, "file": file, "question": question, "verdict": None, "refused": reason}


def outcome(row: dict) -> str:
    """A row's verdict, or "refused"."""
    return row["verdict"] or REFUSED


def read_rows(path: Path) -> list[dict]:
    """The rows already in a results file (none when it does not exist), for --resume.

    A last line cut short (the run was killed while writing it) is dropped from the file: its
    submission is judged again. Anything else that is not a row is a ResultsFileError.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise ResultsFileError(f"cannot read {path}: {exc.strerror}") from None
    complete = data[: data.rfind(b"\n") + 1]
    rows = []
    for number, line in enumerate(complete.splitlines(), start=1):
        try:
            row = json.loads(line)
        except ValueError:
            row = None
        if not (type(row) is dict and type(row.get("person")) is str and type(row.get("file")) is str and "verdict" in row):
            raise ResultsFileError(f"{path} line {number} is not a row of `quizzer grade` results: not resuming from it")
        rows.append(row)
    if len(complete) < len(data):
        with open(path, "r+b") as file:
            file.truncate(len(complete))
    return rows


class RowWriter:
    """Appends rows to a JSON lines file, each flushed as it is written (Ctrl-C keeps them)."""

    def __init__(self, path: Path, append: bool):
        self.file = open(path, "a" if append else "w", encoding="ascii")  # json.dumps escapes the rest

    def write(self, row: dict) -> None:
        """One row, one line, on disk now (lone surrogates of undecodable names as U+FFFD, as strict parsers need)."""
        self.file.write(json.dumps(json_safe(row)) + "\n")
        self.file.flush()

    def close(self) -> None:
        """Close the file."""
        self.file.close()


def stored_key(key: tuple[str, str]) -> tuple[str, str]:
    """A submission's (person, file) as its row in a results file has it (see `RowWriter.write`)."""
    return json_safe(key[0]), json_safe(key[1])


def ordered(rows: list[dict]) -> list[dict]:
    """Rows by person, then question, then file."""
    return sorted(rows, key=lambda row: (row["person"], row.get("question") or "", row["file"]))


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text) -> str:
    return _NOT_XML.sub("\ufffd", visible(str(text)))


def _summary(row: dict) -> str:
    if row["verdict"] is None:
        return f"refused: {row['refused']}"
    return f"{row['verdict']}: {row['passed']}/{row['total']} tests passed"


def write_junit(rows: list[dict], path: Path) -> None:
    """JUnit XML: a testsuite per person, a testcase per submission, a failure for anything but accepted."""
    root = ElementTree.Element("testsuites", name="quizzer grade")
    by_person: dict[str, list[dict]] = {}
    for row in ordered(rows):
        by_person.setdefault(row["person"], []).append(row)
    for person, theirs in by_person.items():
        failures = sum(row["verdict"] != "accepted" for row in theirs)
        seconds = sum(row.get("time_ms", 0) for row in theirs) / 1000
        suite = ElementTree.SubElement(root, "testsuite", name=_xml(person), tests=str(len(theirs)), failures=str(failures), errors="0", time=f"{seconds:.3f}")
        for row in theirs:
            case = ElementTree.SubElement(
                suite, "testcase", classname=_xml(person), name=_xml(row.get("question") or row["file"]), file=_xml(row["file"]), time=f"{row.get('time_ms', 0) / 1000:.3f}"
            )
            if row["verdict"] != "accepted":
                failure = ElementTree.SubElement(case, "failure", type=outcome(row), message=_xml(_summary(row)))
                details = [row.get("message") or row.get("refused") or ""]
                details += [f"FAIL [{t['visibility']}] {t['name']}: {t['message']}" for t in row.get("tests", []) if t["status"] == "fail"]
                failure.text = _xml("\n".join(filter(None, details)))
    ElementTree.indent(root)
    ElementTree.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


CSV_COLUMNS = ("person", "question", "verdict", "passed", "total", "seed", "time_ms", "message", "refused", "file")


def _cell(value) -> str:
    """A cell a spreadsheet shows as text: visible characters, and never the start of a formula."""
    text = "" if value is None else visible(str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(rows: list[dict], path: Path) -> None:
    """CSV, one row per person and question, for spreadsheets."""
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(CSV_COLUMNS)
        for row in ordered(rows):
            writer.writerow([_cell(row.get(column)) for column in CSV_COLUMNS])


def tally(rows: list[dict], by: str) -> dict[str, Counter]:
    """For each person (`by="person"`) or question, how many submissions got each verdict (or "refused")."""
    counts: dict[str, Counter] = {}
    for row in ordered(rows):
        counts.setdefault(row.get(by) or "", Counter())[outcome(row)] += 1
    return dict(sorted(counts.items()))


def writable(path: Path) -> str:
    """Why `path` cannot be written ("" when it can): checked before hours of judging, not after."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        return f"{path} is a directory"
    if not folder.is_dir():
        return f"no folder {folder} to write {path.name} in"
    if not os.access(folder, os.W_OK):
        return f"cannot write in {folder}"
    return ""
