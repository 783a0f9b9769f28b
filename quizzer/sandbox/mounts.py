"""The child's private root: a tmpfs holding read-only bind mounts of exactly what its `View` names.

Built by B, the first process of the sandbox's PID namespace, in a mount namespace
of its own (inside the sandbox's user namespace), the way nsjail and bubblewrap do:

1. the view's paths are cloned as detached, read-only, nosuid, nodev mounts
   (`open_tree` + `mount_setattr`; as root, by A before it drops to the sandbox's
   uid, so root-only folders such as a Python under /root can be shown);
2. a small tmpfs becomes the new root; each clone is moved onto the same path in
   it, folders the view covers get an empty read-only tmpfs, symlinks such as
   `/lib -> usr/lib` are recreated, `/dev/null`, `/dev/zero`, `/dev/urandom` are
   bound (nosuid, read-only, but usable as devices);
3. `/tmp`, the only writable place, is a tmpfs of its own with a size and an inode
   cap, noexec; `/proc` is a fresh proc of the PID namespace (`subset=pid` where the
   kernel has it: no global files);
4. `pivot_root` into it, the old root detached, the new root remounted read-only.

Nothing of it exists outside the namespace: the kernel frees every byte of /tmp when
the sandbox's last process ends, so nothing is ever left behind on the host.

Needs Linux 5.12 (`mount_setattr`). Imports only the standard library: the sandbox uses it.
"""

from __future__ import annotations

import ctypes
import os
import stat

from quizzer.sandbox.view import View

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long
_libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]

# <linux/mount.h>, <sys/mount.h>; the new mount API's numbers are the same on every architecture.
SYS_OPEN_TREE, SYS_MOVE_MOUNT, SYS_MOUNT_SETATTR = 428, 429, 442
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}
OPEN_TREE_CLONE, AT_FDCWD, AT_EMPTY_PATH, MOVE_MOUNT_F_EMPTY_PATH = 1, -100, 0x1000, 0x4
MOUNT_ATTR_RDONLY, MOUNT_ATTR_NOSUID, MOUNT_ATTR_NODEV = 0x1, 0x2, 0x4
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 8, 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
ROOT_OPTIONS = "size=1m,nr_inodes=4096,mode=0755"  # only the folders and files bind mounts need as mount points


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64), ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


def _check(result: int, what: str) -> int:
    if result < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")
    return result


def mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    """mount(2)."""
    enc = lambda s: s.encode() if s is not None else None  # noqa: E731
    _check(_libc.mount(enc(source), target.encode(), enc(fstype), flags, enc(data)), f"mount {fstype or ''} on {target}")


def clone(path: str, device: bool = False) -> int:
    """A detached, read-only, nosuid (and, unless it is a device, nodev) copy of the mount showing `path`: its fd."""
    fd = _check(_libc.syscall(SYS_OPEN_TREE, AT_FDCWD, path.encode(), OPEN_TREE_CLONE | os.O_CLOEXEC), f"open_tree {path}")
    attr = _MountAttr(MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | (0 if device else MOUNT_ATTR_NODEV), 0, 0, 0)
    try:
        _check(_libc.syscall(SYS_MOUNT_SETATTR, fd, b"", AT_EMPTY_PATH, ctypes.byref(attr), ctypes.sizeof(attr)), f"mount_setattr {path}")
    except OSError:
        os.close(fd)
        raise
    return fd


def clone_view(view: View) -> dict[str, int]:
    """Clones of every path of the view it can read, by path (a path this process cannot read is left out: the child could not read it either)."""
    clones = {}
    try:
        for path in view.reads + view.devices:
            try:
                clones[path] = clone(path, device=path in view.devices)
            except PermissionError:
                continue
    except BaseException:
        for fd in clones.values():
            os.close(fd)
        raise
    return clones


def _attach(fd: int, target: str) -> None:
    try:
        _check(_libc.syscall(SYS_MOVE_MOUNT, fd, b"", AT_FDCWD, target.encode(), MOVE_MOUNT_F_EMPTY_PATH), f"move_mount {target}")
    finally:
        os.close(fd)


def _mount_point(path: str, directory: bool) -> None:
    """An empty folder or file at `path` (and its parents) to mount on, unless something is there already."""
    if os.path.lexists(path):
        return
    os.makedirs(os.path.dirname(path), 0o755, exist_ok=True)
    if directory:
        os.mkdir(path, 0o755)
    else:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_CLOEXEC, 0o444))


def _staging() -> str:
    """An existing folder to mount the new root on before pivoting (what it covers is never needed again)."""
    for candidate in ("/tmp", "/mnt", "/var/tmp", "/dev"):
        if os.path.isdir(candidate) and not os.path.islink(candidate):
            return candidate
    raise OSError(0, "no folder to mount the private root on")


def build_root(view: View, clones: dict[str, int], tmp_options: str) -> None:
    """In B, in a fresh mount namespace (see the module doc): leave this process in the private root, at `/tmp`.

    `tmp_options` are the mount options of /tmp (size, nr_inodes, mode). Consumes `clones`.
    """
    mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing done here propagates to the host, or back
    new = _staging()
    mount("tmpfs", new, "tmpfs", MS_NOSUID | MS_NODEV, ROOT_OPTIONS)
    for path, target in view.links:
        if not os.path.lexists(new + path):
            os.makedirs(os.path.dirname(new + path), 0o755, exist_ok=True)
            os.symlink(target, new + path)
    covers = []
    # In path order, /tmp among them: a view's path under /tmp (a virtual environment made there) is
    # mounted on top of the child's own /tmp, not hidden by it.
    steps = sorted([(p, "bind") for p in clones] + [(p, "cover") for p in view.hides] + [("/tmp", "tmp")])
    for path, kind in steps:
        target = new + path
        if kind == "tmp":
            _mount_point(target, directory=True)
            mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, tmp_options)
            continue
        if kind == "cover":
            if os.path.isdir(target):
                mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,nr_inodes=64,mode=0555")
                covers.append(path)
            continue
        fd = clones.pop(path)
        _mount_point(target, directory=stat.S_ISDIR(os.fstat(fd).st_mode))  # the clone's own type: B may not see the host path
        _attach(fd, target)
    for fd in clones.values():  # none left unless the view named one twice
        os.close(fd)
    _mount_point(new + "/proc", directory=True)
    try:
        mount("proc", new + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "subset=pid")
    except OSError:
        mount("proc", new + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)  # before Linux 5.8: still only its own processes
    os.chdir(new)
    # pivot_root(".", "."): the old root ends up stacked on the new one, and detaching it leaves only the new.
    import platform

    _check(_libc.syscall(SYS_PIVOT_ROOT[platform.machine()], b".", b"."), "pivot_root")
    _check(_libc.umount2(b".", MNT_DETACH), "umount the old root")
    os.chdir("/")
    for path in ["/", *covers]:
        mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | (MS_NOEXEC if path != "/" else 0))
    os.chdir("/tmp")
