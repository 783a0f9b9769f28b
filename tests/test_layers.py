"""The layers hold: content -> core -> faces. Core never imports textual or the faces; the sandbox imports
nothing of quizzer outside itself (so the child never holds the bank, the store or the references)."""

from __future__ import annotations

import ast
from pathlib import Path

import quizzer

PACKAGE = Path(quizzer.__file__).parent


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, wherever the import statement stands."""
    return imports_of_node(ast.parse(path.read_text()))


def imports_of_node(tree: ast.AST) -> set[str]:
    """Every module the code below `tree` imports."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def files(sub: str) -> list[Path]:
    found = sorted((PACKAGE / sub).rglob("*.py"))
    assert found, sub
    return found


def test_core_never_imports_textual_or_the_faces():
    for path in files("core"):
        for name in imports_of(path):
            assert not name.startswith(("textual", "rich", "quizzer.app", "quizzer.cli")), f"{path.name} imports {name}"


def test_sandbox_imports_nothing_of_quizzer_but_itself():
    for path in files("sandbox"):
        for name in imports_of(path):
            if name.startswith("quizzer"):
                assert name.startswith("quizzer.sandbox"), f"{path.name} imports {name}"


def test_the_judge_reaches_the_sandbox_only_through_its_api():
    allowed = {"quizzer.sandbox", "quizzer.sandbox.interp", "quizzer.sandbox.launch", "quizzer.sandbox.protocol", "quizzer.sandbox.isolate", "quizzer.sandbox.zygote"}
    for path in files("core"):
        for name in imports_of(path):
            if name.startswith("quizzer.sandbox"):
                assert name in allowed, f"{path.name} imports {name}"


def test_nothing_in_core_or_sandbox_imports_the_references():
    for path in files("core") + files("sandbox"):
        assert not any(name.startswith("reference") for name in imports_of(path)), path.name


def test_every_public_module_class_function_and_method_has_a_docstring():
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text())
        if not ast.get_docstring(tree):
            missing.append(f"{path.name}: module")
        for node in tree.body:
            members = [node] + (node.body if isinstance(node, ast.ClassDef) else [])
            for item in members:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not item.name.startswith("_"):
                    if not ast.get_docstring(item):
                        missing.append(f"{path.name}:{item.lineno} {item.name}")
    assert missing == []


def test_the_first_screen_loads_without_the_heavy_modules():
    # The bank (pydantic), LaTeX (pylatexenc), NumPy and the judge load in a worker after the first
    # paint (benchmarks/app_startup.py): the app and its home screen must not import them.
    import subprocess
    import sys

    heavy = ("pydantic", "pylatexenc", "numpy", "fsrs", "quizzer.core.bank", "quizzer.core.judge")
    code = "import sys, quizzer.app.app, quizzer.app.screens.home; print(' '.join(m for m in %r if m in sys.modules))" % (heavy,)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == []


def test_a_test_module_imports_helpers_not_other_test_modules():
    # Shared helpers have one home (conftest's fixtures, toybank, pilot, oracle, hostile_support):
    # importing a test module runs its module code again for another file and ties the two together.
    tests = Path(__file__).parent
    for path in sorted(tests.glob("*.py")):
        for name in imports_of(path):
            assert not name.startswith(("test_", "conftest", "tests.")), f"{path.name} imports {name}"


def test_every_test_that_needs_torch_is_marked_torch():
    # `pytest -m "not torch"` must leave out exactly what needs the oracle: a module importing torch
    # (or oracle, which does) carries the mark as a whole, a test importing it or taking the torch
    # fixture carries it itself. (Tests that judge a PyTorch question are marked by hand: params.)
    def marks_torch(node) -> bool:
        return any(isinstance(n, ast.Attribute) and n.attr == "torch" and "mark" in ast.unparse(n) for n in ast.walk(node))

    def imports_torch(node) -> bool:
        return any(name.split(".")[0] in ("torch", "oracle") for name in imports_of_node(node))

    unmarked = []
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        module = ast.parse(path.read_text())
        whole = any(isinstance(n, ast.Assign) and any(getattr(t, "id", None) == "pytestmark" for t in n.targets) and marks_torch(n.value) for n in module.body)
        top = [n for n in module.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        if any(imports_torch(n) for n in top) and not whole:
            unmarked.append(f"{path.name}: imports torch, no pytestmark")
        for node in module.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
                needs = imports_torch(node) or "torch" in [a.arg for a in node.args.args]
                if needs and not whole and not any(marks_torch(d) for d in node.decorator_list):
                    unmarked.append(f"{path.name}::{node.name}")
    assert unmarked == []
