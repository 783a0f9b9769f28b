"""Locking a forked child down before it loads submitted code.

The process tree (see `launch.supervise`): the judge forks A; A calls
`enter_namespaces` (new PID, network, IPC and UTS namespaces; as a non-root
user also a user namespace) and forks B, the first process of the new PID
namespace. B calls `lock_down`: empty working directory and environment,
rlimits, no stdio, then (as root) drops to a uid/gid of its own keeping only
CAP_DAC_READ_SEARCH so it can still read Python under /root, and finally a
Landlock ruleset: read-only allow-list of what Python and NumPy need, the
working directory read-write, no TCP, no signals or abstract sockets outside
its own domain. When B dies the kernel kills everything left in its namespace.

`protections()` says what really took effect on this machine: the report of
the last child that locked down in this process, or a probe. Missing pieces
degrade with a warning, never silently.

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

CLEAN_ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
# As root, each sandbox runs as its own unprivileged uid/gid, SANDBOX_ID_BASE + A's pid: RLIMIT_NPROC
# counts processes per uid across the machine, so a shared uid (nobody) would let one fork bomb
# starve every other sandbox running at the time; distinct uids also keep sandboxes apart by plain
# permissions. The range lies far above any account's.
SANDBOX_ID_BASE = 0x60000000

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long

# <linux/sched.h>, <linux/prctl.h>, <linux/capability.h>, <linux/landlock.h> (x86_64 syscall numbers)
CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_KEEPCAPS, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT = 1, 4, 8, 24, 38, 47
CAP_DAC_READ_SEARCH = 2
SYS_CAPSET, SYS_LANDLOCK_CREATE, SYS_LANDLOCK_ADD, SYS_LANDLOCK_RESTRICT = 126, 444, 445, 446
_FS_READ_FILE, _FS_READ_DIR, _FS_WRITE_FILE = 1 << 2, 1 << 3, 1 << 1
_FS_ALL_ABI1 = (1 << 13) - 1
_FS_REFER, _FS_TRUNCATE, _FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
_NET_BIND_TCP, _NET_CONNECT_TCP = 1, 2
_SCOPE_ABSTRACT_UNIX, _SCOPE_SIGNAL = 1, 2

# <linux/seccomp.h>, <linux/filter.h>, <linux/audit.h>: per machine, its audit arch and the syscalls the filter names.
PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
_SECCOMP_ARCH = {
    "x86_64": {"arch": 0xC000003E, "socket": 41, "socketpair": 53, "add_key": 248, "request_key": 249, "keyctl": 250, "io_uring_setup": 425},
    "aarch64": {"arch": 0xC00000B7, "socket": 198, "socketpair": 199, "add_key": 217, "request_key": 218, "keyctl": 219, "io_uring_setup": 425},
}
_AF_INET, _AF_INET6, _SOCK_STREAM, _SOCK_SEQPACKET = 2, 10, 1, 5
KEYCTL_JOIN_SESSION_KEYRING = 1

# Every protection protections() reports, with what it does, in the order `quizzer doctor` prints them.
DESCRIPTIONS = {
    "rlimits": "CPU time, memory, file size and open files are limited; no core dumps",
    "pid_namespace": "its own process tree: it sees and signals nothing outside, and all of it dies with it",
    "net_namespace": "no network: only a loopback of its own",
    "ipc_namespace": "no shared memory or message queues with other processes",
    "uid_drop": "runs as an unprivileged user of its own",
    "nproc_limit": "a cap on its processes (a fork bomb stops there)",
    "landlock": "reads only the installed Python and packages (not your files, the bank or the references); writes only its temp dir",
    "landlock_net": "no TCP bind or connect",
    "landlock_scoping": "cannot signal the judge or reach abstract Unix sockets outside",
    "seccomp": "no Unix, vsock or netlink sockets (they reach past the network namespace), no keyring, no io_uring",
}
KEYS = tuple(DESCRIPTIONS)

_report: dict[str, bool] | None = None


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


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


# ---------------------------------------------------------------- what the child may read


def _forbidden_paths(candidates: list[str]) -> list[str]:
    """The quizzer package wherever it is installed, the bank and references, a source checkout's root.

    Looks in each candidate directory and its `site-packages`/`dist-packages`
    for entries named quizzer*. The bank is where quizzer keeps it (inside the
    package or beside it in a checkout) or where `QUIZZER_CONTENT` points; it is
    named, not searched for: a search stats every folder of the stdlib and
    site-packages, in the sandbox's start-up.
    """
    package = str(Path(__file__).resolve().parents[1])
    bad = {package}
    content = os.environ.get("QUIZZER_CONTENT")  # an author's copy of the bank (see quizzer.paths.content_root)
    if content:
        bad.update(os.path.realpath(os.path.join(os.path.expanduser(content), folder)) for folder in ("questions", "reference"))
    home = os.environ.get("QUIZZER_HOME")  # the user's progress, wherever they keep it (see quizzer.paths.user_home)
    if home:
        bad.add(os.path.realpath(os.path.expanduser(home)))
    checkout = os.path.dirname(package)
    if _holds_bank(checkout):
        # A source checkout holds the bank, the references, the tests and their history: all of it is
        # out of reach, except a virtual environment made inside it (`python -m venv .venv`, as the README does).
        prefixes = [os.path.realpath(p) for p in (sys.prefix, sys.exec_prefix)]
        for entry in _entries(checkout):
            real = os.path.realpath(entry.path)
            if not any(prefix == real or prefix.startswith(real + "/") for prefix in prefixes):
                bad.add(real)
    for directory in candidates:
        for scanned in (directory, os.path.join(directory, "site-packages"), os.path.join(directory, "dist-packages")):
            for entry in _entries(scanned):
                if entry.name.lower().startswith(("quizzer", "_editable_impl_quizzer", "__editable__")):
                    bad.add(os.path.realpath(entry.path))
    return sorted(bad)


def _is_library_dir(entry: str) -> bool:
    """A sys.path entry that holds installed code: under the interpreter's prefixes, or a site-packages.

    Not the current directory or a PYTHONPATH folder of the user's, which may hold
    anything (their progress, their other solutions).
    """
    if not entry:
        return False
    real = os.path.realpath(entry)
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    return any(real == p or real.startswith(p + "/") for p in prefixes) or os.path.basename(real) in ("site-packages", "dist-packages")


def _holds_bank(path: str) -> bool:
    return os.path.isdir(os.path.join(path, "questions")) or os.path.isdir(os.path.join(path, "reference"))


def _safe_roots(path: str, bad: list[str]) -> list[str]:
    """`path` itself when nothing forbidden lies under it, else its harmless descendants."""
    forbidden = set(bad)
    above = {"/", *(folder for b in bad for folder in _self_and_ancestors(os.path.dirname(b)))}  # folders with something forbidden below

    expanded: set[str] = set()

    def walk(path: str, anywhere: bool) -> list[str]:
        path = os.path.normpath(path)  # "/" stays "/"
        if path in expanded:
            return []  # a symlink back into a folder being walked: its contents are handled there
        # Below a folder already checked only the path itself can be forbidden; a symlink can lead anywhere.
        if any(folder in forbidden for folder in _self_and_ancestors(path)) if anywhere else path in forbidden:
            return []
        if path not in above:
            return [path]
        expanded.add(path)
        roots = []
        for entry in sorted(_entries(path), key=lambda e: e.name):
            symlink = entry.is_symlink()
            roots += walk(os.path.realpath(entry.path) if symlink else entry.path, symlink)
        return roots

    return walk(path, True)


def _self_and_ancestors(path: str):
    while path not in ("/", ""):
        yield path
        path = os.path.dirname(path)


def _entries(path: str) -> list[os.DirEntry]:
    try:
        with os.scandir(path) as entries:
            return list(entries)
    except OSError:
        return []


_READ_ROOTS: list[str] | None = None


def read_roots() -> list[str]:
    """Paths the child may read: stdlib, lib-dynload, site-packages (minus quizzer and the bank), shared libs.

    Computed once per process: by A, the sandbox's supervisor, before B locks down; a zygote
    computes it once at start so that every A it forks inherits it.
    """
    global _READ_ROOTS
    if _READ_ROOTS is None:
        import sysconfig

        entries = [sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")]
        entries += [entry for entry in sys.path if _is_library_dir(entry)]
        candidates = list(dict.fromkeys(os.path.realpath(e) for e in entries if e and os.path.isdir(e)))
        bad = _forbidden_paths(candidates)
        system = ["/usr/lib", "/usr/lib64", "/lib", "/lib64", "/etc/ld.so.cache", "/dev/urandom"]
        roots: list[str] = []
        for candidate in candidates + [p for p in system if os.path.exists(p)]:
            for root in _safe_roots(candidate, bad):  # a system folder may hold quizzer too (a distro's Python)
                if root not in roots:
                    roots.append(root)
        _READ_ROOTS = roots
    return _READ_ROOTS


# ---------------------------------------------------------------- steps in A and B


def enter_namespaces() -> dict[str, bool]:
    """In A, before forking B: new PID, network, IPC, UTS (and, unprivileged, user) namespaces.

    Returns which of them took effect. As root no user namespace is used: the
    kernel exempts uid 0 from RLIMIT_NPROC even inside one, so B drops to
    an unprivileged uid instead (see `sandbox_id` and `lock_down`).
    """
    done = {"pid_namespace": False, "net_namespace": False, "ipc_namespace": False}
    flags = CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
    uid, gid = os.geteuid(), os.getegid()
    if uid != 0:
        flags |= CLONE_NEWUSER
    if _libc.unshare(flags) != 0:
        # Try the pieces one by one: a kernel may allow some and not others.
        for key, flag in (("net_namespace", CLONE_NEWNET), ("ipc_namespace", CLONE_NEWIPC), ("pid_namespace", CLONE_NEWPID)):
            done[key] = _libc.unshare(flag | (CLONE_NEWUSER if uid else 0)) == 0
        return done
    if uid != 0:
        _prctl(PR_SET_DUMPABLE, 1)  # a non-dumpable process does not own /proc/self/uid_map (B clears it again)
        for name, text in (("uid_map", f"{uid} {uid} 1"), ("setgroups", "deny"), ("gid_map", f"{gid} {gid} 1")):
            with open(f"/proc/self/{name}", "w") as file:
                file.write(text)
    return dict.fromkeys(done, True)


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _vm_size() -> int:
    return _status_kb("VmSize") * 1024


def resident_kb() -> int:
    """This process's resident memory now (read before Landlock hides /proc)."""
    return _status_kb("VmRSS")


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
    address_space = _vm_size() + limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size_mb << 20,) * 2)
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files,) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _capset(keep: int) -> None:
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (_CapData * 2)()
    data[0].effective = data[0].permitted = keep
    _check(_libc.syscall(SYS_CAPSET, ctypes.byref(header), ctypes.byref(data)), "capset")


def sandbox_id() -> int:
    """The uid and gid a sandbox runs as when started by root: unique while its supervisor (A, the caller) lives."""
    return SANDBOX_ID_BASE + os.getpid()


def _drop_root(uid: int) -> None:
    """Become `uid`/`uid` with CAP_DAC_READ_SEARCH only: reads go on (Landlock bounds them), nothing else."""
    last_cap = int(Path("/proc/sys/kernel/cap_last_cap").read_text())
    for cap in range(last_cap + 1):
        if cap != CAP_DAC_READ_SEARCH:
            _prctl(PR_CAPBSET_DROP, cap)
    _prctl(PR_CAP_AMBIENT, 4)  # PR_CAP_AMBIENT_CLEAR_ALL
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    _prctl(PR_SET_KEEPCAPS, 1)
    os.setresuid(uid, uid, uid)
    _capset(1 << CAP_DAC_READ_SEARCH)
    _prctl(PR_SET_KEEPCAPS, 0)


def _landlock(abi: int, workdir: str) -> None:
    """Restrict this process to reading the allow-list and writing `workdir`; no TCP, scoped signals."""
    handled_fs = _FS_ALL_ABI1 | (_FS_REFER if abi >= 2 else 0) | (_FS_TRUNCATE if abi >= 3 else 0) | (_FS_IOCTL_DEV if abi >= 5 else 0)
    attr = _RulesetAttr(handled_fs, _NET_BIND_TCP | _NET_CONNECT_TCP if abi >= 4 else 0, _SCOPE_ABSTRACT_UNIX | _SCOPE_SIGNAL if abi >= 6 else 0)
    size = ctypes.sizeof(_RulesetAttr) if abi >= 6 else (16 if abi >= 4 else 8)
    ruleset = _check(_libc.syscall(SYS_LANDLOCK_CREATE, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0)), "landlock_create_ruleset")
    read = _FS_READ_FILE | _FS_READ_DIR
    writable = handled_fs & ~(1 << 0)  # everything but EXECUTE: no program is ever run
    rules = [(p, read) for p in read_roots()] + [(workdir, writable), (os.devnull, _FS_READ_FILE | _FS_WRITE_FILE)]
    try:
        for path, access in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            if not os.path.isdir(path):
                access &= _FS_READ_FILE | _FS_WRITE_FILE | (_FS_TRUNCATE if abi >= 3 else 0)
            rule = _PathBeneath(access & handled_fs, fd)
            try:
                _check(_libc.syscall(SYS_LANDLOCK_ADD, ruleset, 1, ctypes.byref(rule), 0), f"landlock_add_rule {path}")
            finally:
                os.close(fd)
        _prctl(PR_SET_NO_NEW_PRIVS, 1)
        _check(_libc.syscall(SYS_LANDLOCK_RESTRICT, ruleset, 0), "landlock_restrict_self")
    finally:
        os.close(ruleset)


def _seccomp_numbers() -> dict[str, int]:
    import platform

    numbers = _SECCOMP_ARCH.get(platform.machine())
    if numbers is None:
        raise OSError(0, f"no seccomp filter for {platform.machine()}")
    return numbers


def _assemble(program: list[tuple]) -> list[tuple[int, int, int, int]]:
    """Classic BPF from lines `(code, k)`, `(code, k, true_label, false_label)` and `label` strings."""
    lines = [line for line in program if not isinstance(line, str)]
    where, index = {}, 0
    for line in program:
        if isinstance(line, str):
            where[line] = index
        else:
            index += 1
    out = []
    for i, line in enumerate(lines):
        code, k, *targets = line
        jt, jf = (where[t] - i - 1 if t else 0 for t in targets) if targets else (0, 0)
        out.append((code, jt, jf, k))
    return out


def _seccomp() -> None:
    """A seccomp filter: sockets only of the internet families, socket pairs only of stream kinds, no keys, no io_uring.

    What it closes: Unix sockets reach past the network namespace to any socket file the
    sandbox's uid may write to (a session bus, /dev/log), and so does a datagram socket pair
    (sendto a path); vsock reaches the host of a virtual machine; the session keyring is the
    judge's; io_uring could open sockets without a syscall. Internet sockets stay (the network
    namespace and Landlock confine them); stream pairs connect to nothing. Syscalls of another ABI
    (i386, x32) are refused: they would dodge the numbers checked here. Refused calls fail with EACCES.
    """
    numbers = _seccomp_numbers()
    ld, jeq, jge, and_, ret = 0x20, 0x15, 0x35, 0x54, 0x06  # BPF_LD|W|ABS, JMP|JEQ|K, JMP|JGE|K, ALU|AND|K, RET|K
    allow, refuse = 0x7FFF0000, 0x00050000 | 13  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EACCES
    # seccomp_data: nr at 0, arch at 4, args[i] at 16 + 8 i (their low halves: little-endian machines only).
    program = [
        (ld, 4),
        (jeq, numbers["arch"], None, "refuse"),
        (ld, 0),
        (jge, 0x40000000, "refuse", None),  # x32 numbers
        *((jeq, numbers[name], "refuse", None) for name in ("io_uring_setup", "add_key", "request_key", "keyctl")),
        (jeq, numbers["socket"], "socket", None),
        (jeq, numbers["socketpair"], "pair", None),
        (ret, allow),
        "socket",
        (ld, 16),
        (jeq, _AF_INET, "allow", None),
        (jeq, _AF_INET6, "allow", "refuse"),
        "pair",
        (ld, 24),
        (and_, 0xF),  # the type without SOCK_CLOEXEC / SOCK_NONBLOCK
        (jeq, _SOCK_STREAM, "allow", None),
        (jeq, _SOCK_SEQPACKET, "allow", "refuse"),
        "allow",
        (ret, allow),
        "refuse",
        (ret, refuse),
    ]
    lines = _assemble(program)
    filters = (_SockFilter * len(lines))(*(_SockFilter(*line) for line in lines))
    fprog = _SockFprog(len(lines), filters)
    _check(_libc.prctl(PR_SET_SECCOMP, ctypes.c_ulong(SECCOMP_MODE_FILTER), ctypes.byref(fprog), 0, 0), "prctl(PR_SET_SECCOMP)")


def _leave_the_judges_keyring() -> None:
    """A new, empty session keyring: the judge's keys are not the submission's (seccomp also refuses keyctl)."""
    _libc.syscall(_seccomp_numbers()["keyctl"], KEYCTL_JOIN_SESSION_KEYRING, None)


def scope_again() -> None:
    """A nested Landlock domain that only scopes signals and abstract sockets: cut off from its parent (B)."""
    if landlock_abi() >= 6:
        attr = _RulesetAttr(0, 0, _SCOPE_ABSTRACT_UNIX | _SCOPE_SIGNAL)
        ruleset = _check(_libc.syscall(SYS_LANDLOCK_CREATE, ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)), ctypes.c_uint32(0)), "landlock_create_ruleset")
        try:
            _check(_libc.syscall(SYS_LANDLOCK_RESTRICT, ruleset, 0), "landlock_restrict_self")
        finally:
            os.close(ruleset)


def lock_down(workdir: str, limits, keep_fds: tuple[int, ...], lifeline: int, namespaces: dict[str, bool], uid: int) -> dict[str, bool]:
    """In B, before loading the submission: everything but the namespaces. Returns what took effect.

    `uid` is what root drops to (`sandbox_id()` of A); an unprivileged caller keeps its own.
    `lifeline` is the read end of a pipe only A writes to: when A is already
    gone B exits here (PR_SET_PDEATHSIG covers A dying later).
    """
    report = dict.fromkeys(KEYS, False) | namespaces
    root = os.geteuid() == 0
    os.setpgid(0, 0)  # its own group: kill(0, ...) reaches nothing of A's; without a PID namespace A kills this group
    os.chdir(workdir)
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
    if root:
        try:
            _drop_root(uid)
            report["uid_drop"] = True
        except OSError:
            pass
    else:
        report["uid_drop"] = True  # never root to begin with
        try:
            _capset(0)  # the capabilities B holds inside its own user namespace
        except OSError:
            pass
    # RLIMIT_NPROC only binds a process that is not uid 0 and lacks CAP_SYS_RESOURCE/ADMIN.
    resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes,) * 2)
    report["nproc_limit"] = os.getuid() != 0
    _prctl(PR_SET_NO_NEW_PRIVS, 1)  # nothing it executes can gain privileges (and Landlock needs it)
    _prctl(PR_SET_DUMPABLE, 0)  # no core dumps (a piped core_pattern would run as root), no ptrace
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # after the uid change, which clears it
    try:
        _seccomp()
        report["seccomp"] = True
    except OSError:
        pass
    if select.select([lifeline], [], [], 0)[0]:
        os._exit(75)  # A died before PDEATHSIG was set
    os.close(lifeline)
    abi = landlock_abi()
    if abi:
        try:
            _landlock(abi, workdir)
            report["landlock"] = True
            report["landlock_net"] = abi >= 4
            report["landlock_scoping"] = abi >= 6
        except OSError:
            pass
    if root and report["uid_drop"] and not report["landlock"]:
        # CAP_DAC_READ_SEARCH was kept for reads that Landlock bounds; unbounded, it would read anything.
        # Without it, only world-readable files are readable (imports not done before the fork may fail).
        _capset(0)
    return report


# ---------------------------------------------------------------- reporting


def record(report: dict) -> None:
    """Remember what a child of this process reported about its lockdown (trusted: sent before it loads code)."""
    global _report
    if type(report) is dict and all(type(v) is bool for v in report.values()):
        _report = {key: bool(report.get(key, False)) for key in KEYS}


def protections() -> dict[str, bool]:
    """Which protections a child really gets on this machine; probed once per process if no child reported yet.

    Warns (once per process) when any is missing.
    """
    global _report
    if _report is None:
        record(_probe())
        if _report is None:
            _report = dict.fromkeys(KEYS, False)
        missing = [key for key, active in _report.items() if not active]
        if missing:
            warnings.warn(f"quizzer sandbox: weaker isolation on this machine (missing: {', '.join(missing)})", RuntimeWarning, stacklevel=2)
    return dict(_report)


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


def pid_namespace_members(namespace: str) -> list[int]:
    """Pids (as this process sees them) of every process in the PID namespace `namespace` ("pid:[inode]")."""
    members = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if os.readlink(f"/proc/{name}/ns/pid") == namespace:
                    members.append(int(name))
            except OSError:
                pass
    return members


def dumps_report(report: dict) -> bytes:
    """One line of the control channel."""
    return (json.dumps(report) + "\n").encode()


def missing_required() -> list[str]:
    """The protections `doctor` requires that are not active here: empty when judging strangers' code is safe.

    (The smallest version of shared interface 3, added by `grade` until the sandbox's own lands:
    every protection `protections()` reports is required.)
    """
    return [key for key, active in protections().items() if not active]
