"""Locking a forked child down before it loads submitted code.

The process tree (see `launch.supervise`): the judge (or a zygote) forks A; A
calls `enter_namespaces`: as root it first clones the mounts of the child's view
(`mounts.clone_view`, reading with root's rights) and drops to a uid of the
sandbox's own; then, as any user, it unshares new user, PID, network, IPC and UTS
namespaces and forks B, the first process of the new PID namespace. B calls
`lock_down`: a mount namespace holding its private root (`mounts.build_root`:
only the view, read-only; a capped tmpfs at /tmp; a fresh /proc), the judge's
environment and arguments wiped from its memory, rlimits, no stdio, no
capabilities, the `seccomp.SANDBOX` filter, and a Landlock ruleset as a second
layer. B then forks C, which adds the `seccomp.NO_PROCESSES` filter and runs the
submission. When B dies the kernel kills everything left in its namespace and
frees its tmpfs.

`protections()` says what really took effect on this machine: the report of the
last child that locked down in this process, or a probe. `missing_required()`
names the protections judging strangers' code needs that are missing here.
Missing pieces degrade with a warning, never silently.

Imports only the standard library: the sandboxed child uses it.
"""

from __future__ import annotations

import ctypes
import json
import math
import os
import resource
import select
import signal
import sys
import warnings
from pathlib import Path

from quizzer.sandbox import mounts, seccomp
from quizzer.sandbox.view import View

CLEAN_ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "TMPDIR": "/tmp"}
# As root, each sandbox runs as its own unprivileged uid/gid, SANDBOX_ID_BASE + A's pid: RLIMIT_NPROC
# counts processes per uid across the machine, so a shared uid (nobody) would let one sandbox's
# threads starve every other sandbox running at the time; distinct uids also keep sandboxes apart by
# plain permissions. The range lies far above any account's.
SANDBOX_ID_BASE = 0x60000000

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long

# <linux/sched.h>, <linux/prctl.h>, <linux/capability.h>, <linux/landlock.h> (x86_64 syscall numbers)
CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x00020000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT = 1, 4, 24, 38, 47
SYS_CAPSET, SYS_LANDLOCK_CREATE, SYS_LANDLOCK_ADD, SYS_LANDLOCK_RESTRICT = 126, 444, 445, 446
_FS_READ_FILE, _FS_READ_DIR, _FS_WRITE_FILE = 1 << 2, 1 << 3, 1 << 1
_FS_ALL_ABI1 = (1 << 13) - 1
_FS_REFER, _FS_TRUNCATE, _FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
_NET_BIND_TCP, _NET_CONNECT_TCP = 1, 2
_SCOPE_ABSTRACT_UNIX, _SCOPE_SIGNAL = 1, 2
KEYCTL_JOIN_SESSION_KEYRING = 1

# Every protection protections() reports, with what it does, in the order `quizzer doctor` prints them.
DESCRIPTIONS = {
    "rlimits": "CPU time, memory, file size and open files are limited; no core dumps",
    "pid_namespace": "its own process tree: it sees and signals nothing outside, and all of it dies with it",
    "net_namespace": "no network: only a loopback of its own",
    "ipc_namespace": "its own System V IPC and message queues, gone with it",
    "uid_drop": "runs as an unprivileged user of its own, with no capabilities",
    "nproc_limit": "a cap on its threads and processes",
    "private_root": "a root of its own: the standard library and the question's allowed packages, read-only; nothing else of the disk exists for it",
    "private_tmp": "writes only a private /tmp with a size and file-count cap, freed by the kernel when it ends",
    "private_proc": "a /proc of its own: no other process is visible",
    "clean_inheritance": "no environment or arguments of the judge's: wiped from its memory before it runs",
    "seccomp": "no sockets, SysV or POSIX IPC, memfds, inotify, ptrace, namespaces, mounts, BPF, perf, keyring or io_uring",
    "no_processes": "no new process or program, only threads: the CPU and memory limits bound the whole submission",
    "landlock": "second layer: Landlock lets it read only its root and write only its /tmp",
    "landlock_net": "second layer: no TCP bind or connect",
    "landlock_scoping": "second layer: cannot signal its parent or reach abstract Unix sockets outside",
    "cgroup": "second layer: a cgroup v2 of its own caps its memory and processes (needs a delegated cgroup)",
}
KEYS = tuple(DESCRIPTIONS)
# What judging strangers' code needs (`quizzer grade` refuses without): the rest are second layers.
REQUIRED = tuple(key for key in KEYS if not DESCRIPTIONS[key].startswith("second layer"))

_report: dict[str, bool] | None = None


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _check(result: int, what: str) -> int:
    if result < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")
    return result


def _prctl(option: int, arg: int = 0, arg3: int = 0) -> None:
    _check(_libc.prctl(option, ctypes.c_ulong(arg), ctypes.c_ulong(arg3), 0, 0), f"prctl({option})")


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, 0 when Landlock is unavailable."""
    version = _libc.syscall(SYS_LANDLOCK_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    return max(int(version), 0)


# ---------------------------------------------------------------- A: namespaces


def sandbox_id() -> int:
    """The uid and gid a sandbox runs as when started by root: unique while its supervisor (A, the caller) lives."""
    return SANDBOX_ID_BASE + os.getpid()


def _drop_root(uid: int) -> None:
    """Become `uid`/`uid`, no supplementary groups: a root process loses every capability with it."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


def _write_maps(uid: int, gid: int) -> None:
    _prctl(PR_SET_DUMPABLE, 1)  # a non-dumpable process does not own /proc/self/uid_map (B clears it again)
    for name, text in (("uid_map", f"{uid} {uid} 1"), ("setgroups", "deny"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as file:
            file.write(text)


def enter_namespaces(view: View, parent: int) -> tuple[dict[str, bool], dict[str, int] | None]:
    """In A, before forking B: (as root: clone the view's mounts, drop to `sandbox_id()`), then new namespaces.

    Returns which namespaces took effect, and the view's clones when root made
    them (else B makes them, inside its user namespace, with the user's rights).
    `parent` is the judge's pid: the uid change clears PR_SET_PDEATHSIG, so it is set again.
    """
    done = {"pid_namespace": False, "net_namespace": False, "ipc_namespace": False, "user_namespace": False, "uid_drop": os.geteuid() != 0}
    clones = None
    if os.geteuid() == 0:
        try:
            clones = mounts.clone_view(view)
        except OSError:
            clones = None  # no new mount API here: B falls back to Landlock alone
        try:
            _drop_root(sandbox_id())
            done["uid_drop"] = True
        except OSError:
            pass
        die_with_parent(parent)
    uid, gid = os.geteuid(), os.getegid()
    if _libc.unshare(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS) == 0:
        _write_maps(uid, gid)
        return dict.fromkeys(done, True) | {"uid_drop": done["uid_drop"]}, clones
    # Try the pieces one by one: a kernel may allow some and not others.
    if _libc.unshare(CLONE_NEWUSER) == 0:
        _write_maps(uid, gid)
        done["user_namespace"] = True
    for key, flag in (("net_namespace", CLONE_NEWNET), ("ipc_namespace", CLONE_NEWIPC), ("pid_namespace", CLONE_NEWPID)):
        done[key] = _libc.unshare(flag) == 0
    _libc.unshare(CLONE_NEWUTS)
    return done, clones


# ---------------------------------------------------------------- B: lock down


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def resident_kb() -> int:
    """This process's resident memory now."""
    return _status_kb("VmRSS")


PENDING_SIGNALS = 64  # queued signals a submission may have pending at once (RLIMIT_SIGPENDING)


def close_other_fds(keep_fds: tuple[int, ...]) -> None:
    """Close every descriptor from 3 up except `keep_fds`: nothing of the judge's leaks in."""
    low = 3
    for fd in sorted(keep_fds):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, resource.getrlimit(resource.RLIMIT_NOFILE)[0])


def _set_rlimits(limits) -> None:
    cpu = math.ceil(limits.cpu_s)  # SIGXCPU at the limit, SIGKILL a second later
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    address_space = _status_kb("VmSize") * 1024 + limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size_mb << 20,) * 2)
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files,) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # Queued signals are kernel memory RLIMIT_AS does not see, and their count is the user's, shared
    # with every process of the same uid: a submission queueing 96,000 starved the user's others.
    resource.setrlimit(resource.RLIMIT_SIGPENDING, (PENDING_SIGNALS, PENDING_SIGNALS))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _drop_capabilities() -> None:
    """No capability at all, in any namespace, ever again (bounding and ambient sets emptied too)."""
    last_cap = int(Path("/proc/sys/kernel/cap_last_cap").read_text()) if os.path.exists("/proc/sys/kernel/cap_last_cap") else 40
    for cap in range(last_cap + 1):
        try:
            _prctl(PR_CAPBSET_DROP, cap)
        except OSError:
            break  # no CAP_SETPCAP (no user namespace): there is nothing to drop either
    _prctl(PR_CAP_AMBIENT, 4)  # PR_CAP_AMBIENT_CLEAR_ALL
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (_CapData * 2)()
    _check(_libc.syscall(SYS_CAPSET, ctypes.byref(header), ctypes.byref(data)), "capset")


def wipe_inherited() -> None:
    """Erase the judge's environment and arguments from this process's memory, then set CLEAN_ENV.

    The strings `environ` points to (the initial stack, or the heap for variables
    set later) and the stack's whole argv/environment area (/proc/self/stat
    arg_start..env_end) are overwritten with zeros; Python's copies (`posix.environ`'s
    bytes, `sys.argv`, `sys.orig_argv`) are zeroed or dropped. A fork inherits the result.
    """
    import posix

    environ = ctypes.POINTER(ctypes.c_void_p).in_dll(_libc, "environ")
    strings = []
    index = 0
    while environ and environ[index]:
        strings.append(environ[index])
        index += 1
    for address in strings:
        ctypes.memset(address, 0, _libc.strlen(ctypes.c_void_p(address)))
    _libc.clearenv()
    with open("/proc/self/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    arg_start, env_end = int(fields[45]), int(fields[48])  # fields 48 and 51 of proc(5), counted after the name
    if 0 < arg_start < env_end:
        ctypes.memset(arg_start, 0, env_end - arg_start)
    copies = [value for item in posix.environ.items() for value in item]
    posix.environ.clear()  # os.environ's own store: the os module shares it
    offset = bytes.__basicsize__ - 1
    for value in copies:
        if type(value) is bytes and len(value) > 1:  # single bytes are shared singletons
            ctypes.memset(id(value) + offset, 0, len(value))
    del copies
    sys.argv[:] = []
    sys.orig_argv[:] = []
    os.environ.update(CLEAN_ENV)


def _leave_the_judges_keyring() -> None:
    """A new, empty session keyring: the judge's keys are not the submission's (seccomp also refuses keyctl)."""
    _libc.syscall(seccomp.machine()[1]["keyctl"], KEYCTL_JOIN_SESSION_KEYRING, None)


def _landlock(abi: int, private_root: bool, view: View) -> None:
    """Restrict this process: read its root (or, without one, the view's paths), write only /tmp and the devices; no TCP, scoped signals."""
    handled_fs = _FS_ALL_ABI1 | (_FS_REFER if abi >= 2 else 0) | (_FS_TRUNCATE if abi >= 3 else 0) | (_FS_IOCTL_DEV if abi >= 5 else 0)
    attr = _RulesetAttr(handled_fs, _NET_BIND_TCP | _NET_CONNECT_TCP if abi >= 4 else 0, _SCOPE_ABSTRACT_UNIX | _SCOPE_SIGNAL if abi >= 6 else 0)
    size = ctypes.sizeof(_RulesetAttr) if abi >= 6 else (16 if abi >= 4 else 8)
    ruleset = _check(_libc.syscall(SYS_LANDLOCK_CREATE, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0)), "landlock_create_ruleset")
    read = _FS_READ_FILE | _FS_READ_DIR
    writable = handled_fs & ~(1 << 0)  # everything but EXECUTE: no program is ever run
    file_rights = _FS_READ_FILE | _FS_WRITE_FILE | (_FS_TRUNCATE if abi >= 3 else 0)
    if private_root:
        rules = [("/", read), ("/tmp", writable)]
    else:
        rules = [(path, read) for path in view.reads]  # no private root: the host's paths, and nowhere to write
    rules += [(device, file_rights) for device in view.devices]
    try:
        for path, access in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            if not os.path.isdir(path):
                access &= file_rights
            rule = _PathBeneath(access & handled_fs, fd)
            try:
                _check(_libc.syscall(SYS_LANDLOCK_ADD, ruleset, 1, ctypes.byref(rule), 0), f"landlock_add_rule {path}")
            finally:
                os.close(fd)
        _prctl(PR_SET_NO_NEW_PRIVS, 1)
        _check(_libc.syscall(SYS_LANDLOCK_RESTRICT, ruleset, 0), "landlock_restrict_self")
    finally:
        os.close(ruleset)


def scope_again() -> None:
    """A nested Landlock domain that only scopes signals and abstract sockets: cut off from its parent (B)."""
    if landlock_abi() >= 6:
        attr = _RulesetAttr(0, 0, _SCOPE_ABSTRACT_UNIX | _SCOPE_SIGNAL)
        ruleset = _check(_libc.syscall(SYS_LANDLOCK_CREATE, ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)), ctypes.c_uint32(0)), "landlock_create_ruleset")
        try:
            _check(_libc.syscall(SYS_LANDLOCK_RESTRICT, ruleset, 0), "landlock_restrict_self")
        finally:
            os.close(ruleset)


def _private_root(view: View, clones: dict[str, int] | None, limits) -> bool:
    """B's own mount namespace with the private root (see `mounts`); False, in `/`, when the kernel does not allow it."""
    try:
        _check(_libc.unshare(CLONE_NEWNS), "unshare(CLONE_NEWNS)")
        if clones is None:
            clones = mounts.clone_view(view)
        mounts.build_root(view, clones, f"size={limits.disk_mb}m,nr_inodes={limits.disk_files},mode=0700")
        return True
    except OSError:
        if clones:
            for fd in clones.values():
                try:
                    os.close(fd)
                except OSError:
                    pass
        os.chdir("/")
        return False


def lock_down(view: View, clones: dict[str, int] | None, limits, keep_fds: tuple[int, ...], lifeline: int, namespaces: dict[str, bool]) -> dict[str, bool]:
    """In B, before loading the submission: everything but the namespaces A made. Returns what took effect.

    `lifeline` is the read end of a pipe only A writes to: when A is already
    gone B exits here (PR_SET_PDEATHSIG covers A dying later).
    """
    report = dict.fromkeys(KEYS, False) | {key: value for key, value in namespaces.items() if key in DESCRIPTIONS}
    os.setpgid(0, 0)  # its own group: kill(0, ...) reaches nothing of A's; without a PID namespace A kills this group
    in_user_namespace = namespaces.get("user_namespace", False)
    private = in_user_namespace and _private_root(view, clones, limits)
    report["private_root"] = report["private_tmp"] = report["private_proc"] = private
    try:
        wipe_inherited()
        report["clean_inheritance"] = True
    except (OSError, ValueError, AttributeError):
        os.environ.clear()
        os.environ.update(CLEAN_ENV)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    close_other_fds((*keep_fds, lifeline))
    _set_rlimits(limits)
    report["rlimits"] = True
    try:
        _leave_the_judges_keyring()
    except OSError:
        pass  # no filter for this machine: the filter is reported missing below
    try:
        _drop_capabilities()
    except OSError:
        report["uid_drop"] = False
    # RLIMIT_NPROC only binds a process that is not uid 0 and lacks CAP_SYS_RESOURCE/ADMIN.
    resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes,) * 2)
    report["nproc_limit"] = report["uid_drop"] and os.getuid() != 0
    _prctl(PR_SET_NO_NEW_PRIVS, 1)  # nothing can gain privileges (and seccomp and Landlock need it)
    _prctl(PR_SET_DUMPABLE, 0)  # no core dumps, no ptrace, /proc of it owned by root
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    try:
        seccomp.install(seccomp.sandbox_program)
        report["seccomp"] = True
    except (OSError, ValueError):
        pass
    if select.select([lifeline], [], [], 0)[0]:
        os._exit(75)  # A died before PDEATHSIG was set
    os.close(lifeline)
    abi = landlock_abi()
    if abi:
        try:
            _landlock(abi, private, view)
            report["landlock"] = True
            report["landlock_net"] = abi >= 4
            report["landlock_scoping"] = abi >= 6
        except OSError:
            pass
    report["cgroup"] = bool(namespaces.get("cgroup", False))
    return report


def lock_down_child() -> dict[str, bool]:
    """In C, just before it loads the submission: its own Landlock scope and the NO_PROCESSES filter."""
    try:
        scope_again()
    except OSError:
        pass  # B is the namespace's init: signals without a handler do not reach it anyway
    try:
        seccomp.install(seccomp.no_processes_program)
        return {"no_processes": True}
    except (OSError, ValueError):
        return {"no_processes": False}


# ---------------------------------------------------------------- reporting


def record(report: dict) -> None:
    """Remember what a child of this process reported about its lockdown (trusted: sent before it loads code)."""
    global _report
    if type(report) is dict and all(type(v) is bool for v in report.values()):
        _report = {key: bool(report.get(key, False)) for key in KEYS}


def protections() -> dict[str, bool]:
    """Which protections a child really gets on this machine; probed once per process if no child reported yet.

    Warns (once per process) when a required one is missing.
    """
    global _report
    if _report is None:
        record(_probe())
        if _report is None:
            _report = dict.fromkeys(KEYS, False)
        missing = missing_required(_report)
        if missing:
            warnings.warn(f"quizzer sandbox: weaker isolation on this machine (missing: {', '.join(missing)})", RuntimeWarning, stacklevel=2)
    return dict(_report)


def missing_required(report: dict[str, bool] | None = None) -> list[str]:
    """The required protections (see REQUIRED) not active here, or not in `report` when one is given: empty when it is safe to judge strangers' code."""
    report = protections() if report is None else report
    return [key for key in REQUIRED if not report.get(key, False)]


def die_with_parent(parent: int) -> None:
    """Get SIGKILL when the parent (thread) that forked us dies; exit now if it already has."""
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(75)


def _probe() -> dict:
    """Lock a child down and read its report: forked from here, or started as a process when
    this one runs threads (a multi-threaded process must not fork: see zygote)."""
    import threading

    if threading.active_count() == 1:
        from quizzer.sandbox.launch import probe

        return probe()
    import subprocess

    done = subprocess.run([sys.executable, "-m", "quizzer.sandbox.zygote", "--probe"], capture_output=True, timeout=60)
    try:
        return json.loads(done.stdout)
    except ValueError:
        return {}


def kill_all(pid: int) -> None:
    """Kill a process and its process group (the fallback when there is no PID namespace)."""
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            target()
        except (ProcessLookupError, PermissionError):
            pass


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it (read from /proc/*/stat, which a non-dumpable process does not hide)."""
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as stat:
                    parents[int(name)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    found, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def cpu_seconds(pids: list[int]) -> float:
    """The CPU time (user and system, all threads) the processes `pids` have used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of proc(5)
        except (OSError, IndexError, ValueError):
            pass
    return total / ticks


def dumps_report(report: dict) -> bytes:
    """One line of the control channel."""
    return (json.dumps(report) + "\n").encode()
