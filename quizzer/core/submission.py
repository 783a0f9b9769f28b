"""Reading a submitted file: a regular file of at most 1 MiB, or a one-line reason why not.

(The smallest version of shared interface 1, owned by the `edges` engineer: `grade` needs it now.)
"""

from __future__ import annotations

import os
import stat

MAX_BYTES = 1 << 20


class SubmissionFileError(Exception):
    """The file cannot be a submission; the message is one line saying why."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a plain file"


def read_submission(path, *, allow_symlink: bool = True) -> bytes:
    """The bytes of the submission at `path`; `SubmissionFileError` when it is not a regular file of at
    most 1 MiB (or is a symlink, unless `allow_symlink`), or cannot be read.

    Looks before it opens (a device or a pipe is never opened) and checks the opened file again
    (it may have been swapped in between); reads at most one byte past the limit.
    """
    try:
        info = os.stat(path) if allow_symlink else os.lstat(path)
    except OSError as exc:
        raise SubmissionFileError(f"cannot read it: {exc.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise SubmissionFileError("a symlink (not followed)")
    if not stat.S_ISREG(info.st_mode):
        raise SubmissionFileError(f"not a regular file ({_kind(info.st_mode)})")
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if allow_symlink else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise SubmissionFileError(f"cannot read it: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SubmissionFileError("not a regular file (it changed while being read)")
        try:
            data = file.read(MAX_BYTES + 1)
        except OSError as exc:
            raise SubmissionFileError(f"cannot read it: {exc.strerror}") from None
    if len(data) > MAX_BYTES:
        raise SubmissionFileError("larger than 1 MiB")
    return data
