"""Comparison is strict about shape, dtype and NaN, and says what differs without printing inputs."""

from __future__ import annotations

import numpy as np

from quizzer.core.compare import compare, compare_observation
from quizzer.sandbox.protocol import ArraySubclass, Opaque, roundtrip

RTOL, ATOL = 1e-7, 1e-9


def test_equal_arrays_pass():
    x = np.arange(6.0).reshape(2, 3)
    assert compare(x, x.copy(), RTOL, ATOL) is None


def test_a_vector_is_never_broadcast_into_a_column():
    assert compare(np.zeros((3, 1)), np.zeros(3), RTOL, ATOL) == "shape (3,), expected (3, 1)"


def test_dtype_must_match():
    assert compare(np.zeros(3), np.zeros(3, dtype=np.float32), RTOL, ATOL) == "dtype float32, expected float64"


def test_nan_where_the_answer_is_finite_is_wrong():
    got = np.array([[1.0, np.nan]])
    assert compare(np.array([[1.0, 2.0]]), got, RTOL, ATOL) == "NaN at row 0, column 1, where the answer is finite"


def test_same_infinities_are_fine():
    x = np.array([np.inf, -np.inf, 1.0])
    assert compare(x, x.copy(), RTOL, ATOL) is None


def test_value_error_message_names_place_not_the_tolerance():
    # The tolerance is the question's: the verdict states it once, not every test line.
    expected = np.zeros((4, 2))
    got = expected.copy()
    got[2, 1] = 0.31
    assert compare(expected, got, RTOL, ATOL) == "max abs error 3.1e-01 at row 2, column 1"


def test_ndarray_subclass_never_reaches_equality():
    class Liar(np.ndarray):
        def __eq__(self, other):
            return True

    arrived = roundtrip(np.zeros(3).view(Liar))
    assert isinstance(arrived, ArraySubclass) and type(arrived.array) is np.ndarray
    assert "ndarray subclass" in compare(np.zeros(3), arrived, RTOL, ATOL)


def test_objects_arrive_as_their_type_name_only():
    class Sneaky:
        def __reduce__(self):
            return (print, ("pwned",))

    arrived = roundtrip(Sneaky())
    assert isinstance(arrived, Opaque)
    assert compare(np.zeros(2), arrived, RTOL, ATOL) == "returned Sneaky, expected array of shape (2,), dtype float64"


def test_none_instead_of_a_result():
    assert compare((np.zeros(2), np.zeros(2)), None, RTOL, ATOL) == "returned None, expected a tuple of 2"


def test_named_outputs_in_messages():
    expected = {"result": (np.zeros((2, 2)), np.ones((2, 2)))}
    got = {"result": (np.zeros((2, 2)), np.ones((2, 3)))}
    assert compare_observation(expected, got, "step", ("h_next", "c_next"), RTOL, ATOL) == ["c_next: shape (2, 3), expected (2, 2)"]


def test_every_output_that_differs_is_named():
    expected = {"result": (np.zeros((2, 2)), np.ones((2, 2)))}
    got = {"result": (np.full((2, 2), 0.5), np.ones((2, 3)))}
    assert compare_observation(expected, got, "step", ("h_next", "c_next"), RTOL, ATOL) == [
        "h_next: max abs error 5.0e-01 at row 0, column 0",
        "c_next: shape (2, 3), expected (2, 2)",
    ]


def test_attribute_messages_read_naturally():
    expected = {"W1": np.zeros((3, 4))}
    got = {"W1": np.zeros((4, 3))}
    assert compare_observation(expected, got, "after backward", None, RTOL, ATOL) == ["W1 after backward: shape (4, 3), expected (3, 4)"]


def test_scalars_compare_by_value_with_tolerance():
    assert compare(np.float64(1.0), 1.0 + 1e-12, RTOL, ATOL) is None
    assert compare(1.0, np.array([1.0]), RTOL, ATOL) == "returned array of shape (1,), dtype float64, expected a number"


def test_arguments_changed_in_place_are_named():
    expected = {"result": np.zeros(2), "arg2": np.zeros((1, 2))}
    got = {"result": np.zeros(2), "arg2": np.ones((1, 2))}
    (message,) = compare_observation(expected, got, "lstm_cell_forward", None, RTOL, ATOL, ["x_t", "h_prev", "c_prev", "params"])
    assert message == "c_prev after lstm_cell_forward: max abs error 1.0e+00 at row 0, column 0"
