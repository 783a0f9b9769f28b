"""Reading a submitted file: a regular file of at most 1 MiB, or a one-line reason why not.

What is judged, and stored in the progress database, is a person's source file.
Anything else is refused before any judging: a FIFO would block the reader for
good, `/dev/zero` would be read until memory runs out, a 20 MB file would be
judged and stored whole. The checks are made on the open file (`fstat`), so the
path cannot be swapped between the check and the read, and the open itself never
blocks (`O_NONBLOCK`: opening a FIFO with no writer waits otherwise).
"""

from __future__ import annotations

import errno
import os
import stat

MAX_BYTES = 1 << 20

_KINDS = {stat.S_IFDIR: "a directory", stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket"}


class SubmissionFileError(Exception):
    """Why a file cannot be judged, in one line ("not a regular file (a FIFO)", "larger than 1 MiB", ...)."""

    @property
    def reason(self) -> str:
        """The one-line reason."""
        return str(self.args[0])


def read_submission(path: str | os.PathLike, *, allow_symlink: bool = True) -> bytes:
    """The bytes of the regular file at `path`, at most `MAX_BYTES` of them; `SubmissionFileError` otherwise.

    A symlink to a regular file is followed unless `allow_symlink` is False (batch
    grading of strangers' folders), when a symlink itself is refused.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if allow_symlink else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not allow_symlink and os.path.islink(path):  # O_NOFOLLOW's ELOOP
            raise SubmissionFileError("a symlink (not followed here)") from None
        if exc.errno == errno.ENOENT:
            raise SubmissionFileError("no such file") from None
        try:  # a socket cannot be opened at all (ENXIO): say what it is
            _require_regular(os.stat(path).st_mode)
        except OSError:
            pass
        raise SubmissionFileError(f"unreadable: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        _require_regular(info.st_mode)
        if info.st_size > MAX_BYTES:
            raise SubmissionFileError(f"larger than 1 MiB ({_size(info.st_size)})")
        chunks, size = [], 0
        while size <= MAX_BYTES:  # the file may grow after fstat: read one byte past the limit at most
            chunk = os.read(fd, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise SubmissionFileError(f"unreadable: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if size > MAX_BYTES:
        raise SubmissionFileError("larger than 1 MiB (it grew while being read)")
    return b"".join(chunks)


def _require_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise SubmissionFileError(f"not a regular file ({_KINDS.get(stat.S_IFMT(mode), 'a special file')})")


def _size(count: int) -> str:
    return f"{count / (1 << 20):.1f} MiB"

