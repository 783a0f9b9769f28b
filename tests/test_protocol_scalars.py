"""NumPy scalars cross the judge's wire as scalars (a loss returned as np.float64 is a number)."""

import numpy as np

from quizzer.core.compare import compare
from quizzer.sandbox.protocol import roundtrip


def test_numpy_scalars_keep_their_type_and_shape():
    for value in [np.float64(2.5), np.float32(-1.0), np.int64(7), np.bool_(True)]:
        arrived = roundtrip(value)
        assert type(arrived) is type(value) and arrived == value


def test_a_numpy_float_is_accepted_where_the_reference_returned_a_float():
    assert compare(1.9491070102423391, roundtrip(np.float64(1.9491070102423391)), 1e-7, 1e-9) is None


def test_zero_d_and_one_element_arrays_stay_distinct():
    assert roundtrip(np.array(3.0)).shape == ()
    assert roundtrip(np.array([3.0])).shape == (1,)
