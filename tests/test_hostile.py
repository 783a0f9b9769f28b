"""Hostile submissions through the real judge: each gets its exact verdict and leaves no trace.

Every case runs with both spawners (a fork of this process, as the CLI does,
and the zygote, as the app does) against a copy of the LSTM question with
small limits. After each: the result is JSON-able, no process of the
submission is left, no file outside its temp dir changed, and the progress
store is intact.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
from pathlib import Path

import pytest

from hostile_support import (  # noqa: F401 - fixtures
    COMM,
    CORRECT,
    NAME_SELF,
    WRONG,
    _WATCHED,
    _alive,
    canary,
    history,
    leftovers,
    processes,
    question,
    run_hostile,
    spawner,
    store,
    zygote,
)
from quizzer import paths
from quizzer.core.judge import judge
from quizzer.sandbox import isolate
from quizzer.sandbox.zygote import Zygote


SIMPLE_CASES = {
    "infinite loop at import": ("while True:\n    pass\n", "time_limit_exceeded"),
    "infinite loop in the call": ("def lstm_cell_forward(x_t, h_prev, c_prev, params):\n    while True:\n        pass\n", "time_limit_exceeded"),
    "allocating without end at import": ("import numpy as np\nhog = []\nwhile True:\n    hog.append(np.ones(1 << 20))\n", "memory_limit_exceeded"),
    "allocating without end in the call": (
        "def lstm_cell_forward(x_t, h_prev, c_prev, params):\n    hog = []\n    while True:\n        hog.append(bytearray(1 << 20))\n",
        "memory_limit_exceeded",
    ),
    "exit 0 at import": ("import sys\nsys.exit(0)\n", "runtime_error"),
    "os._exit at import": ("import os\nos._exit(0)\n", "runtime_error"),
    "os._exit in the call": ("import os\ndef lstm_cell_forward(x_t, h_prev, c_prev, params):\n    os._exit(0)\n", "runtime_error"),
    "KeyboardInterrupt": ("def lstm_cell_forward(x_t, h_prev, c_prev, params):\n    raise KeyboardInterrupt\n", "runtime_error"),
    "killed by a signal": ("import os, signal\ndef lstm_cell_forward(x_t, h_prev, c_prev, params):\n    os.kill(os.getpid(), signal.SIGSEGV)\n", "runtime_error"),
    "crashing at the memory limit": (
        "import os, signal\nimport numpy as np\nhog = np.ones(int(0.95 * (128 << 20)) // 8)\nos.kill(os.getpid(), signal.SIGSEGV)\n",
        "memory_limit_exceeded",
    ),
    "monkey-patching numpy.allclose and numpy.testing": (
        "import numpy as np, numpy.testing\nnp.allclose = lambda *a, **k: True\nnp.array_equal = lambda *a, **k: True\n"
        "numpy.testing.assert_allclose = lambda *a, **k: None\n" + WRONG,
        "wrong_answer",
    ),
    "ndarray subclass that claims equality": (
        "import numpy as np\nclass Liar(np.ndarray):\n    def __eq__(self, other):\n        return True\n    __ne__ = lambda self, other: False\n"
        "def lstm_cell_forward(x_t, h_prev, c_prev, params):\n    z = np.zeros_like(h_prev).view(Liar)\n    return z, z\n",
        "wrong_answer",
    ),
    "syntax error": ("def lstm_cell_forward(:\n", "syntax_error"),
    "not UTF-8": (b"\xff\xfe\x00def lstm_cell_forward(x_t, h_prev, c_prev, params):\n    return 1\n", "syntax_error"),
    "required name missing": ("import numpy as np\ndef lstm_cell(x_t, h_prev, c_prev, params):\n    return h_prev, c_prev\n", "interface_error"),
    "returning None": ("def lstm_cell_forward(x_t, h_prev, c_prev, params):\n    return None\n", "wrong_answer"),
    "importing torch in a NumPy question": ("import torch\n" + CORRECT, "forbidden_import"),
}


@pytest.mark.parametrize("case", list(SIMPLE_CASES))
def test_simple_hostile_case(case, question, spawner, zygote, store):
    source, verdict = SIMPLE_CASES[case]
    assert run_hostile(question, source, spawner, zygote)["verdict"] == verdict


def test_a_correct_answer_is_accepted_with_every_protection(question, spawner, zygote, store):
    result = run_hostile(question, CORRECT, spawner, zygote)
    assert result["verdict"] == "accepted"
    assert result["protections"] and isolate.missing_required(result["protections"]) == []


def test_fork_bomb(question, spawner, zygote, store):
    bomb = NAME_SELF + "import os\n_name_self()\nwhile True:\n    try:\n        os.fork()\n        _name_self()\n    except OSError:\n        pass\n"
    assert run_hostile(question, bomb, spawner, zygote)["verdict"] == "time_limit_exceeded"


def test_daemon_that_setsids_and_double_forks_is_gone_after_the_verdict(question, spawner, zygote, store):
    # (A sandbox that refuses to fork at all makes the first fork fail: then there is nothing to outlive it either.)
    daemon = NAME_SELF + (
        "import os, time\n"
        "try:\n"
        "    first = os.fork()\n"
        "except OSError:\n"
        "    first = None\n"
        "if first == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        "        _name_self()\n"
        "        while True:\n"
        "            time.sleep(1)\n"
        "    os._exit(0)\n"
        "time.sleep(0.1)\n"
    )
    assert run_hostile(question, daemon + CORRECT, spawner, zygote)["verdict"] == "accepted"


def test_returning_objects_whose_reduce_runs_a_command(question, spawner, zygote, store, tmp_path):
    marker = tmp_path / "reduce-ran"
    evil = f"import os\nclass Evil:\n    def __reduce__(self):\n        return (os.system, ('touch {marker}',))\n"
    evil += "def lstm_cell_forward(x_t, h_prev, c_prev, params):\n    return Evil(), [Evil()]\n"
    assert run_hostile(question, evil, spawner, zygote, [tmp_path])["verdict"] == "wrong_answer"
    assert not marker.exists()


def test_printing_hundreds_of_mib(question, spawner, zygote, store):
    loud = "import os, sys\nline = 'x' * (1 << 20)\nfor _ in range(300):\n    print(line)\n    os.write(1, line.encode())\n"
    result = run_hostile(question, loud + CORRECT, spawner, zygote)
    assert result["verdict"] == "accepted"
    assert len(result["output"]) < 200_000


def test_writing_files_outside_its_directory(question, spawner, zygote, store, tmp_path):
    targets = [tmp_path / "escaped.txt", _WATCHED[0] / "notes.txt", _WATCHED[0] / "new.txt", Path("/tmp") / f"qz-escape-{os.getpid()}", Path("/root") / f"qz-escape-{os.getpid()}", question.folder / "escaped.py", paths.reference_dir() / "escaped.py"]
    writer = f"targets = {[str(t) for t in targets]!r}\n"
    writer += "written = []\nfor t in targets:\n    try:\n        open(t, 'w').write('pwned')\n        written.append(t)\n    except OSError:\n        pass\n"
    writer += "open('inside.txt', 'w').write('fine')\n"  # its own directory is writable
    # Its /tmp is a tmpfs of its own: a file written there is not the host's (checked below).
    writer += "written = [t for t in written if not t.startswith('/tmp/qz-escape')]\n"
    writer += "if written:\n    raise SystemExit('wrote ' + repr(written))\n"
    assert run_hostile(question, writer + CORRECT, spawner, zygote, [tmp_path])["verdict"] == "accepted"
    assert not any(t.exists() for t in targets if t.name != "notes.txt")


def test_deleting_the_users_progress(question, spawner, zygote, store):
    home = paths.user_home()
    wiper = f"import os, shutil\nhome = {str(home)!r}\n"
    wiper += "for name in os.listdir(home) if os.access(home, os.R_OK) else []:\n    pass\n"
    wiper += "for attempt in (lambda: shutil.rmtree(home), lambda: os.remove(os.path.join(home, 'progress.sqlite3')),\n"
    wiper += "                lambda: open(os.path.join(home, 'progress.sqlite3'), 'w').close()):\n"
    wiper += "    try:\n        attempt()\n    except OSError:\n        pass\n"
    assert run_hostile(question, wiper + CORRECT, spawner, zygote)["verdict"] == "accepted"
    assert [a.seed for a in history()] == [7]


def _accepted_and_never_reached(listener: socket.socket, caller: str, question, spawner, zygote) -> None:
    """Run `caller` before a correct solution: accepted, and `listener` has no connection waiting."""
    listener.listen()
    listener.setblocking(False)
    try:
        assert run_hostile(question, caller + CORRECT, spawner, zygote)["verdict"] == "accepted"
        with pytest.raises(BlockingIOError):
            listener.accept()
    finally:
        listener.close()


def test_opening_a_network_connection(question, spawner, zygote, store):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    caller = f"import socket\nfor family, address in ((socket.AF_INET, ('127.0.0.1', {port})), (socket.AF_INET6, ('::1', {port}))):\n"
    caller += "    try:\n        socket.create_connection(address, timeout=0.5).sendall(b'leak')\n    except OSError:\n        pass\n"
    caller += f"try:\n    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'leak', ('127.0.0.1', {port}))\nexcept OSError:\n    pass\n"
    _accepted_and_never_reached(listener, caller, question, spawner, zygote)


def test_connecting_to_a_named_unix_socket(question, spawner, zygote, store, tmp_path):
    # A socket file anyone may write to (as a desktop's session bus is): neither the network namespace
    # nor file permissions stop a connect; the sandbox refuses to create Unix sockets at all.
    path = tmp_path / "open.sock"
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))
    os.chmod(path, 0o777)
    os.chmod(tmp_path, 0o755)
    caller = f"import socket\ntry:\n    s = socket.socket(socket.AF_UNIX)\n    s.connect({str(path)!r})\n    s.sendall(b'leak')\nexcept OSError:\n    pass\n"
    _accepted_and_never_reached(listener, caller, question, spawner, zygote)


# Writes frames of its own on the channel the child reports on (the judge's fd is a local of a caller up the stack).
FORGER = """
import json, os, struct, sys

def _forge(*headers):
    frame = sys._getframe()
    while "out_fd" not in frame.f_locals:
        frame = frame.f_back
    for header in headers:
        body = json.dumps({**header, "blobs": []}).encode()
        os.write(frame.f_locals["out_fd"], struct.pack(">I", len(body)) + body)
    os._exit(0)
"""

FORGERIES = {
    "a failure claiming accepted": '_forge({"event": "failed", "verdict": "accepted", "message": ""})',
    "a test error claiming accepted": '_forge({"event": "loaded"}, {"event": "test", "index": 0, "error": {"verdict": "accepted", "message": ""}}, {"event": "done"})',
    "a failure claiming wrong_answer": '_forge({"event": "failed", "verdict": "wrong_answer", "message": "forged"})',
    "a failure with an unknown verdict": '_forge({"event": "failed", "verdict": "bogus", "message": ""})',
    "done before any test": '_forge({"event": "loaded"}, {"event": "done"})',
}


def test_time_limit_messages_say_which_clock_ran_out(question, spawner, zygote, store):
    slept = run_hostile(question, "import time\ntime.sleep(60)\n" + CORRECT, spawner, zygote)
    assert slept["verdict"] == "time_limit_exceeded" and "wall-clock limit of 4 s" in slept["message"]
    spun = run_hostile(question, "while True:\n    pass\n" + CORRECT, spawner, zygote)
    assert spun["verdict"] == "time_limit_exceeded" and "used up its 1 s of CPU time" in spun["message"]


def test_sending_to_a_unix_datagram_socket_through_a_socket_pair(question, spawner, zygote, store, tmp_path):
    # A datagram pair is a Unix socket too: sendto(path) reaches any datagram socket file (/dev/log, say).
    path = tmp_path / "log.sock"
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.bind(str(path))
    os.chmod(path, 0o777)
    os.chmod(tmp_path, 0o755)
    receiver.setblocking(False)
    sender = f"import socket\ntry:\n    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)\n    a.sendto(b'leak', {str(path)!r})\nexcept OSError:\n    pass\n"
    try:
        assert run_hostile(question, sender + CORRECT, spawner, zygote)["verdict"] == "accepted"
        with pytest.raises(BlockingIOError):
            receiver.recv(16)
    finally:
        receiver.close()


@pytest.mark.parametrize("case", list(FORGERIES))
def test_forging_the_childs_reports(question, spawner, zygote, store, case):
    # Only the judge decides that an answer is right or wrong: a forged claim is a broken channel.
    result = run_hostile(question, FORGER + FORGERIES[case] + "\n" + CORRECT, spawner, zygote)
    assert result["verdict"] == "runtime_error" and result["passed"] == 0


def test_killing_its_parent_and_the_judge(question, spawner, zygote, store):
    received = []
    previous = signal.signal(signal.SIGUSR1, lambda signum, frame: received.append(signum))
    zygotes = zygote.pids()
    targets = [os.getpid(), *zygotes]
    killer = f"import os, signal\nfor pid in {targets!r} + [os.getppid(), 1]:\n"
    killer += "    for sig in (signal.SIGUSR1, signal.SIGKILL if pid in (os.getppid(), 1) else signal.SIGUSR1):\n"
    killer += "        try:\n            os.kill(pid, sig)\n        except OSError:\n            pass\n"
    killer += "for target in (0, -1):\n    try:\n        os.kill(target, signal.SIGUSR1)\n    except OSError:\n        pass\n"
    try:
        result = run_hostile(question, killer + CORRECT, spawner, zygote)
    finally:
        signal.signal(signal.SIGUSR1, previous)
    assert received == []
    assert zygote.pids() == zygotes
    # kill(0) reaches its own process group, itself included: that ending is its own doing.
    assert result["verdict"] == "runtime_error"


def test_searching_the_disk_for_the_reference_and_the_hidden_tests(question, spawner, zygote, store):
    wanted = [paths.reference_dir() / "numpy_lstm_cell.py", Path(sys.prefix) / "lib/python3.11/site-packages/quizzer/_content/reference/numpy_lstm_cell.py"]
    searcher = "import os, glob\nfound = None\n"
    searcher += f"candidates = {[str(w) for w in wanted]!r}\n"
    searcher += "for root in ('/', '/work', '/root', '/tmp', '/usr', " + repr(sys.prefix) + "):\n"
    searcher += "    candidates += [os.path.join(d, 'numpy_lstm_cell.py') for d, _, names in os.walk(root) if 'numpy_lstm_cell.py' in names][:20]\n"
    searcher += "for path in candidates:\n    try:\n        text = open(path).read()\n    except OSError:\n        continue\n"
    searcher += "    if 'def lstm_cell_forward' in text:\n        found = text\n        break\n"
    searcher += "if found:\n    exec(found)\nelse:\n" + "".join("    " + line + "\n" for line in WRONG.strip().splitlines())
    # Right answers would prove it read the reference: wrong ones show it could not.
    assert run_hostile(question, searcher, spawner, zygote)["verdict"] == "wrong_answer"


def test_opening_the_reference_by_file_handle(question, spawner, zygote, store):
    # The worker keeps CAP_DAC_READ_SEARCH (to read Python under /root), the capability
    # open_by_handle_at asks for: Landlock must still refuse the file.
    reference = str(paths.reference_dir() / question.spec.reference)
    opener = f"import ctypes, os, struct\nfound = None\nlibc = ctypes.CDLL(None, use_errno=True)\nhandle = ctypes.create_string_buffer(8 + 128)\n"
    opener += "struct.pack_into('Ii', handle, 0, 128, 0)\nmount_id = ctypes.c_int()\n"
    opener += f"if libc.name_to_handle_at(-100, {reference!r}.encode(), handle, ctypes.byref(mount_id), 0) == 0:\n"
    opener += "    fd = libc.open_by_handle_at(os.open('.', os.O_RDONLY), handle, os.O_RDONLY)\n"
    opener += "    if fd >= 0:\n        found = os.read(fd, 1 << 20).decode()\n"
    opener += "if found:\n    exec(found)\nelse:\n" + "".join("    " + line + "\n" for line in WRONG.strip().splitlines())
    assert run_hostile(question, opener, spawner, zygote)["verdict"] == "wrong_answer"


@pytest.mark.parametrize("how", ["fork", "zygote"])
def test_when_the_judge_dies_its_children_die_too(how, question):
    # A stand-in judge (a fork of this process) starts a child that names itself and spins,
    # then is killed with SIGKILL: PR_SET_PDEATHSIG (and, for the zygote, its socket closing)
    # must take every process of the submission with it.
    import time

    from quizzer.sandbox import launch

    spinner = NAME_SELF + "_name_self()\nwhile True:\n    pass\n"
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(ready_r)
            spawn = Zygote().start().spawn if how == "zygote" else launch.spawn
            spawn({"allowed_imports": ["numpy"], "entries": []}, spinner.encode(), launch.Limits(cpu_s=30, wall_s=60))
            time.sleep(0.5)  # long enough for the child to name itself
            os.write(ready_w, b"x")
            time.sleep(60)
        finally:
            os._exit(0)
    os.close(ready_w)
    os.read(ready_r, 1)
    os.close(ready_r)
    assert any(comm == COMM for _, _, comm, _ in processes().values())
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(comm == COMM for _, _, comm, _ in processes().values()):
        time.sleep(0.05)
    assert not any(comm == COMM for _, _, comm, _ in processes().values())


def test_a_fork_bomb_does_not_starve_a_sandbox_running_beside_it(question, zygote, store):
    import time

    from quizzer.sandbox import launch

    bomb = NAME_SELF + "import os\n_name_self()\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
    already = frozenset(_alive(zygote))
    running = launch.spawn({"allowed_imports": ["numpy"], "entries": []}, bomb.encode(), launch.Limits(cpu_s=3, wall_s=6))
    try:
        time.sleep(0.5)  # the bomb is at its process limit by now
        assert judge(question, CORRECT.encode(), seed=0, spawner=zygote.spawn).verdict.value == "accepted"
    finally:
        running.finish()
    assert leftovers(zygote, already) == []
