"""`read_submission`: a regular file of at most 1 MiB, or one line saying why not (shared by submit and grade)."""

from __future__ import annotations

import os
import socket
import threading

import pytest

from quizzer.core.submission import MAX_BYTES, SubmissionFileError, read_submission


def refusal(path, **kwargs) -> str:
    with pytest.raises(SubmissionFileError) as caught:
        read_submission(path, **kwargs)
    assert "\n" not in caught.value.reason
    return caught.value.reason


def test_a_regular_file_is_read_whole_up_to_the_limit(tmp_path):
    exact = tmp_path / "a.py"
    exact.write_bytes(b"x" * MAX_BYTES)
    assert read_submission(exact) == b"x" * MAX_BYTES
    exact.write_bytes(b"x" * (MAX_BYTES + 1))
    assert refusal(exact) == "larger than 1 MiB (1.0 MiB)"


def test_a_symlink_is_followed_unless_refused(tmp_path):
    target, link = tmp_path / "real.py", tmp_path / "link.py"
    target.write_bytes(b"print(1)\n")
    link.symlink_to(target)
    assert read_submission(link) == b"print(1)\n"
    assert refusal(link, allow_symlink=False) == "a symlink (not followed here)"
    assert read_submission(target, allow_symlink=False) == b"print(1)\n"


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "f.py"
    os.mkfifo(fifo)
    outcome = []
    reader = threading.Thread(target=lambda: outcome.append(refusal(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=20)  # a blocking open would wait here for good
    if reader.is_alive():
        with open(fifo, "wb"):  # release the reader before failing
            pass
        pytest.fail("read_submission blocked on a FIFO")
    assert outcome == ["not a regular file (a FIFO)"]


def test_special_files_missing_files_and_sockets_are_named(tmp_path):
    assert refusal("/dev/zero") == "not a regular file (a character device)"
    assert refusal(tmp_path) == "not a regular file (a directory)"
    assert refusal(tmp_path / "missing.py") == "no such file"
    path = tmp_path / "s.py"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        assert refusal(path) == "not a regular file (a socket)"
    finally:
        server.close()
