"""What the hostile-submission tests share: the LSTM question with small limits, both spawners, and the aftermath checks.

`run_hostile` judges a submission and then checks that the result is JSON-able,
that no process of the submission is left, that no watched file changed, that the
progress store is intact, and that the judge created nothing in the temp folder
(pointed at a folder of the test's own by the `store` fixture).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from quizzer import paths
from quizzer.core.bank import Question, load_bank
from quizzer.core.judge import judge
from quizzer.core.store import Attempt, Store
from quizzer.sandbox.launch import spawn
from quizzer.sandbox.zygote import Zygote

QUESTION_ID = "numpy-lstm-cell"
_WATCHED: list[Path] = []  # set by the `store` fixture
_TEMP: list[Path] = []  # the temp folder the `store` fixture gave this process
# Every process a hostile case forks names itself this, so a scan finds it anywhere; the pid keeps
# test processes running side by side (pytest-xdist) from seeing each other's.
COMM = f"qzh-{os.getpid()}"

CORRECT = '''
import numpy as np

def _sig(x):
    return 1.0 / (1.0 + np.exp(-x))

def lstm_cell_forward(x_t, h_prev, c_prev, params):
    Wf, bf, Wi, bi, Wo, bo, Wc, bc = params
    z = np.concatenate((h_prev, x_t), axis=1)
    c = _sig(z @ Wf + bf) * c_prev + _sig(z @ Wi + bi) * np.tanh(z @ Wc + bc)
    return _sig(z @ Wo + bo) * np.tanh(c), c
'''

# Names itself so the leftover scan finds it wherever it ends up (run in each forked process).
NAME_SELF = f'''
def _name_self():
    import ctypes
    ctypes.CDLL(None).prctl(15, b"{COMM}", 0, 0, 0)  # PR_SET_NAME
'''

WRONG = '''
import numpy as np

def lstm_cell_forward(x_t, h_prev, c_prev, params):
    return np.zeros_like(h_prev), np.zeros_like(c_prev)
'''


@pytest.fixture(scope="module")
def question() -> Question:
    """The LSTM question with a 1 s CPU limit and 128 MB of memory: hostile cases end fast."""
    original = load_bank().get(QUESTION_ID)
    spec = original.spec.model_copy(update={"time_limit_s": 1.0, "memory_limit_mb": 128})
    return Question(spec, original.folder)


@pytest.fixture(scope="module")
def canary(tmp_path_factory) -> Path:
    """Files outside any child's directory, in a folder every child could name: none may change."""
    folder = tmp_path_factory.mktemp("canary")
    (folder / "notes.txt").write_text("keep me")
    (folder / "sub").mkdir()
    (folder / "sub" / "data.bin").write_bytes(bytes(range(256)))
    return folder


@pytest.fixture(scope="module")
def zygote():
    with Zygote() as started:
        yield started


@pytest.fixture(params=["fork", "zygote"])
def spawner(request, zygote):
    """How the judge starts the child: forking this process (the CLI) or through the zygote (the app)."""
    return zygote.spawn if request.param == "zygote" else spawn


@pytest.fixture
def store(quizzer_home, canary, tmp_path_factory, monkeypatch):
    """A real progress store in QUIZZER_HOME holding one attempt (and the canary folder to watch).

    The temp folder (`tempfile`'s, for this process) becomes an empty folder of the test's own:
    whatever the judge or the sandbox put there would show.
    """
    import tempfile

    temp = tmp_path_factory.mktemp("judge-temp")
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    _TEMP[:] = [temp]
    _WATCHED[:] = [canary]
    db = Store()
    db.record_attempt(Attempt(QUESTION_ID, 1.0, "accepted", 13, 13, 100, code="print('mine')", seed=7))
    db.close()
    return quizzer_home


def _fingerprint(*roots: Path) -> dict[str, str]:
    """Every file under the roots with a hash of its bytes."""
    prints = {}
    for root in map(Path, roots):
        for path in [root] if root.is_file() else sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                prints[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return prints


def processes() -> dict[int, tuple[int, str, str, int]]:
    """pid -> (parent pid, state, name, real uid) for every process."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
            status = Path(f"/proc/{name}/status").read_text()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        state, ppid = stat[stat.rindex(")") + 2 :].split()[:2]
        uid = int(next(line.split()[1] for line in status.splitlines() if line.startswith("Uid:")))
        table[int(name)] = (int(ppid), state, comm, uid)
    return table


def leftovers(zygote: Zygote, before: frozenset = frozenset()) -> list[tuple[int, str, int]]:
    """Processes of a submission still alive, allowing 2 s for exits under way to finish.

    A zygote's supervisor (A) may still be in the middle of exiting when the verdict is back: the
    zygote, not the judge, reaps it. Anything still there after 2 s was left behind. `before` is
    what `_alive` found before the submission ran (another test's worker processes, say, still
    shutting down in this test process): those are not the submission's.
    """
    deadline = time.monotonic() + 2.0
    while (found := [p for p in _alive(zygote) if p not in before]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def _alive(zygote: Zygote) -> list[tuple[int, str, int]]:
    """Processes of a submission alive now: named as the hostile cases name them, or below this test process.

    The zygotes (this module's, and the one `judge.safe_spawner` keeps for the whole test process once
    another test judged from a thread-running pytest) and not-yet-reaped zombies (trusted supervisors) do not count.
    """
    from quizzer.sandbox import zygote as zygote_module

    me = os.getpid()
    keep = {pid for z in (zygote, zygote_module._shared) if z is not None for pid in z.pids()}
    table = processes()
    found = []
    for pid, (ppid, state, comm, uid) in table.items():
        if pid == me or pid in keep or state == "Z":
            continue
        chain, parent = set(), ppid
        while parent and parent not in chain:
            chain.add(parent)
            parent = table.get(parent, (0,))[0]
        if comm == COMM or me in chain:
            found.append((pid, comm, uid))
    return found


def run_hostile(question, source: str | bytes, spawner, zygote, extra_roots=()) -> dict:
    """Judge `source`; check the aftermath; the JSON the judge produced."""
    # The bank itself may be edited by its authors while this runs: what is watched is the user's
    # data and the test's own files; the write test checks the bank's folders by name.
    watched = [paths.user_home(), *_WATCHED, *extra_roots]
    attempts = history()
    before = _fingerprint(*watched)
    data = source.encode() if isinstance(source, str) else source
    already = frozenset(_alive(zygote))
    result = judge(question, data, seed=0, spawner=spawner)
    text = json.dumps(result.to_json())  # JSON-able, every time
    assert leftovers(zygote, already) == []
    assert _fingerprint(*watched) == before
    assert history() == attempts
    assert [p.name for temp in _TEMP for p in temp.iterdir()] == []  # nothing of it on the host's disk
    return json.loads(text)


def history() -> list[Attempt]:
    """The attempts in the progress store (opened and closed again: no WAL file left behind)."""
    db = Store()
    try:
        return db.attempts()
    finally:
        db.close()


