"""The wire refuses anything but plain data: arrays are raw bytes with a checked dtype and shape."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from quizzer.sandbox.protocol import ProtocolError, decode, pack, read_frame, roundtrip


@pytest.mark.parametrize("dtype", ["<f8", "<f4", "<i8", "|b1", "<c16", "|u1"])
def test_numeric_arrays_round_trip_exactly_and_writable(dtype):
    array = (np.arange(12).reshape(3, 4) % 5).astype(dtype)
    back = roundtrip(array)
    assert type(back) is np.ndarray and back.dtype == array.dtype and back.shape == (3, 4)
    assert np.array_equal(back, array)
    back[0, 0] = 1  # inputs handed to a submission must be writable


def test_non_contiguous_and_empty_and_zero_d():
    assert np.array_equal(roundtrip(np.arange(12.0).reshape(3, 4).T), np.arange(12.0).reshape(3, 4).T)
    assert roundtrip(np.zeros((0, 3))).shape == (0, 3)
    assert roundtrip(np.float64(2.5)) == 2.5 and roundtrip(np.array(3.0)).shape == ()


@pytest.mark.parametrize(
    "marker, blob",
    [
        ({"$a": 0, "dtype": "|O", "shape": [1]}, b"\0" * 8),  # object arrays would need pickle
        ({"$a": 0, "dtype": "f8,i4", "shape": [1]}, b"\0" * 12),  # records
        ({"$a": 0, "dtype": "<f8", "shape": [2]}, b"\0" * 8),  # too few bytes
        ({"$a": 0, "dtype": "<f8", "shape": [-1]}, b"\0" * 8),
        ({"$a": 0, "dtype": "<f8", "shape": "2"}, b"\0" * 16),
        ({"$a": 3, "dtype": "<f8", "shape": [1]}, b"\0" * 8),
        ({"$a": 0}, b"\x93NUMPY"),  # an .npy (or pickle) payload without a checked header
        ({"$evil": 1}, b""),
    ],
)
def test_malformed_arrays_are_protocol_errors(marker, blob):
    with pytest.raises(ProtocolError):
        decode(marker, [blob])


def test_a_frame_with_a_pickle_inside_never_unpickles(tmp_path):
    import pickle

    marker = tmp_path / "ran"

    class Boom:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    payload = pickle.dumps(Boom())
    header = json.dumps({"blobs": [len(payload)], "values": {"$a": 0, "dtype": "|O", "shape": [1]}}).encode()
    frame = len(header).to_bytes(4, "big") + header + payload
    read, write = os.pipe()
    os.write(write, frame)
    with pytest.raises(ProtocolError):
        read_frame(read)
    os.close(read)
    os.close(write)
    assert not marker.exists()


def test_frames_round_trip_through_a_pipe():
    read, write = os.pipe()
    os.write(write, pack({"event": "test"}, {"x": (np.ones((2, 2)), [1, "a", None])}))
    frame = read_frame(read)
    os.close(read)
    os.close(write)
    x = frame["values"]["x"]
    assert frame["event"] == "test" and np.array_equal(x[0], np.ones((2, 2))) and x[1] == [1, "a", None]
