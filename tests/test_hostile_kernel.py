"""Hostile submissions of the second set: the kernel bounds each as a whole submission.

One test (or a few) per finding of issue 10, each written from its description:
(1) limits per submission, not per process: no process, program, SysV memory,
memfd or message queue at all, threads counted; (2) writable space: a capped tmpfs
of its own that the kernel frees; (3) the import rule by the filesystem, whatever
route the import takes, and no module inherited from the forking process; (4) what
it inherits: no environment or arguments, no host /proc, no stat or inotify of the
host's folders; (5) the judge's own memory bounded whatever the child sends.
Every case runs through `hostile_support.run_hostile` (no process left, nothing on
the host's disk, watched files and the progress store intact), with both spawners.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hostile_support import CORRECT, canary, question, run_hostile, spawner, store, zygote  # noqa: F401 - fixtures
from quizzer import paths
from quizzer.core.bank import load_bank
from quizzer.core.judge import judge
from quizzer.sandbox import isolate
from quizzer.sandbox.zygote import Zygote

ROOT = Path(__file__).resolve().parents[1]


def _report(result: dict) -> dict:
    """The JSON line a probing submission printed as `REPORT {...}`."""
    line = next((line for line in result["output"].splitlines() if line.startswith("REPORT ")), None)
    assert line is not None, result
    return json.loads(line[len("REPORT ") :])


# ---------------------------------------------------------------- (1) limits per submission

ATTEMPT = '''
import json, os, sys, ctypes
REPORT = {}
def attempt(name, start):
    try:
        REPORT[name] = "started" if start() else "refused"
    except BaseException as exc:  # noqa
        REPORT[name] = type(exc).__name__
def done():
    print("REPORT " + json.dumps(REPORT))
libc = ctypes.CDLL(None, use_errno=True)
'''

PROCESS_ATTACKS = {
    "fork burners while the main thread sleeps": '''
def burners():
    started = 0
    for _ in range(14):
        pid = os.fork()
        if pid == 0:
            while True:
                pass
        started += 1
    import time
    time.sleep(0.3)
    return started
attempt("burners", burners)
''',
    "helpers holding memory": '''
def helpers():
    started = 0
    for _ in range(4):
        pid = os.fork()
        if pid == 0:
            hold = bytearray(96 << 20)
            import time
            time.sleep(5)
            os._exit(0)
        started += 1
    return started
attempt("helpers", helpers)
''',
    "a raw clone system call": '''
def raw_clone():
    pid = libc.syscall(56 if os.uname().machine == "x86_64" else 220, 17, 0, 0, 0, 0)  # clone(SIGCHLD)
    if pid == 0:
        os._exit(0)
    return pid > 0
attempt("clone", raw_clone)
''',
    "subprocess, multiprocessing and posix_spawn": '''
import subprocess, multiprocessing
attempt("subprocess", lambda: subprocess.run([sys.executable, "-c", "pass"]).returncode == 0)
def mp():
    process = multiprocessing.get_context("fork").Process(target=int)
    process.start()
    process.join()
    return process.exitcode == 0
attempt("multiprocessing", mp)
attempt("posix_spawn", lambda: os.waitpid(os.posix_spawn(sys.executable, [sys.executable, "-c", "pass"], {}), 0)[1] == 0)
attempt("execv", lambda: os.execv("/proc/self/exe", ["python", "-c", "pass"]))
''',
}


@pytest.mark.parametrize("attack", list(PROCESS_ATTACKS))
def test_a_submission_cannot_start_another_process(attack, question, spawner, zygote, store):
    # Each process would have had limits of its own: 14 CPU burners got 7 CPU-seconds, helpers 128 MiB each.
    result = run_hostile(question, ATTEMPT + PROCESS_ATTACKS[attack] + "done()\n" + CORRECT, spawner, zygote)
    assert result["verdict"] == "accepted", result
    report = _report(result)
    assert report and not any(outcome == "started" or outcome.isdigit() for outcome in report.values()), report
    assert all(outcome in ("PermissionError", "refused", "OSError") for outcome in report.values()), report


@pytest.mark.slow
def test_threads_still_run_and_their_cpu_counts_for_the_whole_submission(question, spawner, zygote, store):
    threads = textwrap.dedent('''
    import threading, time
    import numpy as np
    worked = []
    t = threading.Thread(target=lambda: worked.append(float(np.linalg.norm(np.ones((64, 64)) @ np.ones((64, 64))))))
    t.start(); t.join()
    assert worked, "a thread could not run"
    for _ in range(4):
        threading.Thread(target=lambda: [None for _ in iter(int, 1)], daemon=True).start()
    time.sleep(30)
    ''')
    result = run_hostile(question, threads + CORRECT, spawner, zygote)
    assert result["verdict"] == "time_limit_exceeded" and "CPU" in result["message"], result



def test_cpu_spent_past_the_limit_with_sigxcpu_ignored_is_a_time_limit_whatever_it_answers(question, spawner, zygote, store):
    # Ignoring SIGXCPU and raising the soft limit to the hard one bought a second of CPU, then every
    # answer came back right and the verdict was accepted: the judge only heard of CPU time on a wall-clock kill.
    spin = textwrap.dedent('''
    import resource, signal, time
    signal.signal(signal.SIGXCPU, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
    while time.process_time() < soft + 0.4:
        pass
    ''')
    result = run_hostile(question, spin + CORRECT, spawner, zygote)
    assert result["verdict"] == "time_limit_exceeded", result
    assert result["message"] == f"{result['total']} of {result['total']} tests passed; used up its 1 s of CPU time", result


def test_a_submission_cannot_change_the_limits_of_its_init(question, spawner, zygote, store):
    # B (pid 1 here) shares C's uid: lowering B's RLIMIT_CPU to 0 killed B before it reported C's
    # CPU time, and a submission that had spent past its limit was accepted; a tiny RLIMIT_AS on B
    # turned any verdict into "not judged" on demand.
    probe = textwrap.dedent('''
    import json, resource
    report = {}
    for name in ("RLIMIT_CPU", "RLIMIT_AS", "RLIMIT_NOFILE"):
        try:
            resource.prlimit(1, getattr(resource, name), (0, 0))
            report[name] = "changed"
        except OSError as exc:
            report[name] = type(exc).__name__
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft - 1, hard))  # its own limits stay its own to lower
    report["own"] = resource.prlimit(0, resource.RLIMIT_NOFILE)[0] == soft - 1
    print("REPORT " + json.dumps(report))
    ''')
    result = run_hostile(question, probe + CORRECT, spawner, zygote)
    assert result["verdict"] == "accepted", result
    assert _report(result) == {"RLIMIT_CPU": "PermissionError", "RLIMIT_AS": "PermissionError", "RLIMIT_NOFILE": "PermissionError", "own": True}

def test_shared_kernel_quotas_are_not_the_submissions_to_take(question, spawner, zygote, store):
    # Found by a red-team pass: io_setup(65536) took the machine's whole AIO quota (aio-max-nr) while
    # the child lived, 96,000 queued signals took the user's, and sync() flushed every disk of the host.
    numbers = {"x86_64": {"io_setup": 206, "sync": 162, "syncfs": 306}, "aarch64": {"io_setup": 0, "sync": 81, "syncfs": 267}}[os.uname().machine]
    probe = textwrap.dedent(f'''
    import ctypes, json, os, signal
    libc = ctypes.CDLL(None, use_errno=True)
    def call(name, *args):
        ok = libc.syscall({numbers!r}[name], *args) >= 0
        return "allowed" if ok else os.strerror(ctypes.get_errno())
    context = ctypes.c_ulong(0)
    report = {{"io_setup": call("io_setup", 16, ctypes.byref(context)), "sync": call("sync"), "syncfs": call("syncfs", 0)}}
    signal.signal(signal.SIGRTMIN, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGRTMIN])
    queued = 0
    while queued < 1000:
        if libc.sigqueue(os.getpid(), int(signal.SIGRTMIN), ctypes.c_void_p(0)) != 0:
            report["sigqueue_stopped"] = os.strerror(ctypes.get_errno())
            break
        queued += 1
    report["queued"] = queued
    print("REPORT " + json.dumps(report))
    ''')
    result = run_hostile(question, probe + CORRECT, spawner, zygote)
    assert result["verdict"] == "accepted", result
    report = _report(result)
    assert report["io_setup"] == report["sync"] == report["syncfs"] == os.strerror(1), report  # EPERM from seccomp
    assert report.get("sigqueue_stopped") == os.strerror(11) and report["queued"] <= isolate.PENDING_SIGNALS, report

MEMORY_OUTSIDE_RLIMIT_AS = {
    "SysV shared memory cycled through attach and detach": '''
def shm():
    libc.shmat.restype = ctypes.c_void_p
    held = 0
    for _ in range(5):
        segment = libc.shmget(0, 32 << 20, 0o1000 | 0o600)  # IPC_PRIVATE, IPC_CREAT
        if segment < 0:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
        address = libc.shmat(segment, None, 0)
        ctypes.memset(address, 1, 32 << 20)
        libc.shmdt(ctypes.c_void_p(address))
        held += 32
    return held
attempt("shm", shm)
''',
    "unmapped memfds": '''
def memfds():
    fds = []
    for _ in range(10):  # each under the file size limit
        fd = os.memfd_create("hold")
        chunk = b"x" * (1 << 20)
        for _ in range(8):
            os.write(fd, chunk)
        fds.append(fd)
    return len(fds)
attempt("memfd", memfds)
''',
    "POSIX message queues": '''
def mqueue():
    number = 240 if os.uname().machine == "x86_64" else 180
    fd = libc.syscall(number, b"hold", 0o100 | 2, 0o600, None)  # mq_open(O_CREAT | O_RDWR)
    if fd < 0:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    return True
attempt("mqueue", mqueue)
''',
}


@pytest.mark.parametrize("attack", list(MEMORY_OUTSIDE_RLIMIT_AS))
def test_memory_that_rlimit_as_does_not_count_cannot_be_had(attack, question, spawner, zygote, store):
    result = run_hostile(question, ATTEMPT + MEMORY_OUTSIDE_RLIMIT_AS[attack] + "done()\n" + CORRECT, spawner, zygote)
    assert result["verdict"] == "accepted", result
    assert set(_report(result).values()) == {"PermissionError"}, result["output"]


# ---------------------------------------------------------------- (2) writable space


def test_nested_folders_and_a_file_flood_are_capped_and_gone(question, spawner, zygote, store):
    flood = textwrap.dedent('''
    import json, os
    written = 0
    try:
        for index in range(64):
            with open(f"flood{index}", "wb") as file:
                file.write(b"x" * (1 << 20))
            written += 1
    except OSError:
        pass
    depth = 0
    path = "deep"
    try:
        for depth in range(1500):
            os.mkdir(path)
            path = os.path.join(path, "d")
    except OSError:
        pass
    files = 0
    try:
        for files in range(5000):
            open(f"f{files}", "w").close()
    except OSError:
        pass
    print("REPORT " + json.dumps({"depth": depth, "mib": written, "files": files, "cwd": os.getcwd()}))
    ''')
    result = run_hostile(question, flood + CORRECT, spawner, zygote)  # (it checks nothing was left on the host's disk)
    assert result["verdict"] == "accepted", result
    report = _report(result)
    assert report["depth"] < 1500 and report["files"] < 5000  # an inode cap
    assert report["mib"] <= 16  # a size cap: all of /tmp, not each file
    assert report["cwd"] == "/tmp"


# ---------------------------------------------------------------- (3) the import rule, by the filesystem

IMPORT_ROUTES = {
    "exec of an import statement": "exec('import {name} as found'); module = found",
    "importlib.__import__": "import importlib; module = importlib.__import__('{name}')",
    "importlib._bootstrap._gcd_import": "import importlib._bootstrap as boot; module = boot._gcd_import('{name}')",
    "find_spec and exec_module": (
        "import importlib.util, importlib.machinery, sys\n"
        "spec = importlib.machinery.PathFinder.find_spec('{name}', [p for p in sys.path_importer_cache if 'site-packages' in p] + sys.path)\n"
        "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)"
    ),
    "pydoc.locate": "import pydoc; module = pydoc.locate('{name}'); assert module is not None, 'not found'",
    "pkgutil.resolve_name": "import pkgutil; module = pkgutil.resolve_name('{name}')",
    "widening the guard's closure": (
        "import builtins\n"
        "for cell in builtins.__import__.__closure__ or ():\n"
        "    inner = cell.cell_contents\n"
        "    for deeper in getattr(inner, '__closure__', None) or ():\n"
        "        if type(deeper.cell_contents) is set:\n"
        "            deeper.cell_contents.add('{name}')\n"
        "module = __import__('{name}')"
    ),
    "the site-packages folder put back on sys.path": (
        "import sys, os, importlib._bootstrap as boot\nsys.path[:0] = [os.path.dirname(os.path.dirname(np.__file__)), *sys.path_importer_cache]\n"
        "module = boot._gcd_import('{name}')"
    ),
    "a module the forking process already holds": "import sys; module = sys.modules['{name}']",
}
# Packages the standard library's folder carries as wheels, loaded through zipimport.
BUNDLED_WHEEL = (
    "import glob, os, sys, zipimport\n"
    "wheels = glob.glob(os.path.join(os.path.dirname(os.__file__), '**', '*.whl'), recursive=True)\n"
    "print('WHEELS', len(wheels))\n"
    "for wheel in wheels:\n"
    "    name = os.path.basename(wheel).split('-')[0]\n"
    "    try:\n"
    "        print('LOADED', zipimport.zipimporter(wheel).load_module(name).__name__)\n"
    "    except Exception as exc:\n"
    "        print('not loaded', name, type(exc).__name__)\n"
)


# Routes that do not import when the package is not there (None, or a KeyError): the submission's own error follows.
NOT_FOUND_QUIETLY = {"find_spec and exec_module", "pydoc.locate", "a module the forking process already holds"}


@pytest.mark.parametrize("route", list(IMPORT_ROUTES))
def test_a_forbidden_package_cannot_be_imported_by_any_route(route, question, spawner, zygote, store):
    # pydantic is installed (quizzer needs it) and loaded in this test process, which the fork spawner forks.
    import pydantic  # noqa: F401 - held by this process, as the judge of `quizzer validate` holds it

    code = "import numpy as np\n" + IMPORT_ROUTES[route].format(name="pydantic") + "\nprint('LOADED', module.__name__)\n"
    result = run_hostile(question, code + CORRECT, spawner, zygote)
    assert "LOADED" not in result["output"], result
    # Worded as what it is, whatever the route; a route that finds nothing hands the submission a None
    # (or a KeyError) and its own use of it fails.
    assert result["verdict"] == ("runtime_error" if route in NOT_FOUND_QUIETLY else "forbidden_import"), result


def test_the_wheels_the_standard_library_bundles_are_not_in_the_view(question, spawner, zygote, store):
    # A red-team pass loaded pip 23.2.1 and setuptools from ensurepip's own wheels with zipimport.
    result = run_hostile(question, BUNDLED_WHEEL + CORRECT, spawner, zygote)
    assert result["verdict"] == "accepted", result
    assert "LOADED" not in result["output"] and "WHEELS 0" in result["output"], result["output"]


@pytest.mark.slow
@pytest.mark.torch
def test_a_numpy_question_judged_after_a_torch_question_never_sees_torch(question, store):
    # The app's judge keeps one Zygote for every question: a torch question must not leave torch to the next.
    import torch  # noqa: F401 - in the test extra: missing it fails, never skips
    torch_question = next(q for q in load_bank().questions.values() if "torch" in getattr(q.spec, "allowed_imports", []))
    reference = (paths.reference_dir() / torch_question.spec.reference).read_bytes()
    looker = textwrap.dedent('''
    import gc, json, sys, types
    seen = {"in sys.modules": "torch" in sys.modules,
            "reachable": any(type(o) is types.ModuleType and o.__name__ == "torch" for o in gc.get_objects())}
    print("REPORT " + json.dumps(seen))
    ''')
    with Zygote() as app_zygote:
        assert judge(torch_question, reference, seed=0, spawner=app_zygote.spawn).verdict.value == "accepted"
        result = judge(question, (looker + CORRECT).encode(), seed=0, spawner=app_zygote.spawn)
    assert result.verdict.value == "accepted", result.message
    assert _report(result.to_json()) == {"in sys.modules": False, "reachable": False}


VALIDATOR = """
import json, sys
import pydantic  # what `quizzer validate` holds: the bank's models
from quizzer.core.bank import load_bank
from quizzer.core.judge import judge, safe_spawner
result = judge(load_bank().get("numpy-lstm-cell"), open(sys.argv[1], "rb").read(), seed=0, spawner=safe_spawner())
print(json.dumps(result.to_json()))
"""


def test_the_default_spawner_never_forks_a_process_holding_other_packages(tmp_path):
    # A one-thread process that judged many questions (validate, grade, mutate) holds pydantic and more:
    # judge.safe_spawner() must not fork it for a NumPy question, but use that profile's zygote.
    looker = "import gc, json, sys, types\nprint('REPORT ' + json.dumps({'held': 'pydantic' in sys.modules, 'reachable': any(type(o) is types.ModuleType and o.__name__ == 'pydantic' for o in gc.get_objects())}))\n"
    (tmp_path / "looker.py").write_text(looker + CORRECT)
    env = dict(os.environ, QUIZZER_HOME=str(tmp_path), OPENBLAS_NUM_THREADS="1")  # one thread, as the CLI runs
    done = subprocess.run([sys.executable, "-c", VALIDATOR, str(tmp_path / "looker.py")], capture_output=True, text=True, cwd=ROOT, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["verdict"] == "accepted", result
    assert _report(result) == {"held": False, "reachable": False}


# ---------------------------------------------------------------- (4) what it inherits

INHERITED = '''
import ctypes, json, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.getauxval.restype = ctypes.c_ulong
# The initial stack's strings, without /proc: from argv[0] up to the program's file name (AT_EXECFN), which follows the environment.
start = ctypes.c_void_p.in_dll(libc, "program_invocation_name").value
area = ctypes.string_at(start, libc.getauxval(31) - start)
strings = [s for s in area.split(b"\\0") if b"=" in s]
# Host processes, by stat (which Landlock does not cover) as well as by listing.
pids = [n for n in range(1, 1 << 15) if os.path.exists(f"/proc/{n}")]
REPORT = {"nonzero": sum(1 for b in area if b), "env_strings": len(strings), "argv": sys.argv, "orig_argv": sys.orig_argv,
          "pids": pids, "stat": {}, "inotify": None}
for path in TARGETS:
    try:
        os.stat(path)
        REPORT["stat"][path] = "found"
    except OSError as exc:
        REPORT["stat"][path] = type(exc).__name__
fd = libc.inotify_init1(0)
if fd < 0:
    REPORT["inotify"] = os.strerror(ctypes.get_errno())
else:
    REPORT["inotify"] = "watching" if libc.inotify_add_watch(fd, b"/root", 0xFFF) >= 0 else os.strerror(ctypes.get_errno())
print("REPORT " + json.dumps(REPORT))
'''


def test_no_environment_arguments_host_processes_or_host_folders_reach_the_child(question, spawner, zygote, store):
    targets = [str(question.folder), str(paths.reference_dir()), str(paths.user_home() / "progress.sqlite3"), "/etc/passwd", "/etc/hostname", str(ROOT / ".git"), "/root/.bashrc", "/home"]
    targets = [t for t in targets if os.path.exists(t)]
    result = run_hostile(question, f"TARGETS = {targets!r}\n" + INHERITED + CORRECT, spawner, zygote)
    assert result["verdict"] == "accepted", result
    report = _report(result)
    assert report["nonzero"] == 0 and report["env_strings"] == 0  # the inherited stack's argv and environment, wiped
    assert report["argv"] == [] and report["orig_argv"] == []
    assert sorted(report["pids"]) == [1, 2]  # a /proc of its own PID namespace: its init and itself
    assert set(report["stat"].values()) == {"FileNotFoundError"}, report["stat"]
    assert report["inotify"] == os.strerror(1)  # EPERM: seccomp refuses inotify


def test_a_zygote_starts_with_a_minimal_environment(monkeypatch):
    # What a zygote's children could inherit starts with what the zygote was given: nothing of the app's own.
    monkeypatch.setenv("QZ_APP_SECRET", "do-not-pass-on")
    with Zygote() as fresh:
        [pid] = fresh.pids()
        environment = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    names = {entry.split(b"=", 1)[0].decode() for entry in environment if entry}
    assert "QZ_APP_SECRET" not in names and "QUIZZER_HOME" not in names
    assert names <= set(isolate.CLEAN_ENV) | {"PYTHONPATH", "PYTHONHOME", "LD_LIBRARY_PATH", "QUIZZER_CGROUP"}


SCANNER = '''
import ctypes, json, re
# The marker, spelled so that this file holds it only backwards: finding it means finding the judge's environment.
pattern = re.compile("".join("[%s]" % c for c in reversed(BACKWARDS)).encode())
found = 0
with open("/proc/self/maps") as maps:
    regions = [line.split() for line in maps]
for fields in regions:
    start, end = (int(x, 16) for x in fields[0].split("-"))
    if fields[1].startswith("rw") and end - start < (1 << 31):
        view = memoryview((ctypes.c_char * (end - start)).from_address(start)).cast("B")
        found += len(pattern.findall(view))
print("REPORT " + json.dumps({"found": found}))
'''


def test_the_judges_environment_is_nowhere_in_the_childs_memory(tmp_path):
    # The whole CLI, as a user runs it: a secret in its environment must not be anywhere the child can read.
    marker = "QZSECRET" + os.urandom(6).hex()
    solution = tmp_path / "solution.py"
    solution.write_text(f"BACKWARDS = {marker[::-1]!r}\n" + SCANNER + CORRECT)
    env = dict(os.environ, QUIZZER_HOME=str(tmp_path / "home"), QZ_TOKEN=marker)
    done = subprocess.run([sys.executable, "-m", "quizzer", "submit", "numpy-lstm-cell", str(solution), "--json"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    result = json.loads(done.stdout)
    assert result["verdict"] == "accepted", result
    assert _report(result) == {"found": 0}


# ---------------------------------------------------------------- (5) the judge's own memory

FLOODER = '''
import json, os, struct, sys

def _flood():
    frame = sys._getframe()
    while "out_fd" not in frame.f_locals:
        frame = frame.f_back
    fd = frame.f_locals["out_fd"]
    def send(header, blob_size=0):
        body = json.dumps({**header, "blobs": [blob_size] if blob_size else []}).encode()
        os.write(fd, struct.pack(">I", len(body)) + body)
        chunk = b"\\0" * (1 << 20)
        for _ in range(blob_size >> 20):
            os.write(fd, chunk)
    send({"event": "loaded"})
    junk = [{}] * JUNK  # JSON the judge would parse into objects
    for index in range(10):  # well-formed reports of a failing test, each with a large blob
        error = {"verdict": "runtime_error", "message": "flood"}
        send({"event": "test", "index": index, "error": error, "junk": junk, "values": {"$a": 0, "dtype": "|u1", "shape": [BLOB]}}, BLOB)
    send({"event": "done", "output": ""})
    os._exit(0)

_flood()
'''

MEASURE = '''
import json, resource, sys
from quizzer.core.bank import Question, load_bank
from quizzer.core.judge import judge
from quizzer.sandbox import isolate
from quizzer.sandbox.launch import spawn
original = load_bank().get("numpy-lstm-cell")
question = Question(original.spec.model_copy(update={"time_limit_s": 3.0, "memory_limit_mb": 128}), original.folder)
correct, flood = sys.argv[1:3]
judge(question, open(correct, "rb").read(), seed=0, spawner=spawn)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = judge(question, open(flood, "rb").read(), seed=0, spawner=spawn)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"verdict": result.verdict.value, "message": result.message, "growth_mib": (after - before) / 1024}))
'''


FLOODS = {
    "megabytes of JSON junk": (3_000_000, 1 << 20),
    "blobs near the child's memory limit": (100_000, 120 << 20),
    "blobs within half the child's memory limit": (100_000, 60 << 20),
}


@pytest.mark.parametrize("flood", list(FLOODS))
def test_a_child_flooding_the_judge_with_frames_cannot_grow_its_memory_past_the_childs_limit(flood, tmp_path):
    junk, blob = FLOODS[flood]
    (tmp_path / "correct.py").write_text(CORRECT)
    (tmp_path / "flood.py").write_text(f"JUNK, BLOB = {junk}, {blob}\n" + FLOODER + CORRECT)
    done = subprocess.run([sys.executable, "-c", MEASURE, str(tmp_path / "correct.py"), str(tmp_path / "flood.py")], capture_output=True, text=True, cwd=ROOT, timeout=300, env=dict(os.environ, QUIZZER_HOME=str(tmp_path)))
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["verdict"] == "runtime_error", report
    assert report["growth_mib"] < 128 + 32, report  # its limit, and the parse of a frame's header or two

