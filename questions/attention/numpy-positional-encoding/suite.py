"""Tests for numpy-positional-encoding: widths of 1, 2, odd and even, long sequences, other bases."""

from quizzer.core.suite import Test


def _table(test, seq_len, d_model, **base):
    test.call("positional_encoding", seq_len, d_model, label=f"positional_encoding({seq_len}, {d_model})", **base)
    return test


def tests(rng):
    visible = [
        _table(Test("example: seq_len=4, d_model=6", visible=True), 4, 6),
        _table(Test("example: odd d_model: seq_len=3, d_model=5", visible=True), 3, 5),
        _table(Test("example: base=100: seq_len=2, d_model=4", visible=True), 2, 4, base=100.0),
    ]
    fixed = [
        ("one position, one column: [[0.]]", 1, 1, {}),
        ("one position is position 0: sines 0, cosines 1", 1, 10, {}),
        ("d_model=1: a single sine column", 7, 1, {}),
        ("d_model=2: sin(pos) and cos(pos)", 5, 2, {}),
        ("d_model=3: the last column is a sine", 6, 3, {}),
        ("odd d_model=7, more positions than columns", 12, 7, {}),
        ("odd d_model=33", 9, 33, {}),
        ("even d_model=16, 50 positions", 50, 16, {}),
        ("a long sequence: positions up to 2047", 2048, 8, {}),
        ("more columns than positions: d_model=64, seq_len=3", 3, 64, {}),
        ("base=100 (short wavelengths)", 10, 6, {"base": 100.0}),
        ("base=500000 with an odd d_model", 40, 9, {"base": 500000.0}),
    ]
    hidden = [_table(Test(name), seq_len, d_model, **base) for name, seq_len, d_model, base in fixed]
    for k in range(3):
        seq_len, d_model = int(rng.integers(1, 80)), int(rng.integers(1, 48))
        hidden.append(_table(Test(f"random size {k + 1}: seq_len={seq_len}, d_model={d_model}"), seq_len, d_model))
    base = float(rng.uniform(50.0, 50000.0))
    hidden.append(_table(Test(f"random base {base:.1f}"), 30, 11, base=base))
    return visible + hidden
