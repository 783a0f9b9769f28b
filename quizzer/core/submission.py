"""Reading a submitted file: a regular file (or a symlink to one) of at most 1 MiB, or a one-line refusal.

Checked before anything is judged, so a FIFO, a device or a huge file never reaches the judge
or the progress database.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BYTES = 1 << 20


class SubmissionFileError(Exception):
    """The file cannot be a submission; the message is one line saying why."""


def read_submission(path: Path | str, *, allow_symlink: bool = True) -> bytes:
    """The file's bytes, after checking it is a regular file (a symlink to one if allowed) of at most 1 MiB."""
    path = Path(path)
    try:
        if not allow_symlink and path.is_symlink():
            raise SubmissionFileError(f"{path} is a symlink")
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise SubmissionFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise SubmissionFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
        os.close(fd)
        raise SubmissionFileError(f"{path} is not a regular file" if not stat.S_ISREG(info.st_mode) else f"{path} is larger than 1 MiB")
    with os.fdopen(fd, "rb") as file:
        try:
            data = file.read(MAX_BYTES + 1)
        except OSError as exc:
            raise SubmissionFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:  # it grew after the check
        raise SubmissionFileError(f"{path} is larger than 1 MiB")
    return data
