"""`quizzer mutate`: generated mutants of each coding question's reference, judged by its own suite.

A suite is as good as the bugs it catches. This module makes small wrong
versions of a reference (one change each), judges every one with the
question's tests on several seeds, and reports the ones no test rejects.

Why a small generator of our own, on `ast`, rather than mutmut or cosmic-ray:
mutmut 3 mutates a whole package in place of its functions (trampolines in a
`mutants/` copy) and runs pytest as its only runner, while here one file is
mutated for an outside runner (the judge's sandbox, several seeds each);
cosmic-ray can mutate one module for a shell command, but writes each mutant
over the file on disk and starts a process per mutant from its own session
database, and neither has the operators that matter in NumPy code (an axis
changed, `keepdims` dropped, a transpose dropped, `sum` for `mean`, `tanh`
for a sigmoid). The generator works on the parsed reference and gives each
mutant a stable id (`scope:operator:hash` of what changed) that a spec can
name in `[[equivalent]]`.

Operators: arithmetic and comparison operators swapped (and `and`/`or`, a
unary minus or `not` dropped); a number nudged (+1, -1, x2, /2, 0); an axis
changed or `keepdims` dropped; a transpose dropped; a NumPy/torch function
swapped for a sibling; an `abs`, `sqrt`, `maximum`, `minimum` or `clip`
removed; a copy dropped, an update turned in-place and back; two arguments
(or operands, or tuple items) swapped; an index or slice bound shifted by
one; a statement deleted.

A few mutants are left out because they are the same program whatever the
inputs, so a survivor among them would say nothing of the tests: deleting
`x = np.asarray(x, ...)` (an argument converted to what the question already
passes), swapping the arguments of a commutative function (`np.maximum`,
`np.add`...) or the two axes of `swapaxes`, and turning `a += b` into
`a = a + b` where `a` is a fresh local (an accumulator made by `np.zeros`, a
literal), an item of a local array, or a counter (`+= 1`).
"""

from __future__ import annotations

import ast
import copy
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

SIBLINGS = {
    "sum": ["mean"], "mean": ["sum"], "max": ["min"], "min": ["max"], "amax": ["amin"], "amin": ["amax"],
    "maximum": ["minimum"], "minimum": ["maximum"], "argmax": ["argmin"], "argmin": ["argmax"],
    "exp": ["expm1"], "expm1": ["exp"], "log": ["log1p"], "log1p": ["log"], "tanh": ["sigmoid"], "sigmoid": ["tanh"],
    "sqrt": ["square"], "square": ["sqrt"], "var": ["std"], "std": ["var"], "zeros": ["ones"], "ones": ["zeros"],
    "zeros_like": ["ones_like"], "ones_like": ["zeros_like"], "cumsum": ["cumprod"], "sin": ["cos"], "cos": ["sin"],
    "relu": ["gelu"], "gelu": ["relu"], "softmax": ["log_softmax"], "log_softmax": ["softmax"], "floor": ["ceil"], "ceil": ["floor"],
    "any": ["all"], "all": ["any"], "vstack": ["hstack"], "hstack": ["vstack"], "triu": ["tril"], "tril": ["triu"],
}
REMOVABLE = {"abs", "fabs", "absolute", "sqrt", "maximum", "minimum", "clip", "clamp"}
TRANSPOSES = {"transpose", "swapaxes", "permute"}
COPIES = {"copy", "clone"}
AXIS_FUNCTIONS = {"sum", "mean", "max", "min", "amax", "amin", "argmax", "argmin", "var", "std", "concatenate", "stack", "cumsum", "prod", "any", "all", "softmax", "log_softmax"}
_ARITH = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.Pow: ast.Mult, ast.MatMult: ast.Mult, ast.FloorDiv: ast.Div, ast.Mod: ast.FloorDiv}
_COMPARE = {ast.Lt: [ast.LtE, ast.Gt], ast.LtE: [ast.Lt, ast.GtE], ast.Gt: [ast.GtE, ast.Lt], ast.GtE: [ast.Gt, ast.LtE], ast.Eq: [ast.NotEq], ast.NotEq: [ast.Eq], ast.Is: [ast.IsNot], ast.IsNot: [ast.Is], ast.In: [ast.NotIn], ast.NotIn: [ast.In]}
_ORDERED = (ast.Sub, ast.Div, ast.MatMult, ast.Pow, ast.FloorDiv, ast.Mod)
COMMUTATIVE = {"maximum", "minimum", "add", "multiply", "logical_and", "logical_or", "hypot", "fmax", "fmin"}
FRESH = {"zeros", "zeros_like", "ones", "ones_like", "empty", "empty_like", "full", "full_like"}


@dataclass(frozen=True)
class Mutant:
    """One generated wrong version of a reference: its stable id, what changed, and the whole file."""

    id: str
    operator: str
    line: int
    diff: str
    source: str


def generate(source: str) -> list[Mutant]:
    """Every mutant of `source` the operators make, in source order, without duplicates or ones that do not compile."""
    tree = ast.parse(source)
    lines = source.splitlines()
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    order = {id(node): i for i, node in enumerate(ast.walk(tree))}
    seen_sources, seen_ids, mutants = {ast.unparse(tree)}, {}, []
    for node, operator, replace in _points(tree, parents):
        statement = _statement(node, parents)
        mutated, changed = _apply(tree, order[id(node)], order[id(statement)], replace)
        text = ast.unparse(mutated)
        if text in seen_sources:
            continue
        try:
            compile(text, "<mutant>", "exec")
        except (SyntaxError, ValueError):
            continue
        seen_sources.add(text)
        before = lines[statement.lineno - 1].strip()
        after = _one_line(changed) if changed is not None else "(deleted)"
        digest = hashlib.sha1(f"{ast.unparse(statement)}\n{after}".encode()).hexdigest()[:8]
        base = f"{_scope(node, parents)}:{operator}:{digest}"
        seen_ids[base] = seen_ids.get(base, 0) + 1
        mutant_id = base if seen_ids[base] == 1 else f"{base}#{seen_ids[base]}"
        mutants.append(Mutant(mutant_id, operator, statement.lineno, f"L{statement.lineno}: {before}  ->  {after}", text + "\n"))
    return mutants


# ---------------------------------------------------------------- where and how to mutate


def _points(tree: ast.Module, parents: dict) -> Iterator[tuple[ast.AST, str, Callable]]:
    """(node, operator, replace) for every mutation: `replace(copy_of_node)` returns its replacement (or a list of statements)."""
    sigmoid_defined = any(isinstance(n, ast.FunctionDef) and n.name == "sigmoid" for n in ast.walk(tree))
    for node in ast.walk(tree):
        if not _mutable(node, parents):
            continue
        if isinstance(node, ast.BinOp):
            if type(node.op) in _ARITH:
                yield node, "arith", _with(op=_ARITH[type(node.op)]())
            if isinstance(node.op, _ORDERED):
                yield node, "swap-args", lambda n: ast.BinOp(left=n.right, op=n.op, right=n.left)
        elif isinstance(node, ast.AugAssign):
            if type(node.op) in _ARITH:
                yield node, "arith", _with(op=_ARITH[type(node.op)]())
            if not _rebinding_is_the_same(node, parents):
                yield node, "in-place", lambda n: ast.Assign(targets=[_load_to_store(n.target)], value=ast.BinOp(left=_store_to_load(n.target), op=n.op, right=n.value), lineno=n.lineno)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.BinOp) and type(node.value.op) in _ARITH:
            if ast.dump(_store_to_load(node.targets[0])) == ast.dump(node.value.left):  # a = a + b  ->  a += b
                yield node, "in-place", lambda n: ast.AugAssign(target=n.targets[0], op=n.value.op, value=n.value.right, lineno=n.lineno)
            elif isinstance(node.value.left, ast.Name) and node.value.left.id in _parameters(node, parents):  # y = x + b  ->  x += b; y = x: over the caller's x
                yield node, "in-place", lambda n: [
                    ast.AugAssign(target=_load_to_store(n.value.left), op=n.value.op, value=n.value.right, lineno=n.lineno),
                    ast.Assign(targets=n.targets, value=n.value.left, lineno=n.lineno),
                ]
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
            yield node, "arith", lambda n: n.operand
        elif isinstance(node, ast.BoolOp):
            yield node, "compare", _with(op=ast.Or() if isinstance(node.op, ast.And) else ast.And())
        elif isinstance(node, ast.Compare) and len(node.ops) == 1:
            for new in _COMPARE.get(type(node.ops[0]), []):
                yield node, "compare", _with(ops=[new()])
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float) and not _is_axis_value(node, parents):
            for value in _nudges(node.value):
                yield node, "constant", lambda n, v=value: ast.Constant(value=v)
        elif isinstance(node, ast.Call):
            yield from _call_points(node, sigmoid_defined)
        elif isinstance(node, ast.Attribute) and node.attr in ("T", "mT") and isinstance(node.ctx, ast.Load):
            yield node, "transpose", lambda n: n.value
        elif isinstance(node, ast.Subscript):
            yield from _index_points(node)
        elif isinstance(node, (ast.Tuple, ast.List)) and isinstance(node.ctx, ast.Load) and isinstance(parents.get(node), ast.Call) and _called_name(parents[node]) != "isinstance":
            for i in range(len(node.elts) - 1):
                yield node, "swap-args", lambda n, i=i: _swapped(n, "elts", i)
        if isinstance(node, ast.stmt) and _deletable(node, parents):
            yield node, "delete", lambda n: []


def _call_points(node: ast.Call, sigmoid_defined: bool) -> Iterator[tuple[ast.AST, str, Callable]]:
    name = _called_name(node)
    for sibling in SIBLINGS.get(name, []):
        if sibling == "sigmoid" and not sigmoid_defined and not _is_module_call(node, "torch"):
            continue
        if name == "sigmoid" and not isinstance(node.func, ast.Attribute):  # a local sigmoid(x) -> np.tanh(x)
            yield node, "sibling", lambda n: ast.Call(func=ast.parse("np.tanh", mode="eval").body, args=n.args, keywords=n.keywords)
        elif sibling == "sigmoid" and not _is_module_call(node, "torch"):  # np.tanh(x) -> the module's own sigmoid(x)
            yield node, "sibling", lambda n: ast.Call(func=ast.Name(id="sigmoid", ctx=ast.Load()), args=n.args, keywords=n.keywords)
        else:
            yield node, "sibling", lambda n, s=sibling: ast.Call(func=_renamed(n.func, s), args=n.args, keywords=n.keywords)
    method_of_array = isinstance(node.func, ast.Attribute) and not _is_module(node.func.value)  # x.clip(...), x.copy()
    if name in REMOVABLE or (name in ("max", "min") and isinstance(node.func, ast.Name) and len(node.args) == 2):
        if method_of_array:
            yield node, "remove", lambda n: n.func.value
        else:
            for i in range(min(2 if name in ("maximum", "minimum", "max", "min") else 1, len(node.args))):
                yield node, "remove", lambda n, i=i: n.args[i]
    if name in TRANSPOSES or name in COPIES or (name == "array" and len(node.args) == 1 and not node.keywords) or name == "deepcopy":
        kind = "transpose" if name in TRANSPOSES else "copy"
        if method_of_array:
            yield node, kind, lambda n: n.func.value
        elif node.args:
            yield node, kind, lambda n: n.args[0]
    for i, keyword in enumerate(node.keywords):
        if keyword.arg == "keepdims":
            yield node, "axis", lambda n, i=i: _without_keyword(n, i)
        elif keyword.arg in ("axis", "dim") and isinstance(keyword.value, (ast.Constant, ast.UnaryOp)):
            value = _int_value(keyword.value)
            if value is not None:
                for new in (value + 1, value - 1):
                    yield node, "axis", lambda n, i=i, new=new: _with_keyword(n, i, new)
                yield node, "axis", lambda n, i=i: _without_keyword(n, i)
    if name in AXIS_FUNCTIONS and len(node.args) >= 2 and _int_value(node.args[1]) is not None:
        value = _int_value(node.args[1])
        for new in (value + 1, value - 1):
            yield node, "axis", lambda n, new=new: ast.Call(func=n.func, args=[n.args[0], _number(new), *n.args[2:]], keywords=n.keywords)
    positional = [a for a in node.args if not isinstance(a, ast.Starred)]
    if len(positional) == len(node.args) and name not in COMMUTATIVE:
        for i in range(len(node.args) - 1):
            if ast.dump(node.args[i]) != ast.dump(node.args[i + 1]) and not (name == "swapaxes" and i == len(node.args) - 2):
                yield node, "swap-args", lambda n, i=i: _swapped(n, "args", i)


def _index_points(node: ast.Subscript) -> Iterator[tuple[ast.AST, str, Callable]]:
    """Each slice bound and each integer-like index shifted by one (string keys left alone)."""
    parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    for position, part in enumerate(parts):
        if isinstance(part, ast.Slice):
            for bound in ("lower", "upper"):
                if getattr(part, bound) is not None:
                    for delta in (1, -1):
                        yield node, "index", lambda n, p=position, b=bound, d=delta: _shift_slice(n, p, b, d)
        elif not (isinstance(part, ast.Constant) and not isinstance(part.value, int)) and not _is_mask(part):
            for delta in (1, -1):
                yield node, "index", lambda n, p=position, d=delta: _shift_index(n, p, d)


# ---------------------------------------------------------------- helpers


def _mutable(node: ast.AST, parents: dict) -> bool:
    """Inside a function, a class or a module-level assignment; never a docstring, an import or an annotation."""
    current = node
    inside = False
    while current in parents:
        parent = parents[current]
        if isinstance(parent, (ast.Import, ast.ImportFrom)) or isinstance(current, ast.expr) and _is_docstring(current, parent):
            return False
        if isinstance(parent, (ast.arg, ast.AnnAssign)) or (isinstance(parent, ast.FunctionDef) and current is parent.returns):
            return False
        if isinstance(parent, (ast.FunctionDef, ast.ClassDef, ast.Assign, ast.AugAssign)):
            inside = True
        current = parent
    return inside or isinstance(node, ast.Assign)


def _is_docstring(node: ast.expr, parent: ast.AST) -> bool:
    return isinstance(parent, ast.Expr) and isinstance(node, ast.Constant) and isinstance(node.value, str)


def _deletable(node: ast.stmt, parents: dict) -> bool:
    parent = parents.get(node)
    if not isinstance(parent, (ast.FunctionDef, ast.For, ast.If, ast.While, ast.With, ast.Try)):
        return False
    if isinstance(node, (ast.Return, ast.Pass, ast.FunctionDef, ast.ClassDef)) or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
        return False
    return not _converts_an_argument(node, parents)


def _converts_an_argument(node: ast.stmt, parents: dict) -> bool:
    """`x = np.asarray(x, dtype=np.float64)`: a parameter rebound to its own conversion."""
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Call)):
        return False
    call, name = node.value, node.targets[0].id
    return _called_name(call) in ("asarray", "array", "asanyarray") and bool(call.args) and isinstance(call.args[0], ast.Name) and call.args[0].id == name and name in _parameters(node, parents)


def _rebinding_is_the_same(node: ast.AugAssign, parents: dict) -> bool:
    """Whether `a op= b` and `a = a op b` cannot differ: a counter, an item of a local, or a fresh local accumulator."""
    if isinstance(node.value, ast.Constant):
        return True
    params = _parameters(node, parents)
    if isinstance(node.target, ast.Subscript):
        return isinstance(node.target.value, ast.Name) and node.target.value.id not in params
    if not isinstance(node.target, ast.Name) or node.target.id in params:
        return False
    function = node
    while function in parents and not isinstance(function, ast.FunctionDef):
        function = parents[function]
    name = node.target.id
    bindings = [n.value for n in ast.walk(function) if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)]
    bindings += [value for n in ast.walk(function) if isinstance(n, ast.Assign) for target, value in _unpacked(n) if target == name]
    return bool(bindings) and all(_fresh(value) for value in bindings)


def _unpacked(node: ast.Assign) -> list[tuple[str, ast.expr]]:
    """(name, value) for each name of `a, b = x, y`."""
    pairs = []
    for target in node.targets:
        if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple) and len(target.elts) == len(node.value.elts):
            pairs += [(t.id, v) for t, v in zip(target.elts, node.value.elts) if isinstance(t, ast.Name)]
    return pairs


def _fresh(value: ast.expr) -> bool:
    """A value nothing else holds: a new array of zeros (ones, empty...), a literal list or number."""
    if isinstance(value, ast.Call):
        return _called_name(value) in FRESH
    return isinstance(value, (ast.List, ast.Dict, ast.Constant))


def _nudges(value: int | float) -> list[int | float]:
    if type(value) is int:
        candidates = [value + 1, value - 1, value * 2, value // 2, 0]
    else:
        candidates = [value + 1.0, value - 1.0, value * 2.0, value / 2.0, 0.0]
    return list(dict.fromkeys(v for v in candidates if v != value))


def _is_axis_value(node: ast.Constant, parents: dict) -> bool:
    parent = parents.get(node)
    if isinstance(parent, ast.UnaryOp):
        parent = parents.get(parent)
    return isinstance(parent, ast.keyword) and parent.arg in ("axis", "dim", "keepdims")


def _is_mask(node: ast.expr) -> bool:
    """An index that is a boolean mask or a whole array (`x[positive]`, `x[~m]`): shifting it means nothing."""
    return isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert) or isinstance(node, (ast.Compare, ast.Tuple, ast.List))


def _called_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _is_module(node: ast.expr) -> bool:
    """`np`, `numpy`, `torch`, `F`, `nn`, `torch.nn.functional`...: a module, not an array."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name) and node.id in ("np", "numpy", "torch", "F", "nn", "math")


def _is_module_call(node: ast.Call, module: str) -> bool:
    func = node.func
    while isinstance(func, ast.Attribute):
        func = func.value
    return isinstance(func, ast.Name) and func.id == module


def _renamed(func: ast.expr, name: str) -> ast.expr:
    if isinstance(func, ast.Attribute):
        return ast.Attribute(value=func.value, attr=name, ctx=ast.Load())
    return ast.Name(id=name, ctx=ast.Load())


def _int_value(node: ast.expr) -> int | None:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) and type(node.operand.value) is int:
        return -node.operand.value
    return None


def _number(value: int) -> ast.expr:
    return ast.Constant(value=value) if value >= 0 else ast.UnaryOp(op=ast.USub(), operand=ast.Constant(value=-value))


def _with(**fields) -> Callable:
    def replace(node):
        for name, value in fields.items():
            setattr(node, name, value)
        return node

    return replace


def _swapped(node: ast.AST, field: str, i: int) -> ast.AST:
    items = list(getattr(node, field))
    items[i], items[i + 1] = items[i + 1], items[i]
    setattr(node, field, items)
    return node


def _without_keyword(node: ast.Call, i: int) -> ast.Call:
    node.keywords = node.keywords[:i] + node.keywords[i + 1 :]
    return node


def _with_keyword(node: ast.Call, i: int, value: int) -> ast.Call:
    node.keywords[i] = ast.keyword(arg=node.keywords[i].arg, value=_number(value))
    return node


def _plus(node: ast.expr, delta: int) -> ast.expr:
    value = _int_value(node)
    if value is not None:
        return _number(value + delta)
    return ast.BinOp(left=node, op=ast.Add() if delta > 0 else ast.Sub(), right=ast.Constant(value=abs(delta)))


def _shift_slice(node: ast.Subscript, position: int, bound: str, delta: int) -> ast.Subscript:
    parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    setattr(parts[position], bound, _plus(getattr(parts[position], bound), delta))
    return node


def _shift_index(node: ast.Subscript, position: int, delta: int) -> ast.Subscript:
    if isinstance(node.slice, ast.Tuple):
        node.slice.elts[position] = _plus(node.slice.elts[position], delta)
    else:
        node.slice = _plus(node.slice, delta)
    return node


def _load_to_store(node: ast.expr) -> ast.expr:
    node = copy.deepcopy(node)
    node.ctx = ast.Store()
    return node


def _store_to_load(node: ast.expr) -> ast.expr:
    node = copy.deepcopy(node)
    node.ctx = ast.Load()
    return node


def _apply(tree: ast.Module, target: int, statement: int, replace: Callable) -> tuple[ast.Module, ast.stmt | list[ast.stmt] | None]:
    """A copy of `tree` with node number `target` (in `ast.walk` order) replaced by `replace(its copy)`.

    Also returns the statement that held it, as mutated (None when it was deleted):
    an ancestor comes before its descendants in `ast.walk`, so its number is unchanged.
    """
    mutated = copy.deepcopy(tree)
    walked = list(ast.walk(mutated))
    node = walked[target]
    parent = next(p for p in walked for c in ast.iter_child_nodes(p) if c is node)
    new = replace(node)
    for name, value in ast.iter_fields(parent):
        if value is node:
            setattr(parent, name, new)
        elif isinstance(value, list) and any(item is node for item in value):
            position = next(i for i, item in enumerate(value) if item is node)
            value[position : position + 1] = new if isinstance(new, list) else [new]
            if not value:
                value.append(ast.Pass())
    ast.fix_missing_locations(mutated)
    if target == statement:
        return mutated, (new if isinstance(new, ast.stmt) else new or None)
    return mutated, walked[statement]


def _statement(node: ast.AST, parents: dict) -> ast.stmt:
    while not isinstance(node, ast.stmt):
        node = parents[node]
    return node


def _one_line(statement: ast.stmt | list[ast.stmt]) -> str:
    """A statement (or a few) on one line; a compound one by its header."""
    if isinstance(statement, list):
        return "; ".join(_one_line(s) for s in statement)
    if isinstance(statement, (ast.If, ast.For, ast.While, ast.With, ast.FunctionDef, ast.ClassDef, ast.Try)):
        header = copy.copy(statement)
        header.body = [ast.Pass()]
        for field in ("orelse", "handlers", "finalbody"):
            if hasattr(header, field):
                setattr(header, field, [])
        return ast.unparse(header).splitlines()[0]
    return ast.unparse(statement)


def _parameters(node: ast.AST, parents: dict) -> set[str]:
    """The parameter names of the function a node is in."""
    while node in parents and not isinstance(node, ast.FunctionDef):
        node = parents[node]
    if not isinstance(node, ast.FunctionDef):
        return set()
    return {a.arg for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)} - {"self"}


def _scope(node: ast.AST, parents: dict) -> str:
    names = []
    while node in parents:
        node = parents[node]
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(node.name)
    return ".".join(reversed(names)) or "module"


# ---------------------------------------------------------------- judging them


SEEDS = (0, 1, 2, 3)  # a mutant must pass every test on each of these to survive


@dataclass
class QuestionReport:
    """What `quizzer mutate` found for one coding question."""

    question: str
    generated: int = 0
    killed: int = 0
    equivalent: int = 0
    survived: list[dict] = field(default_factory=list)  # {"mutant", "operator", "diff"} for each survivor not declared equivalent
    stale: list[dict] = field(default_factory=list)  # declared equivalents that are killed, or that name no mutant
    error: str = ""  # the question could not be judged (its suite or reference is broken; the sandbox failed)

    def to_json(self) -> dict:
        """The object `quizzer mutate --json` prints for this question."""
        return asdict(self)


def mutants_of(question) -> list[Mutant]:
    """The generated mutants of a coding question's reference."""
    return generate(question.reference_path.read_text(encoding="utf-8"))


_plans: dict[tuple[str, int], object] = {}


def killed(task, source: str, seeds: tuple[int, ...] = SEEDS) -> bool:
    """Whether the question's tests reject `source` on some seed (the first seed first: most die there)."""
    from quizzer.core.judge import judge_plans, make_plan
    from quizzer.core.verdicts import Verdict

    plans = []
    for seed in seeds:
        if (task.id, seed) not in _plans:
            _plans[(task.id, seed)] = make_plan(task, seed)
        plans.append(_plans[(task.id, seed)])
    data = source.encode()
    results = judge_plans(task, data, plans[:1])
    if results[0].verdict == Verdict.accepted:
        results = judge_plans(task, data, plans[1:], stop_early=True)
    rejected = [r for r in results if r.verdict != Verdict.accepted]
    if rejected and rejected[0].verdict == Verdict.time_limit_exceeded:
        # A busy machine can starve a child past its wall clock: a time limit counts only if it happens twice.
        plan = next(p for p in plans if p.seed == rejected[0].seed)
        return judge_plans(task, data, [plan])[0].verdict != Verdict.accepted
    return bool(rejected)


def run(questions: list, seeds: tuple[int, ...] = SEEDS, workers: int | None = None, on_progress: Callable[[int, int], None] | None = None) -> list[QuestionReport]:
    """Generate and judge the mutants of each question, in parallel worker processes; one report per question.

    `on_progress(done, total)` is called after each mutant is judged. The heaviest
    questions (PyTorch ones) go first, so the workers finish together.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed
    import multiprocessing
    import os

    from quizzer.core.task import JudgeTask

    work = []
    reports, generated = {}, {}
    for question in questions:
        task = JudgeTask.from_question(question)
        generated[question.id] = mutants_of(question)
        reports[question.id] = QuestionReport(question.id, generated=len(generated[question.id]))
        work += [(task, mutant, question) for mutant in generated[question.id]]
    work.sort(key=lambda item: "torch" not in item[0].allowed_imports)
    outcome: dict[tuple[str, str], bool | str] = {}  # killed, or why it could not be judged
    context = multiprocessing.get_context("spawn")  # a fresh process: the caller may hold threads a fork would not copy
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1, mp_context=context) as pool:
        futures = {pool.submit(killed, task, mutant.source, seeds): (question.id, mutant.id) for task, mutant, question in work}
        for done, future in enumerate(as_completed(futures), 1):
            try:
                outcome[futures[future]] = future.result()
            except Exception as exc:  # noqa: BLE001 - a broken question (BankError, SandboxError...) is reported, the rest go on
                outcome[futures[future]] = f"{type(exc).__name__}: {exc}"
            if on_progress:
                on_progress(done, len(futures))
    for question in questions:
        report = reports[question.id]
        declared = {e.mutant: e.why for e in question.spec.equivalent}
        errors = [outcome[(question.id, m.id)] for m in generated[question.id] if type(outcome[(question.id, m.id)]) is str]
        if errors:
            report.error = str(errors[0])[:1000]
            continue
        for mutant in generated[question.id]:
            if outcome[(question.id, mutant.id)]:
                report.killed += 1
                if mutant.id in declared:
                    report.stale.append({"mutant": mutant.id, "why": "declared equivalent, but a test kills it"})
            elif mutant.id in declared:
                report.equivalent += 1
            else:
                report.survived.append({"mutant": mutant.id, "operator": mutant.operator, "diff": mutant.diff})
        ids = {m.id for m in generated[question.id]}
        report.stale += [{"mutant": name, "why": "declared equivalent, but no such mutant is generated"} for name in declared if name not in ids]
    return [reports[q.id] for q in questions]
