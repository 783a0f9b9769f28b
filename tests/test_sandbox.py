"""The sandbox's own guarantees: a strict wire, honest protections, and a child locked away from what matters.

A probe submission prints what it can observe from inside (its output comes
back in the result) and then answers correctly; the tests compare that with
what `isolate.protections()` claims.
"""

from __future__ import annotations

import errno
import io
import json
import os
import pickle
import socket
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from hostile_support import CORRECT
from quizzer import paths
from quizzer.core.bank import load_bank
from quizzer.core.judge import judge
from quizzer.core.store import Attempt, Store
from quizzer.sandbox import cgroup, isolate, seccomp
from quizzer.sandbox.launch import spawn
from quizzer.sandbox.view import view_for
from quizzer.sandbox.protocol import ProtocolError, pack, read_frame



def _frame_bytes(header: bytes | dict, blobs: list[bytes] = ()) -> bytes:
    """A frame as the wire carries it; a dict header gets the blob sizes added."""
    if isinstance(header, dict):
        header = json.dumps({**header, "blobs": [len(b) for b in blobs]}).encode()
    return struct.pack(">I", len(header)) + header + b"".join(blobs)


def _read(data: bytes) -> dict:
    """Read one frame from `data` (through a file: some frames are bigger than a pipe holds)."""
    with tempfile.TemporaryFile() as file:
        file.write(data)
        file.seek(0)
        return read_frame(file.fileno())


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=True)
    return buffer.getvalue()


MALFORMED = {
    "a pickle instead of a frame": pickle.dumps({"event": "done"}),
    "a header that is not JSON": _frame_bytes(b"\x80\x04not json"),
    "a header that is not an object": _frame_bytes(b"[1, 2]"),
    "no blob sizes": _frame_bytes(b'{"event": "done"}'),
    "a blob count instead of sizes": _frame_bytes(b'{"event": "done", "blobs": 1}', [b"x"]),
    "a negative blob size": _frame_bytes(b'{"event": "done", "blobs": [-1]}'),
    "too many blob sizes": _frame_bytes(json.dumps({"blobs": [0] * 70_000}).encode()),
    "a header nested too deep for JSON": _frame_bytes(b"[" * 100_000),
    "values nested too deep": _frame_bytes(b'{"blobs": [], "values": ' + b"[" * 700 + b"]" * 700 + b"}"),
    "an empty array with an absurd dimension": _frame_bytes({"values": {"$a": 0, "dtype": "<f8", "shape": [0, 2**63]}}, [b""]),
    "blob sizes beyond the data sent": _frame_bytes(b'{"blobs": [100], "values": {"$a": 0, "dtype": "<f8", "shape": [100]}}', [b"x" * 8]),
    "an oversized header": struct.pack(">I", 1 << 30),
    "an array index out of range": _frame_bytes({"values": {"$a": 3}}),
    "an object array (a pickle inside .npy)": _frame_bytes({"values": {"$a": 0}}, [_npy(np.array([object()], dtype=object))]),
    "bytes that are not .npy": _frame_bytes({"values": {"$a": 0}}, [b"\x93NUMPY garbage"]),
    "an unknown object marker": _frame_bytes({"values": {"__reduce__": ["os.system", "true"]}}),
    "a bad dict entry": _frame_bytes({"values": {"$d": [["k"]]}}),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_the_wire_refuses_pickles_and_malformed_frames(case):
    with pytest.raises((ProtocolError, EOFError)):
        _read(MALFORMED[case])


def test_a_function_parameter_may_be_called_name():
    frame = _read(_frame_bytes({"values": {"$f": ["sigmoid", {"$d": [["name", 1]]}]}}))
    assert frame["values"].name == "sigmoid" and frame["values"].params == {"name": 1}


def test_a_child_cannot_send_more_array_bytes_than_the_reader_allows():
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, _frame_bytes({"values": {"$a": 0, "dtype": "|u1", "shape": [64]}}, [b"x" * 64]))
        with pytest.raises(ProtocolError, match="too large"):
            read_frame(read_end, max_total=32)
    finally:
        os.close(read_end)
        os.close(write_end)


def test_a_well_formed_frame_reads_back_as_plain_data():
    frame = _read(pack({"event": "test"}, {"x": np.arange(3.0), "t": (1, "a")}))
    assert type(frame["values"]["x"]) is np.ndarray and frame["values"]["t"] == (1, "a")


PROBE = '''
import json, os, resource, socket, sys
facts = {"uid": os.getuid(), "gid": os.getgid(), "pid": os.getpid(), "ppid": os.getppid(),
         "nproc": resource.getrlimit(resource.RLIMIT_NPROC)[0], "as": resource.getrlimit(resource.RLIMIT_AS)[0],
         "cpu": resource.getrlimit(resource.RLIMIT_CPU)[0],
         "cwd": os.getcwd(), "env": sorted(os.environ), "read": {}, "connect": None, "signal": {}}
for path in READ:
    try:
        with open(path, "rb") as f:
            f.read(1)
        facts["read"][path] = "read"
    except OSError as exc:
        facts["read"][path] = type(exc).__name__
    try:
        os.listdir(os.path.dirname(path))
        facts["read"][os.path.dirname(path) + "/"] = "listed"
    except OSError as exc:
        facts["read"][os.path.dirname(path) + "/"] = type(exc).__name__
try:
    socket.create_connection(("127.0.0.1", PORT), timeout=0.5)
    facts["connect"] = "connected"
except OSError as exc:
    facts["connect"] = type(exc).__name__
try:  # UDP: Landlock does not cover it, so only a network namespace of its own keeps this from the judge's loopback
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"leak", ("127.0.0.1", UDP_PORT))
except OSError:
    pass
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
facts["keyctl"] = os.strerror(ctypes.get_errno()) if libc.syscall(KEYCTL, 0, -3, 0) < 0 else "read the session keyring"
facts["sockets"] = {}
for name, make in {"unix": lambda: socket.socket(socket.AF_UNIX), "vsock": lambda: socket.socket(40, socket.SOCK_STREAM),
                   "netlink": lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW),
                   "datagram pair": lambda: socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)[0],
                   "stream pair": lambda: socket.socketpair()[0], "inet": lambda: socket.socket()}.items():
    try:
        make().close()
        facts["sockets"][name] = "made"
    except OSError as exc:
        facts["sockets"][name] = type(exc).__name__
for name, pid in TARGETS.items():
    try:
        os.kill(pid, 0)
        facts["signal"][name] = "sent"
    except OSError as exc:
        facts["signal"][name] = type(exc).__name__
facts["root"] = sorted(os.listdir("/"))
try:  # its own /proc entry, writable to it: only Landlock (read-only outside /tmp) refuses it
    with open("/proc/self/comm", "w") as comm:
        comm.write("probe")
    facts["proc_write"] = "written"
except OSError as exc:
    facts["proc_write"] = type(exc).__name__
facts["proc_pids"] = sorted(int(name) for name in os.listdir("/proc") if name.isdigit())
print("FACTS" + json.dumps(facts))
'''


@pytest.fixture(scope="module")
def inside(tmp_path_factory):
    """What a submission observes from inside the sandbox, and the paths it tried."""
    home = tmp_path_factory.mktemp("home")
    db = Store(home)
    db.record_attempt(Attempt("numpy-lstm-cell", 1.0, "accepted", 1, 1, 1))
    db.close()
    question = load_bank().get("numpy-lstm-cell")
    secrets = [
        str(home / "progress.sqlite3"),
        str(paths.reference_dir() / "numpy_lstm_cell.py"),
        str(question.suite_path),
        str(question.folder / "question.toml"),
        str(Path(isolate.__file__).resolve().parents[1] / "core" / "judge.py"),
    ]
    installed = Path(sys.prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages" / "quizzer" / "_content" / "reference" / "numpy_lstm_cell.py"
    if installed.exists():
        secrets.append(str(installed))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    udp.setblocking(False)
    keyctl = seccomp.machine()[1]["keyctl"]
    source = f"READ = {secrets!r}\nPORT = {port}\nUDP_PORT = {udp.getsockname()[1]}\nKEYCTL = {keyctl}\nTARGETS = {{'judge': {os.getpid()}, 'init': 1}}\n"
    try:
        result = judge(question, (source + PROBE + CORRECT).encode(), seed=0)
        try:
            udp.recv(16)
            udp_arrived = True
        except BlockingIOError:
            udp_arrived = False
    finally:
        listener.close()
        udp.close()
    assert result.verdict.value == "accepted", result.message
    line = next(line for line in result.output.splitlines() if line.startswith("FACTS"))
    return {**json.loads(line[len("FACTS") :]), "udp_arrived": udp_arrived}, secrets, result


def test_protections_match_what_the_child_observes(inside):
    # What the verdict carries, checked against what `quizzer doctor --json` reports from a process of its
    # own (not this process's isolate.protections(), which the judge copies) and against the child's facts.
    facts, _, result = inside
    claimed = result.protections
    doctor = subprocess.run([sys.executable, "-m", "quizzer", "doctor", "--json"], capture_output=True, text=True, timeout=120)
    assert (doctor.returncode, claimed) == (0, json.loads(doctor.stdout))
    assert list(claimed) == list(isolate.DESCRIPTIONS) and [key for key in isolate.REQUIRED if claimed[key] is not True] == []
    assert claimed["net_namespace"] == (facts["udp_arrived"] is False)
    assert claimed["pid_namespace"] == (facts["ppid"] == 1 and facts["pid"] == 2)
    assert claimed["uid_drop"] == (facts["uid"] != 0 and facts["gid"] != 0)
    assert claimed["nproc_limit"] == (facts["uid"] != 0 and facts["nproc"] < 1000)
    assert claimed["rlimits"] == (facts["as"] > 0 and facts["cpu"] >= 1)
    assert claimed["landlock"] == (isolate.landlock_abi() > 0 and facts["proc_write"] == "PermissionError")
    assert claimed["landlock_scoping"] == (isolate.landlock_abi() >= 6)
    assert claimed["landlock_net"] == (isolate.landlock_abi() >= 4)
    refused = {name for name, outcome in facts["sockets"].items() if outcome == "PermissionError"}
    assert claimed["seccomp"] == (refused == set(facts["sockets"]))  # every family, pairs too
    assert claimed["seccomp"] == (facts["keyctl"] == os.strerror(errno.EPERM))
    view = view_for(("numpy",))
    tops = {path.split("/")[1] for path in view.reads + view.devices + tuple(link for link, _ in view.links)} | {"tmp", "proc"}
    assert claimed["private_root"] == (set(facts["root"]) == tops)  # what the view names, nothing else of the disk
    assert claimed["private_proc"] == (facts["proc_pids"] == [1, 2])


def test_this_machine_gives_every_protection():
    # The project's machines and CI have them all (PLATFORM-NOTES) but a delegated cgroup; a missing one here is a regression.
    assert isolate.missing_required() == []
    delegated = cgroup.delegated()[0] is not None
    assert isolate.protections() == dict.fromkeys(isolate.KEYS, True) | {"cgroup": delegated}


def test_the_child_cannot_read_the_users_data_or_the_bank(inside):
    # Not PermissionError: in its private root these paths do not exist at all (only the view is
    # mounted there), so open and listdir fail with ENOENT. PermissionError would mean the path is
    # there and only Landlock stands in the way: the fallback without a private root (tested below).
    facts, secrets, _ = inside
    tried = secrets + [os.path.dirname(path) + "/" for path in secrets]
    assert facts["read"] == dict.fromkeys(tried, "FileNotFoundError")


def test_the_child_has_a_clean_environment_and_its_own_directory(inside):
    facts, _, _ = inside
    assert "QUIZZER_HOME" not in facts["env"] and set(facts["env"]) == set(isolate.CLEAN_ENV)
    assert facts["cwd"] == "/tmp"  # its own tmpfs, in its own root


def test_the_child_cannot_connect_to_the_network(inside):
    facts, _, _ = inside
    assert facts["connect"] != "connected"


def test_the_child_cannot_signal_the_judge_or_its_init(inside):
    facts, _, _ = inside
    assert facts["signal"]["judge"] in ("ProcessLookupError", "PermissionError")
    assert facts["signal"]["init"] == "PermissionError"  # its init: same namespace, but a Landlock domain above its own


@pytest.mark.slow
@pytest.mark.torch
def test_a_torch_question_runs_through_the_zygote_with_every_protection():
    from quizzer.sandbox.zygote import Zygote

    torch_questions = [q for q in load_bank().questions.values() if "torch" in getattr(q.spec, "allowed_imports", [])]
    assert torch_questions, "the bank has no torch question"
    question = torch_questions[0]
    source = (paths.reference_dir() / question.spec.reference).read_bytes()
    with Zygote() as zygote:
        result = judge(question, source, seed=0, spawner=zygote.spawn)
    assert result.verdict.value == "accepted", result.message
    assert isolate.missing_required(result.protections) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="an unprivileged user runs this path directly; root simulates it")
def test_an_unprivileged_user_gets_the_same_sandbox_through_a_user_namespace(tmp_path):
    # Root stands in for a user on a laptop: a forked copy of this process drops to uid 1000 (made
    # dumpable, as a user's own process is) and judges by forking itself, as the CLI does; the sandbox
    # takes its non-root path. (This Python lives under /root, which uid 1000 cannot read: the child's
    # root lacks the standard library's files, and the child uses the modules it inherited.)
    question = load_bank().get("numpy-lstm-cell")
    bomb = b"import threading, time\ndef lstm_cell_forward(x_t, h_prev, c_prev, params):\n    while True:\n        threading.Thread(target=time.sleep, args=(30,), daemon=True).start()\n"
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        report = {}
        try:
            os.setgroups([])
            os.setresgid(1000, 1000, 1000)
            os.setresuid(1000, 1000, 1000)
            isolate._prctl(isolate.PR_SET_DUMPABLE, 1)
            results = [judge(question, source, seed=0, spawner=spawn) for source in (CORRECT.encode(), bomb)]
            report = {"verdicts": [r.verdict.value for r in results], "messages": [r.message for r in results], "protections": results[0].protections}
        except BaseException:  # noqa: BLE001 - shown by the assertion below
            import traceback

            report = {"error": traceback.format_exc()}
        finally:
            os.write(write_end, json.dumps(report).encode())
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        report = json.loads(pipe.read() or b"{}")
    os.waitpid(pid, 0)
    assert "error" not in report, report["error"]
    assert report["verdicts"] == ["accepted", "runtime_error"]
    assert "can't start new thread" in report["messages"][1]  # RLIMIT_NPROC binds inside the user namespace
    assert report["protections"] == dict.fromkeys(isolate.KEYS, True) | {"cgroup": False}


def test_a_sandbox_that_cannot_start_the_submission_is_an_error_not_a_verdict():
    # One process allowed for the sandbox's uid: B, the namespace's init, counts as it, so B cannot fork C.
    # No submitted code ran, so there is nothing to give a verdict on; the judge says why instead.
    from dataclasses import replace

    from quizzer.core.judge import SandboxError, safe_spawner

    spawn = safe_spawner()
    starved = lambda job, source, limits: spawn(job, source, replace(limits, processes=1))  # noqa: E731
    with pytest.raises(SandboxError, match="could not start the submission's process: BlockingIOError"):
        judge(load_bank().get("numpy-lstm-cell"), CORRECT.encode(), seed=0, spawner=starved)


def test_a_number_too_big_for_a_float_is_a_wrong_answer_not_a_crash_of_the_judge():
    source = "def cross_entropy(logits, labels):\n    return 10 ** 400\n\ndef cross_entropy_grad(logits, labels):\n    return logits\n"
    result = judge(load_bank().get("numpy-cross-entropy"), source.encode(), seed=0)
    assert result.verdict.value == "wrong_answer" and "cannot be compared" in result.message


def test_without_a_private_root_the_judge_still_judges_and_says_what_is_missing(monkeypatch):
    # A kernel without the new mount API (before Linux 5.12): the child falls back to Landlock alone
    # over the same view, with nowhere to write, and every verdict says so.
    from quizzer.core.render import verdict_text
    from quizzer.sandbox import mounts

    def refuse(*args, **kwargs):
        raise OSError(38, "open_tree: Function not implemented")

    monkeypatch.setattr(mounts, "clone_view", refuse)
    reader = f"try:\n    open({str(paths.reference_dir() / 'numpy_lstm_cell.py')!r}).read()\n    print('READ')\nexcept OSError as exc:\n    print('REFUSED', type(exc).__name__)\n"
    result = judge(load_bank().get("numpy-lstm-cell"), (reader + CORRECT).encode(), seed=0, spawner=spawn)
    try:
        assert result.verdict.value == "accepted", result.message
        assert result.output.splitlines() == ["REFUSED PermissionError"]  # the file is there, and Landlock refuses it
        assert isolate.missing_required(result.protections) == ["private_root", "private_tmp", "private_proc"]
        assert "warning: ran with weaker isolation (missing: private_root, private_tmp, private_proc)" in verdict_text(result)
    finally:
        monkeypatch.undo()
        isolate.record(isolate._probe())  # what later tests of this process expect to see reported


def test_an_allowed_package_installed_under_tmp_is_importable_and_only_when_allowed(tmp_path, monkeypatch):
    # A virtual environment made in /tmp (CI, tox): its packages sit below the child's own /tmp.
    from dataclasses import replace

    from quizzer.core.task import JudgeTask

    site = tmp_path / "venv" / "site-packages"
    (site / "qzextra").mkdir(parents=True)
    (site / "qzextra" / "__init__.py").write_text("VALUE = 42\n")
    (site / "qzextra" / "more.py").write_text("MORE = 7\n")  # imported only in the child: read from the view
    info = site / "qzextra-1.0.dist-info"
    info.mkdir()
    (info / "RECORD").write_text("qzextra/__init__.py,,\nqzextra/more.py,,\nqzextra-1.0.dist-info/RECORD,,\n")
    (info / "METADATA").write_text("Name: qzextra\n\n")
    monkeypatch.syspath_prepend(str(site))
    task = JudgeTask.from_question(load_bank().get("numpy-lstm-cell"))
    source = ("import qzextra.more\nprint('EXTRA', qzextra.VALUE + qzextra.more.MORE)\n" + CORRECT).encode()
    allowed = judge(replace(task, allowed_imports=("numpy", "qzextra")), source, seed=0, spawner=spawn)
    assert allowed.verdict.value == "accepted", allowed.message
    assert "EXTRA 49" in allowed.output
    assert judge(task, source, seed=0, spawner=spawn).verdict.value == "forbidden_import"


def test_a_child_killed_before_it_reported_its_lockdown_leaves_the_machines_record_alone(monkeypatch):
    # Diagnosis kills the mutants' children it started ahead of a match; one killed before C had said
    # that its NO_PROCESSES filter held was recorded as "no_processes: false", and a grading worker
    # then refused every later submission ("this worker's sandbox lacks no_processes").
    import time

    from quizzer.sandbox import launch

    assert isolate.missing_required() == []
    locked_down = isolate.lock_down_child
    monkeypatch.setattr(isolate, "lock_down_child", lambda: (time.sleep(3), locked_down())[1])  # in C, forked from here
    child = launch.start(launch.Limits(), ("numpy",))
    assert child._read_control(timeout=10.0, until=lambda: "protections" in child._control_data)
    child.finish()
    assert child.protections is not None and child.protections["no_processes"] is False  # this child never said
    assert isolate.missing_required() == []
