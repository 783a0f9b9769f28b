"""The sandboxed child: loads the submitted source and runs the steps it is sent.

Runs in a forked process after `isolate.lock_down` has locked it down. It holds no
reference, no expected output and no user data: it receives the source and
the inputs, and sends back plain data (see `protocol`). Imports nothing of
quizzer beyond the sandbox package.

Which modules it may import is the filesystem's business: only the standard
library and the question's allowed packages exist in its root (see `view`), and
before the submission loads, every module of another package that the forking
process held is dropped from `sys.modules`, so no import of it can succeed by any
route. The Python-level checks here only word the verdict: a static import of
another package, an `__import__` of one, and any import that fails for want of
one are `forbidden_import`.

Frames it sends on `out_fd`, in order:
- `{"event": "loaded"}` or `{"event": "failed", "verdict": ..., "message": ...}`
- for each test: `{"event": "test", "index": i, "observations": n, "error": ...}`
  with the observations and the promises broken (`Interpreter.broken`) under "values"
- `{"event": "done", "output": "...what the submission printed (capped)..."}`

A job with an `examples` field (a list of code cells) is the example mode: after
"loaded" the child runs those cells instead of tests (`run_examples`), sending
`{"event": "example", "index": i, "printed": "...", "error": ...}` for each; it
never sees the output the question shows for them.
"""

from __future__ import annotations

import ast
import builtins
import io
import linecache
import mmap
import os
import sys
import traceback

from quizzer.sandbox.interp import Interpreter, StepError
from quizzer.sandbox.protocol import OUTPUT_CAP, read_frame, write_frame

SUBMISSION_NAME = "submission.py"
EXIT_MEMORY = 73  # the child ran out of memory where it could not even report it
RESERVE_BYTES = 4 << 20  # address space set aside at start, freed to report a MemoryError under the limit


class CappedOutput(io.TextIOBase):
    """Stands in for stdout/stderr: keeps the first OUTPUT_CAP characters, drops the rest."""

    def __init__(self):
        self.parts: list[str] = []
        self.size = 0
        self.dropped = 0

    def writable(self) -> bool:
        """Always: print() checks."""
        return True

    def write(self, text: str) -> int:
        """Keep what fits under the cap, count the rest; always claim it all written."""
        text = str(text)
        room = OUTPUT_CAP - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def getvalue(self) -> str:
        """What was kept, with a note of how much was dropped."""
        text = "".join(self.parts)
        if self.dropped:
            text += f"\n[... {self.dropped} more characters of output dropped]"
        return text


class ForbiddenImport(ImportError):
    """Raised inside the child when the submission imports a module the question does not allow."""


def top_level_imports(tree: ast.AST) -> set[str]:
    """Top-level module names a parsed file imports (absolute imports only)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def is_allowed(module: str, allowed: set[str]) -> bool:
    """Standard-library modules and the question's listed packages are allowed."""
    top = module.split(".")[0]
    return top in allowed or top in sys.stdlib_module_names


_allowed: set[str] = set()  # the question's packages (one submission per process)


def forget_foreign_modules(allowed: set[str]) -> None:
    """Drop from sys.modules every module the question does not allow (and parents' attributes naming them).

    The forking process may hold more (the judge's own modules); the sandbox's
    modules stay, the rest must come from the filesystem, where they do not exist.
    """
    for name in list(sys.modules):
        if is_allowed(name, allowed) or name in ("__main__", "__mp_main__") or name == "quizzer" or name.startswith("quizzer.sandbox"):
            continue
        module = sys.modules.pop(name)
        parent, _, leaf = name.rpartition(".")
        if parent in sys.modules and getattr(sys.modules[parent], leaf, None) is module:
            try:
                delattr(sys.modules[parent], leaf)
            except AttributeError:
                pass


def _guard_imports(allowed: set[str]) -> None:
    """Refuse forbidden imports the submission makes at run time (`__import__("torch")`, importlib).

    Only imports made by the submission's own code are policed: an allowed package
    (torch in a torch question) may import what it needs itself.
    """
    import importlib

    original_import, original_import_module = builtins.__import__, importlib.import_module

    def check(name: str) -> None:
        if sys._getframe(2).f_code.co_filename == SUBMISSION_NAME and not is_allowed(name, allowed):
            raise ForbiddenImport(f"import of {name.split('.')[0]!r} is not allowed in this question")

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0:
            check(name)
        return original_import(name, globals, locals, fromlist, level)

    def guarded_import_module(name, package=None):
        if not name.startswith("."):
            check(name)
        return original_import_module(name, package)

    builtins.__import__ = guarded_import
    importlib.import_module = guarded_import_module


def _describe(exc: BaseException, *files: str) -> str:
    """`Type: message` with the innermost frame of the submission (or of `files`), without the judge's frames."""
    files = {SUBMISSION_NAME, *files}
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in files]
    where = f" (line {frames[-1].lineno}: {frames[-1].line})" if frames else ""
    message = str(exc)[:500]
    return f"{type(exc).__name__}{': ' + message if message else ''}{where}"


def classify(exc: BaseException) -> str:
    """The verdict an exception raised by the submission maps to."""
    if isinstance(exc, MemoryError):
        return "memory_limit_exceeded"
    if isinstance(exc, ForbiddenImport):
        return "forbidden_import"
    if type(exc) is ModuleNotFoundError and exc.name and not is_allowed(exc.name, _allowed):
        return "forbidden_import"  # whatever route the import took, the package is not there
    if isinstance(exc, StepError):
        return "interface_error"
    return "runtime_error"


def load(source: bytes, allowed: set[str]) -> tuple[dict | None, dict | None]:
    """Compile and execute the submission; return (namespace, None) or (None, failure)."""
    try:
        text = source.decode("utf-8").removeprefix("\ufeff")  # a BOM is allowed, as in any .py (utf-8-sig would import its codec in the sandbox)
    except UnicodeDecodeError as exc:
        return None, {"verdict": "syntax_error", "message": f"the file is not UTF-8: {exc}"}
    try:
        tree = ast.parse(text, SUBMISSION_NAME)
        code = compile(tree, SUBMISSION_NAME, "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        line = getattr(exc, "lineno", None)
        what = exc.msg if isinstance(exc, SyntaxError) else str(exc)  # str() of a SyntaxError names our file name for it
        return None, {"verdict": "syntax_error", "message": f"{type(exc).__name__}: {what}" + (f" (line {line})" if line else "")}
    linecache.cache[SUBMISSION_NAME] = (len(text), None, text.splitlines(True), SUBMISSION_NAME)
    forbidden = sorted(name for name in top_level_imports(tree) if not is_allowed(name, allowed))
    if forbidden:
        return None, {"verdict": "forbidden_import", "message": f"imports not allowed here: {', '.join(forbidden)}"}
    _allowed.clear()
    _allowed.update(allowed)
    _guard_imports(allowed)
    namespace: dict = {"__name__": "submission", "__file__": SUBMISSION_NAME, "__builtins__": builtins}
    try:
        exec(code, namespace)
    except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt are the submission's too
        failure = {"verdict": classify(exc), "message": "at import: " + _describe(exc)}
        namespace.clear()  # what it allocated at import goes before the failure is reported
        return None, failure
    return namespace, None


def check_interface(namespace: dict, entries: list[dict]) -> str | None:
    """Why the namespace does not offer the required names and signatures, or None."""
    import inspect

    for entry in entries:
        name = entry["name"]
        obj = namespace.get(name)
        if obj is None:
            return f"{name!r} is not defined"
        is_class = isinstance(obj, type)
        if entry["type"] == "class" and not is_class:
            return f"{name!r} must be a class"
        if entry["type"] == "function" and (is_class or not callable(obj)):
            return f"{name!r} must be a function"
        checks = [(name, obj, entry.get("params", []))]
        for method, params in entry.get("methods", {}).items():
            if not callable(getattr(obj, method, None)):
                return f"class {name!r} has no method {method!r}"
            checks.append((f"{name}.{method}", getattr(obj, method), ["self", *params]))
        for label, target, params in checks:
            try:
                inspect.signature(target).bind(*params)
            except TypeError:
                return f"{label} cannot be called with ({', '.join(params)})"
            except ValueError:
                pass  # builtins without a signature: let the call decide
    return None


def run_tests(namespace: dict, tests: list[list[dict]], out_fd: int) -> None:
    """Run each test's steps, sending one frame per test as soon as it ends."""
    for index, steps in enumerate(tests):
        interpreter = Interpreter(namespace)
        observations: list = []
        error = None
        try:
            for step in steps:
                observed = interpreter.run(step)
                if observed is not None:
                    observations.append(observed)
        except BaseException as exc:  # noqa: BLE001 - every failure is reported, none escapes
            error = {"verdict": classify(exc), "message": _describe(exc)}
        try:
            write_frame(out_fd, {"event": "test", "index": index, "error": error}, {"observations": observations, "broken": interpreter.broken})
        except MemoryError:
            write_frame(out_fd, {"event": "test", "index": index, "error": {"verdict": "memory_limit_exceeded", "message": "MemoryError while sending results"}})


def run_examples(namespace: dict, cells: list[str], out_fd: int) -> None:
    """Exec each example cell in the submission's namespace, in order, sending what it printed.

    Like a notebook: a cell sees what the earlier ones defined; the first cell that
    fails ends the run (the later ones would only fail for its sake).
    """
    saved = sys.stdout  # stderr stays there: a warning is not what the example prints
    for index, cell in enumerate(cells):
        printed, error, name = CappedOutput(), None, f"example-{index}.py"
        linecache.cache[name] = (len(cell), None, cell.splitlines(True), name)  # the failing line, in its message
        sys.stdout = printed
        try:
            exec(compile(cell, name, "exec"), namespace)
        except BaseException as exc:  # noqa: BLE001 - every failure is reported, none escapes
            error = {"verdict": classify(exc), "message": _describe(exc, name)}
        finally:
            sys.stdout = saved
        write_frame(out_fd, {"event": "example", "index": index, "printed": printed.getvalue(), "error": error})
        if error:
            return


def serve(in_fd: int, out_fd: int) -> None:
    """The child's whole life: receive the job, load, run, report. Never returns normally."""
    status = 0
    output = CappedOutput()
    reserve = mmap.mmap(-1, RESERVE_BYTES)  # counts against RLIMIT_AS without touching a page (a bytearray's zeroing costs ms)
    try:
        job = read_frame(in_fd)
        sys.stdout = sys.stderr = output
        allowed = set(job["allowed_imports"])
        forget_foreign_modules(allowed)
        namespace, failure = load(job["values"]["source"].tobytes(), allowed)
        if failure is None:
            problem = check_interface(namespace, job["entries"])
            if problem:
                failure = {"verdict": "interface_error", "message": problem}
        if failure:
            namespace = None
            write_frame(out_fd, {"event": "failed", **failure})
        else:
            write_frame(out_fd, {"event": "loaded"})
            if "examples" in job:
                run_examples(namespace, list(job["examples"]), out_fd)
            else:
                tests = read_frame(in_fd)["values"]["tests"]
                run_tests(namespace, tests, out_fd)
        write_frame(out_fd, {"event": "done", "output": output.getvalue()})
    except MemoryError:
        reserve.close()
        status = EXIT_MEMORY
    except BaseException:  # noqa: BLE001 - the judge reads the exit status
        status = 70
    finally:
        os._exit(status)
