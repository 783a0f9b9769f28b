"""The sandbox's seccomp filters: what a submission may not ask the kernel for at all.

Two filters, stacked (the kernel applies both, and a refusal wins):

- `SANDBOX` (installed by B, so C inherits it): every system call that would reach
  past the sandbox or hold resources its limits do not count. Sockets of every
  family (no question opens one; a question that needed the network would have to
  say so in its spec), System V shared memory, semaphores and message queues, POSIX
  message queues, memfds (memory RLIMIT_AS does not see), inotify and fanotify,
  namespaces (`unshare`, `setns`), ptrace and other processes' memory
  (`process_vm_*`, `pidfd_getfd`, `kcmp`), programs (`execve`), mounts, BPF, perf
  events, userfaultfd, the keyring, io_uring and Linux AIO (a system-wide quota of
  contexts), `sync`/`syncfs` (flushing the host's disks), kernel modules, kexec, clocks, swap,
  reboot, quotas, `personality` (except its query), `prctl(PR_SET_DUMPABLE)`, and
  every system call numbered above the newest this table knows (default deny:
  a future kernel's additions are refused with ENOSYS, so libc falls back).
  Calls of another ABI (i386, x32) are refused: they would dodge the numbers.
- `NO_PROCESSES` (installed by C itself, just before it loads the submission; B must
  still fork C): `fork`, `vfork` and `clone` without `CLONE_THREAD` (or with a
  namespace flag) are refused; `clone3` answers ENOSYS so that glibc's
  `pthread_create` falls back to `clone` with `CLONE_THREAD`, which is allowed.
  `prlimit64` on any process but itself is refused: C shares B's uid, and
  lowering B's RLIMIT_CPU to 0 killed B before it could report C's CPU time.
  Threads stay (OpenBLAS, torch), so RLIMIT_CPU and RLIMIT_AS, which count every
  thread of a process, bound the whole submission.

Refused calls fail with EPERM. Imports only the standard library.
"""

from __future__ import annotations

import ctypes
import os
import platform

_libc = ctypes.CDLL(None, use_errno=True)

PR_SET_SECCOMP, SECCOMP_MODE_FILTER, PR_SET_DUMPABLE = 22, 2, 4
CLONE_THREAD = 0x00010000
CLONE_NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000  # NEWNS, CGROUP, UTS, IPC, USER, PID, NET
_EPERM, _ENOSYS = 1, 38
_PERSONALITY_QUERY = 0xFFFFFFFF

# Refused by SANDBOX (besides the newer-than-known range). Names missing on an architecture do not exist there.
REFUSED = (
    "socket socketpair shmget shmat shmctl shmdt semget semop semctl semtimedop msgget msgsnd msgrcv msgctl "
    "mq_open mq_unlink mq_timedsend mq_timedreceive mq_notify mq_getsetattr memfd_create memfd_secret "
    "inotify_init inotify_init1 inotify_add_watch inotify_rm_watch fanotify_init fanotify_mark "
    "unshare setns ptrace process_vm_readv process_vm_writev process_madvise pidfd_open pidfd_getfd pidfd_send_signal kcmp "
    "execve execveat bpf perf_event_open userfaultfd add_key request_key keyctl io_uring_setup io_uring_enter io_uring_register "
    "io_setup io_destroy io_submit io_cancel io_getevents io_pgetevents sync syncfs "
    "mount umount2 pivot_root chroot move_mount open_tree fsopen fsconfig fsmount fspick mount_setattr statmount listmount "
    "open_by_handle_at name_to_handle_at kexec_load kexec_file_load init_module finit_module delete_module reboot swapon swapoff "
    "acct settimeofday clock_settime clock_adjtime adjtimex sethostname setdomainname iopl ioperm modify_ldt quotactl quotactl_fd "
    "lookup_dcookie syslog vhangup uselib _sysctl nfsservctl migrate_pages move_pages ustat sysfs create_module get_kernel_syms "
    "query_module lsm_set_self_attr"
).split()

# <asm/unistd_64.h> and <asm-generic/unistd.h>; LAST is the newest call allowed through (mseal, Linux 6.10).
_X86_64 = {
    "execve": 59, "execveat": 322, "fork": 57, "vfork": 58, "clone": 56, "clone3": 435, "memfd_create": 319, "memfd_secret": 447,
    "shmget": 29, "shmat": 30, "shmctl": 31, "shmdt": 67, "semget": 64, "semop": 65, "semctl": 66, "semtimedop": 220, "msgget": 68,
    "msgsnd": 69, "msgrcv": 70, "msgctl": 71, "mq_open": 240, "mq_unlink": 241, "mq_timedsend": 242, "mq_timedreceive": 243,
    "mq_notify": 244, "mq_getsetattr": 245, "inotify_init": 253, "inotify_init1": 294, "inotify_add_watch": 254, "inotify_rm_watch": 255,
    "fanotify_init": 300, "fanotify_mark": 301, "unshare": 272, "setns": 308, "ptrace": 101, "process_vm_readv": 310,
    "process_vm_writev": 311, "process_madvise": 440, "pidfd_open": 434, "pidfd_getfd": 438, "pidfd_send_signal": 424, "kcmp": 312,
    "socket": 41, "socketpair": 53, "bpf": 321, "perf_event_open": 298, "userfaultfd": 323, "mount": 165, "umount2": 166,
    "pivot_root": 155, "chroot": 161, "move_mount": 429, "open_tree": 428, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433,
    "mount_setattr": 442, "statmount": 457, "listmount": 458, "open_by_handle_at": 304, "name_to_handle_at": 303, "kexec_load": 246,
    "kexec_file_load": 320, "init_module": 175, "finit_module": 313, "delete_module": 176, "reboot": 169, "swapon": 167, "swapoff": 168,
    "acct": 163, "settimeofday": 164, "clock_settime": 227, "clock_adjtime": 305, "adjtimex": 159, "sethostname": 170,
    "setdomainname": 171, "iopl": 172, "ioperm": 173, "modify_ldt": 154, "quotactl": 179, "quotactl_fd": 443, "lookup_dcookie": 212,
    "syslog": 103, "vhangup": 153, "uselib": 134, "_sysctl": 156, "nfsservctl": 180, "add_key": 248, "request_key": 249, "keyctl": 250,
    "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427, "io_setup": 206, "io_destroy": 207, "io_getevents": 208,
    "io_submit": 209, "io_cancel": 210, "io_pgetevents": 333, "sync": 162, "syncfs": 306, "migrate_pages": 256, "move_pages": 279, "personality": 135,
    "ustat": 136, "sysfs": 139, "create_module": 174, "get_kernel_syms": 177, "query_module": 178, "prctl": 157, "prlimit64": 302, "lsm_set_self_attr": 460,
}
_AARCH64 = {
    "execve": 221, "execveat": 281, "clone": 220, "clone3": 435, "memfd_create": 279, "memfd_secret": 447, "shmget": 194, "shmat": 196,
    "shmctl": 195, "shmdt": 197, "semget": 190, "semop": 193, "semctl": 191, "semtimedop": 192, "msgget": 186, "msgsnd": 189,
    "msgrcv": 188, "msgctl": 187, "mq_open": 180, "mq_unlink": 181, "mq_timedsend": 182, "mq_timedreceive": 183, "mq_notify": 184,
    "mq_getsetattr": 185, "inotify_init1": 26, "inotify_add_watch": 27, "inotify_rm_watch": 28, "fanotify_init": 262, "fanotify_mark": 263,
    "unshare": 97, "setns": 268, "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "process_madvise": 440,
    "pidfd_open": 434, "pidfd_getfd": 438, "pidfd_send_signal": 424, "kcmp": 272, "socket": 198, "socketpair": 199, "bpf": 280,
    "perf_event_open": 241, "userfaultfd": 282, "mount": 40, "umount2": 39, "pivot_root": 41, "chroot": 51, "move_mount": 429,
    "open_tree": 428, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442, "statmount": 457,
    "listmount": 458, "open_by_handle_at": 265, "name_to_handle_at": 264, "kexec_load": 104, "kexec_file_load": 294, "init_module": 105,
    "finit_module": 273, "delete_module": 106, "reboot": 142, "swapon": 224, "swapoff": 225, "acct": 89, "settimeofday": 170,
    "clock_settime": 112, "clock_adjtime": 266, "adjtimex": 171, "sethostname": 161, "setdomainname": 162, "quotactl": 60,
    "quotactl_fd": 443, "lookup_dcookie": 18, "syslog": 116, "vhangup": 58, "nfsservctl": 42, "add_key": 217, "request_key": 218,
    "keyctl": 219, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427, "io_setup": 0, "io_destroy": 1,
    "io_submit": 2, "io_cancel": 3, "io_getevents": 4, "io_pgetevents": 292, "sync": 81, "syncfs": 267, "migrate_pages": 238, "move_pages": 239,
    "personality": 92, "prctl": 167, "prlimit64": 261, "lsm_set_self_attr": 460,
}
ARCHES = {"x86_64": (0xC000003E, _X86_64), "aarch64": (0xC00000B7, _AARCH64)}
LAST = 462

# Classic BPF opcodes: LD|W|ABS, JMP|JEQ|K, JMP|JGE|K, JMP|JGT|K, ALU|AND|K, RET|K.
_LD, _JEQ, _JGE, _JGT, _AND, _RET = 0x20, 0x15, 0x35, 0x25, 0x54, 0x06
_ALLOW, _DENY, _NOSYS = 0x7FFF0000, 0x00050000 | _EPERM, 0x00050000 | _ENOSYS
# seccomp_data: nr at 0, arch at 4, args[i] at 16 + 8 i (their low halves: little-endian machines only).
_NR, _ARCH, _ARG0 = 0, 4, 16


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def machine() -> tuple[int, dict[str, int]]:
    """This machine's audit architecture and syscall numbers; OSError where the sandbox has no table."""
    entry = ARCHES.get(platform.machine())
    if entry is None:
        raise OSError(0, f"no seccomp filter for {platform.machine()}")
    return entry


def assemble(program: list) -> list[tuple[int, int, int, int]]:
    """Classic BPF from lines `(code, k)`, `(code, k, true_label, false_label)` (None: the next line) and `label` strings."""
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
        if not (0 <= jt < 256 and 0 <= jf < 256):
            raise ValueError("a jump of the filter is too long")
        out.append((code, jt, jf, k))
    return out


_ENDINGS = ("allow", (_RET, _ALLOW), "deny", (_RET, _DENY), "nosys", (_RET, _NOSYS))  # every filter's exits


def _head(arch: int) -> list:
    program = [(_LD, _ARCH), (_JEQ, arch, None, "deny"), (_LD, _NR)]
    if arch == ARCHES["x86_64"][0]:
        program.append((_JGE, 0x40000000, "deny", None))  # x32 numbers
    return program


def sandbox_program() -> list:
    """The SANDBOX filter (see the module doc) for this machine, as assembler lines."""
    arch, numbers = machine()
    refused = sorted({numbers[name] for name in REFUSED if name in numbers})
    return [
        *_head(arch),
        (_JGT, LAST, "nosys", None),
        (_JEQ, numbers["prctl"], "prctl", None),
        (_JEQ, numbers["personality"], "personality", None),
        *((_JEQ, nr, "deny", None) for nr in refused),
        (_RET, _ALLOW),
        "prctl",
        (_LD, _ARG0),
        (_JEQ, PR_SET_DUMPABLE, "deny", "allow"),
        "personality",
        (_LD, _ARG0),
        (_JEQ, _PERSONALITY_QUERY, "allow", "deny"),
        *_ENDINGS,
    ]


def no_processes_program() -> list:
    """The NO_PROCESSES filter (see the module doc) for this machine, as assembler lines."""
    arch, numbers = machine()
    forks = [numbers[name] for name in ("fork", "vfork") if name in numbers]
    return [
        *_head(arch),
        (_JEQ, numbers["clone3"], "nosys", None),
        *((_JEQ, nr, "deny", None) for nr in forks),
        (_JEQ, numbers["clone"], "clone", None),
        (_JEQ, numbers["prlimit64"], "prlimit", None),
        (_RET, _ALLOW),
        "clone",
        (_LD, _ARG0),
        (_AND, CLONE_THREAD | CLONE_NAMESPACES),
        (_JEQ, CLONE_THREAD, "allow", "deny"),  # a thread, and no new namespace
        "prlimit",
        (_LD, _ARG0),
        (_JEQ, 0, "allow", "deny"),  # its own limits only (pid 0): B's are not C's to lower
        *_ENDINGS,
    ]


_COMPILED: dict = {}


def compiled(builder) -> _SockFprog:
    """The kernel's form of the filter `builder()` makes (assembled once per process: a zygote's children inherit it)."""
    if builder not in _COMPILED:
        lines = assemble(builder())
        filters = (_SockFilter * len(lines))(*(_SockFilter(*line) for line in lines))
        _COMPILED[builder] = (_SockFprog(len(lines), filters), filters)  # the array must outlive the program
    return _COMPILED[builder][0]


def install(builder) -> None:
    """Install the filter `builder()` makes on this thread (PR_SET_NO_NEW_PRIVS must be set). OSError if the kernel refuses it."""
    fprog = compiled(builder)
    if _libc.prctl(PR_SET_SECCOMP, ctypes.c_ulong(SECCOMP_MODE_FILTER), ctypes.byref(fprog), 0, 0) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"prctl(PR_SET_SECCOMP): {os.strerror(err)}")
