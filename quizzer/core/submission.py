"""Reading a submitted file: a regular file (or a symlink to one) of at most 1 MiB, or a one-line reason why not.

Checked before anything is judged, so a FIFO, a device or a huge file never reaches the judge
or the progress database. (Shared interface 1; this is the shell branch's minimal version.)
"""

from __future__ import annotations

import os
import stat

MAX_BYTES = 1 << 20


class SubmissionFileError(Exception):
    """Why a file cannot be judged, in one line ("not a regular file", "larger than 1 MiB", ...)."""

    @property
    def reason(self) -> str:
        """The one-line reason."""
        return str(self.args[0])


def read_submission(path: str | os.PathLike, *, allow_symlink: bool = True) -> bytes:
    """The file's bytes, after checking it is a regular file (a symlink to one if allowed) of at most 1 MiB."""
    try:
        if not allow_symlink and os.path.islink(path):
            raise SubmissionFileError("a symlink (not followed here)")
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise SubmissionFileError("no such file") from None
    except OSError as exc:
        raise SubmissionFileError(f"unreadable: {exc.strerror or exc}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
        os.close(fd)
        raise SubmissionFileError("not a regular file" if not stat.S_ISREG(info.st_mode) else "larger than 1 MiB")
    with os.fdopen(fd, "rb") as file:
        try:
            data = file.read(MAX_BYTES + 1)
        except OSError as exc:
            raise SubmissionFileError(f"unreadable: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise SubmissionFileError("larger than 1 MiB (it grew while being read)")
    return data
