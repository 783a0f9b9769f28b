"""What a sandboxed child may read: the standard library and its question's packages, nothing else.

The child runs in a root of its own (`mounts.build_root`) that holds read-only bind
mounts of exactly the paths a `View` names, so the import rule is the filesystem's:
a package the question does not allow is not hidden from an import hook, it is not
there. A view is computed for an import profile (the question's `allowed_imports`):

- the standard library: the folder of `os`, and every `sys.path` entry under the
  interpreter's base prefixes that is not a site folder (lib-dynload, a zip);
- each allowed package and what it needs to load: the top-level entries its
  distribution's RECORD lists (NumPy's bundled `numpy.libs`, torch's `torchgen`),
  and the same for every distribution its metadata requires, transitively (torch:
  sympy, jinja2, ...), read from the installed dist-info;
- the shared libraries' folders the dynamic linker's cache names, `/etc/ld.so.cache`;
- `/dev/null`, `/dev/zero`, `/dev/urandom`.

Inside those, site folders (`site-packages`, `dist-packages`), other Pythons' trees
(`python3*` folders of a library directory) and the other projects' packages the
standard library bundles as wheels (ensurepip's pip and setuptools, CPython's test
data) are covered by an empty folder, and so is
quizzer itself (its package, a source checkout, the bank and the user's data) should
any of it lie below a path the view exposes.

The dist-info is read directly (RECORD's first column, METADATA's Requires-Dist):
`importlib.metadata` gives the same two facts but its import (the email parser) costs
about 13 ms, a tenth of a cold verdict. Requirements behind an `extra` marker are left
out; other markers (a Python version, a platform) are not evaluated: such a requirement
is in the view when it is installed.

Imports only the standard library: the zygote and the sandbox's supervisor use it.
"""

from __future__ import annotations

import csv
import os
import re
import sys
from dataclasses import dataclass, field

DEVICES = ("/dev/null", "/dev/zero", "/dev/urandom")
_SITE_FOLDERS = ("site-packages", "dist-packages")
# Other projects' packages the standard library's folder carries as archives: pip and setuptools
# as wheels (ensurepip's), example distributions among CPython's own tests. zipimport loads them.
_BUNDLED = ("ensurepip/_bundled", "test")
_LD_CACHE = "/etc/ld.so.cache"


@dataclass(frozen=True)
class View:
    """The paths a child may read (all real paths), what covers parts of them, and the symlinks leading there."""

    profile: tuple[str, ...]
    reads: tuple[str, ...]
    hides: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    devices: tuple[str, ...] = DEVICES
    missing: tuple[str, ...] = field(default=())  # allowed packages not installed here (their imports fail)


def profile_of(allowed_imports) -> tuple[str, ...]:
    """The import profile of a question: its allowed packages, sorted, without duplicates."""
    return tuple(sorted(set(allowed_imports)))


_VIEWS: dict[tuple[str, ...], View] = {}


def view_for(profile: tuple[str, ...]) -> View:
    """The view of an import profile, computed once per process (a zygote computes its own at start)."""
    view = _VIEWS.get(profile)
    if view is None:
        view = _VIEWS[profile] = compute(profile)
    return view


def compute(profile: tuple[str, ...], sensitive: list[str] | None = None) -> View:
    """The view for `profile`; `sensitive` defaults to quizzer's own folders (see `sensitive_paths`)."""
    links: dict[str, str] = {}

    def real(paths) -> list[str]:
        found = []
        for path in paths:
            if os.path.lexists(path):
                links.update(_symlinks_on(path))
                found.append(os.path.realpath(path))
        return found

    stdlib = real(stdlib_paths())
    libraries = real(library_dirs() + [_LD_CACHE])
    packages, missing = [], []
    for name in profile:
        found = real(package_paths(name))
        packages += found
        if not found:
            missing.append(name)
    reads = _outermost(stdlib + libraries + packages)
    hides = []
    for root in reads:
        if root in stdlib or root in libraries:
            for entry in _entries(root):
                if entry in _SITE_FOLDERS or (root in libraries and entry.startswith("python")):
                    path = os.path.join(root, entry)
                    if os.path.isdir(path) and not any(s == path or s.startswith(path + "/") for s in stdlib):
                        hides.append(path)
    for root in stdlib:
        hides += [os.path.join(root, sub) for sub in _BUNDLED if os.path.isdir(os.path.join(root, sub))]
    for path in sensitive if sensitive is not None else sensitive_paths():
        path = os.path.realpath(path)
        if any(path == root or path.startswith(root + "/") for root in reads):
            hides.append(path)
    # A package of the profile inside a covered folder (NumPy installed in the system's site-packages)
    # is mounted again on top of the cover: mounts go in path order.
    inner = [p for p in packages if any(p.startswith(h + "/") for h in hides)]
    devices = real(DEVICES)
    return View(profile, tuple(sorted(set(reads + inner))), tuple(sorted(set(hides))), tuple(sorted(links.items())), tuple(devices), tuple(missing))


def _outermost(paths: list[str]) -> list[str]:
    """Drop paths that lie inside another path of the list (one bind mount shows them already)."""
    ordered = sorted(set(paths))
    kept: list[str] = []
    for path in ordered:
        if not any(path.startswith(k.rstrip("/") + "/") for k in kept):
            kept.append(path)
    return kept


def _entries(path: str) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []


def _symlinks_on(path: str) -> dict[str, str]:
    """Every symlink met while resolving `path` (`/lib` -> `usr/lib`), so the private root can have it too."""
    found = {}
    current = "/"
    parts = [p for p in path.split("/") if p]
    hops = 0
    while parts and hops < 40:
        part = parts.pop(0)
        candidate = os.path.join(current, part)
        if os.path.islink(candidate):
            hops += 1
            target = os.readlink(candidate)
            found[candidate] = target
            resolved = target if target.startswith("/") else os.path.join(current, target)
            parts = [p for p in os.path.normpath(resolved).split("/") if p] + parts
            current = "/"
        else:
            current = candidate
    return found


# ---------------------------------------------------------------- the standard library


def stdlib_paths() -> list[str]:
    """The standard library's folders: the folder of `os`, and sys.path entries under the base prefixes but outside any site folder."""
    prefixes = {os.path.realpath(p) for p in (sys.base_prefix, sys.base_exec_prefix)}
    found = [os.path.dirname(os.__file__)]
    for entry in sys.path:
        if not entry:
            continue
        real = os.path.realpath(entry)
        under = any(real == p or real.startswith(p + "/") for p in prefixes)
        if under and not any(folder in real.split("/") for folder in _SITE_FOLDERS) and os.path.exists(real):
            found.append(real)
    return list(dict.fromkeys(os.path.realpath(p) for p in found))


def site_dirs() -> list[str]:
    """The site folders on sys.path (where distributions are installed)."""
    return list(dict.fromkeys(os.path.realpath(e) for e in sys.path if e and os.path.basename(os.path.normpath(e)) in _SITE_FOLDERS and os.path.isdir(e)))


# ---------------------------------------------------------------- packages and their distributions


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _dist_info(name: str, where: list[str]) -> str | None:
    """The dist-info folder of distribution `name` in the first of `where` that has one."""
    wanted = _normalize(name)
    for folder in where:
        for entry in _entries(folder):
            if entry.endswith(".dist-info") and _normalize(entry[: -len(".dist-info")].split("-", 1)[0]) == wanted:
                return os.path.join(folder, entry)
    return None


def _record_tops(dist_info: str) -> list[str]:
    """The site folder's entries a distribution installed: RECORD's first path components (files under __pycache__ one by one)."""
    site = os.path.dirname(dist_info)
    try:
        with open(os.path.join(dist_info, "RECORD"), newline="", encoding="utf-8") as record:
            rows = [row[0] for row in csv.reader(record) if row]
    except OSError:
        return [dist_info]
    heads = {path if path.startswith("__pycache__/") else path.partition("/")[0] for path in rows}
    # Scripts and data outside the site folder are nothing an import reads.
    return sorted({dist_info} | {os.path.join(site, head) for head in heads if not head.startswith(("/", ".."))})


def _requirements(dist_info: str) -> list[str]:
    """Names of the distributions a distribution requires, leaving out those of its extras."""
    names = []
    try:
        with open(os.path.join(dist_info, "METADATA"), encoding="utf-8") as metadata:
            for line in metadata:
                if not line.strip():
                    break  # the headers end at the first blank line; the description follows
                if line.lower().startswith("requires-dist:"):
                    requirement = line.split(":", 1)[1]
                    marker = requirement.partition(";")[2]
                    if "extra" in marker:
                        continue
                    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
                    if match:
                        names.append(match.group(1))
    except OSError:
        pass
    return names


_PACKAGES: dict[str, list[str]] = {}


def package_paths(name: str) -> list[str]:
    """What importing `name` reads: where it is, and every entry of its distribution and of those it requires, transitively."""
    cached = _PACKAGES.get(name)
    if cached is not None:
        return cached
    import importlib.util

    try:
        spec = sys.modules[name].__spec__ if name in sys.modules else importlib.util.find_spec(name)
    except (ImportError, ValueError, AttributeError):
        spec = None
    if spec is None:
        _PACKAGES[name] = []
        return []
    where = list(spec.submodule_search_locations or []) or ([spec.origin] if spec.origin and os.path.isabs(spec.origin) else [])
    paths = [os.path.realpath(p) for p in where]
    sites = [os.path.dirname(p) for p in paths] + site_dirs()
    todo, seen = [name], set()
    while todo:
        distribution = todo.pop()
        if _normalize(distribution) in seen:
            continue
        seen.add(_normalize(distribution))
        dist_info = _dist_info(distribution, list(dict.fromkeys(sites)))
        if dist_info is None:
            continue
        paths += _record_tops(dist_info)
        todo += _requirements(dist_info)
    _PACKAGES[name] = list(dict.fromkeys(paths))
    return _PACKAGES[name]


# ---------------------------------------------------------------- shared libraries


def library_dirs() -> list[str]:
    """The folders of the shared libraries the dynamic linker's cache names (where a new extension's dependencies are found)."""
    try:
        with open(_LD_CACHE, "rb") as cache:
            data = cache.read()
    except OSError:
        return []
    folders = {os.path.dirname(path.decode("utf-8", "replace")) for path in re.findall(rb"/[^\x00]*\.so(?:\.[0-9]+)*(?=\x00)", data)}
    return sorted(folder for folder in folders if folder not in ("", "/") and os.path.isdir(folder))


# ---------------------------------------------------------------- what must never be readable


def sensitive_paths() -> list[str]:
    """quizzer's package, a source checkout holding the bank, and the bank and user data the environment names.

    A view never exposes them on purpose; this is what is covered should one lie
    below a path it does expose.
    """
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    found = [package]
    checkout = os.path.dirname(package)
    if os.path.isdir(os.path.join(checkout, "questions")) or os.path.isdir(os.path.join(checkout, "reference")):
        found.append(checkout)
    content = os.environ.get("QUIZZER_CONTENT")  # an author's copy of the bank (see quizzer.paths.content_root)
    if content:
        found += [os.path.join(os.path.expanduser(content), folder) for folder in ("questions", "reference")]
    home = os.environ.get("QUIZZER_HOME")  # the user's progress (see quizzer.paths.user_home)
    if home:
        found.append(os.path.expanduser(home))
    return found


# ---------------------------------------------------------------- modules a forking process must not hold


def startup_modules() -> set[str]:
    """Modules the site folders' .pth files import at every interpreter start (setuptools' distutils shim):
    every process has them, a zygote too, so holding them says nothing."""
    names = set()
    for folder in site_dirs():
        for entry in _entries(folder):
            if not entry.endswith(".pth"):
                continue
            try:
                with open(os.path.join(folder, entry), encoding="utf-8") as pth:
                    lines = [line for line in pth if line.startswith(("import ", "import\t"))]
            except OSError:
                continue
            for line in lines:
                names.update(m.split(".")[0] for m in re.findall(r"(?:^|[;\s])import\s+([A-Za-z_][\w.]*)", line))
                names.update(m.split(".")[0] for m in re.findall(r"__import__\(\s*['\"]([\w.]+)['\"]", line))
    return names


def foreign_modules(profile: tuple[str, ...]) -> list[str]:
    """Third-party top-level modules this process holds that the profile does not allow (a fork would hand them to the child)."""
    held = {name.partition(".")[0] for name in list(sys.modules)}
    ours = {"quizzer", "__main__", "__mp_main__"}
    candidates = held - set(sys.stdlib_module_names) - set(profile) - ours - set(sys.builtin_module_names)
    if not candidates:
        return []
    return sorted(candidates - startup_modules())
