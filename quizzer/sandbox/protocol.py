"""Plain-data messages between the judge and the sandboxed child.

A message is a JSON header followed by the raw bytes of NumPy arrays, whose
dtype (numbers and booleans only) and shape travel in the JSON. Nothing is
ever pickled: the judge decodes with `json.loads` and `np.frombuffer` after
checking dtype, shape and byte count, so whatever the child sends arrives as
plain `dict`/`list`/`str`/`int`/`float`/`bool`/`None` and base `np.ndarray`.

Wire format of one frame: 4-byte big-endian header length, the UTF-8 JSON
header, then the bytes of its arrays one after the other; the header's `blobs`
lists their lengths. What a reader takes in is bounded before it is parsed: the
header's size and the number of JSON values in it (counted from its separators),
the number and total size of the arrays, and (through `reserve`) what the reader
holds of the other side's frames at once.

Value markers inside the JSON (every other dict is an error):
`{"$a": i, "dtype": "<f8", "shape": [2, 3]}` array blob i (`"sub": name` when the child returned an ndarray
subclass, `"scalar": true` for a NumPy scalar), `{"$t": [...]}` a tuple,
`{"$d": [[key, value], ...]}` a dict, `{"$r": name}` an object held by the
child, `{"$g": seed}` a seeded NumPy Generator (`Rng`), `{"$f": [name, params]}`
a trusted test function from the registry in `testfns` (`Fn`), `{"$x": type_name}`
a value of a type the wire does not carry.

Imports nothing of quizzer: the sandboxed child uses it.
"""

from __future__ import annotations

import json
import math
import os
import re
import struct

import numpy as np

MAX_HEADER = 8 << 20
MAX_VALUES = 1 << 18  # JSON values in one header: each costs the reader a Python object, up to ~70 bytes for 2 of the wire's
MAX_BLOB = 1 << 30  # all of a frame's arrays together; the judge reads the child's with the child's memory limit
MAX_BLOBS = 1 << 14  # arrays in one frame (each costs the reader an array, and the header only a few bytes)
NAME_CAP = 200  # characters of a name the child sends (a type, a dict key, an object's): messages quote them
OUTPUT_CAP = 64 * 1024  # characters kept of what a submission prints (the child keeps no more; the judge reads no more)


class ProtocolError(Exception):
    """The other side sent something that is not a well-formed message."""


class Ref:
    """A name for an object that lives in the child (an instance of the submitted class)."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"Ref({self.name!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is Ref and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)


class Rng:
    """A seeded `np.random.Generator` argument: each side builds `np.random.default_rng(seed)` afresh.

    A generator cannot travel as data; its seed can, so the judge and the child draw the same numbers.
    """

    __slots__ = ("seed",)

    def __init__(self, seed: int):
        self.seed = int(seed)

    def __repr__(self) -> str:
        return f"Rng({self.seed})"

    def __eq__(self, other: object) -> bool:
        return type(other) is Rng and other.seed == self.seed

    def __hash__(self) -> int:
        return hash(("Rng", self.seed))


class Fn:
    """A scalar test function argument, by name and parameters: each side builds it from `testfns.REGISTRY`.

    A function cannot travel as data; its registry name and its (plain-data) parameters can.
    """

    __slots__ = ("name", "params")

    def __init__(self, name: str, /, **params: object):
        self.name = str(name)
        self.params = params

    def __repr__(self) -> str:
        return f"Fn({self.name!r})"


class Opaque:
    """A value the child could not send: only the name of its type arrives."""

    __slots__ = ("type_name",)

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


class ArraySubclass:
    """The child returned an ndarray subclass: the judge sees the name and the plain data."""

    __slots__ = ("type_name", "array")

    def __init__(self, type_name: str, array: np.ndarray):
        self.type_name = type_name
        self.array = array


class TensorData:
    """A torch tensor's data as it arrived: the judge compares it like an array, and knows it was a tensor."""

    __slots__ = ("array",)

    def __init__(self, array: np.ndarray):
        self.array = array


def roundtrip(value: object) -> object:
    """`value` as the judge would receive it from the child: the one representation both sides share."""
    blobs: list[bytes] = []
    data = encode(value, blobs)
    return decode(data, [bytearray(blob) for blob in blobs])


# ---------------------------------------------------------------- encoding


_DTYPE = re.compile(r"^[<>|=]?[?biufc][0-9]{0,2}$")  # plain numbers and booleans; never objects or records


def _pack_array(array: np.ndarray, blobs: list[bytes], **extra: object) -> dict:
    """An array as raw C-order bytes in `blobs`, its dtype and shape in the marker.

    Raw bytes rather than `.npy`: parsing an `.npy` header costs an `ast.literal_eval`
    per array, the largest part of a warm verdict; the marker carries the same facts.
    """
    blobs.append(np.ascontiguousarray(array).tobytes() if array.ndim else array.tobytes())
    return {"$a": len(blobs) - 1, "dtype": array.dtype.str, "shape": list(array.shape), **extra}


def _unpack_array(data: dict, blobs: list[bytes]) -> np.ndarray:
    """The array a marker names, checked: numeric dtype, sane shape, exactly the right number of bytes."""
    index, dtype, shape = data.get("$a"), data.get("dtype"), data.get("shape")
    if type(index) is not int or not 0 <= index < len(blobs):
        raise ProtocolError("bad array index")
    if type(dtype) is not str or not _DTYPE.match(dtype):
        raise ProtocolError("bad array dtype")
    if type(shape) is not list or len(shape) > 32 or any(type(n) is not int or not 0 <= n <= MAX_BLOB for n in shape):
        raise ProtocolError("bad array shape")
    kind = _kind(dtype)
    blob = blobs[index]
    if len(blob) != math.prod(shape) * kind.itemsize:
        raise ProtocolError("array data does not match its shape")
    # A bytearray read off the wire is the array's own writable memory; anything else is copied into one.
    return np.frombuffer(blob if type(blob) is bytearray else bytearray(blob), dtype=kind).reshape(shape)


_KINDS: dict[str, np.dtype] = {}  # checked dtypes; the pattern allows only a few hundred strings


def _kind(dtype: str) -> np.dtype:
    kind = _KINDS.get(dtype)
    if kind is None:
        try:
            kind = np.dtype(dtype)
        except TypeError:
            raise ProtocolError("bad array dtype") from None
        if kind.hasobject or kind.fields is not None or kind.kind not in "?biufc":
            raise ProtocolError("bad array dtype")
        _KINDS[dtype] = kind
    return kind


def encode(value: object, blobs: list[bytes]) -> object:
    """Turn a value into JSON-able data, appending array bytes to `blobs`.

    Types are tested with `type(...) is`, never `isinstance`, so a subclass
    with a custom `__eq__` or `__reduce__` is never mistaken for a plain value.
    """
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is np.ndarray or isinstance(value, np.ndarray):
        plain = np.asarray(value).view(np.ndarray) if kind is not np.ndarray else value
        if not _DTYPE.match(plain.dtype.str):
            return {"$x": f"ndarray of dtype {plain.dtype}"}
        return _pack_array(plain, blobs, **({} if kind is np.ndarray else {"sub": kind.__name__}))
    if isinstance(value, np.generic) and type(value).__module__ == "numpy":
        array = np.asarray(value)
        if not _DTYPE.match(array.dtype.str):
            return {"$x": kind.__name__}
        return _pack_array(array, blobs, scalar=True)
    if kind.__module__.startswith("torch") and kind.__name__ in ("Tensor", "Parameter"):
        # torch questions: a tensor travels as its NumPy array (dtype kept), marked as a tensor.
        array = value.detach().cpu().numpy()
        if not _DTYPE.match(array.dtype.str):
            return {"$x": f"tensor of dtype {array.dtype}"}
        return _pack_array(array, blobs, tensor=True)
    if kind is list:
        return [encode(item, blobs) for item in value]
    if kind is tuple:
        return {"$t": [encode(item, blobs) for item in value]}
    if kind is dict and all(type(k) is str for k in value):
        return {"$d": [[k, encode(v, blobs)] for k, v in value.items()]}
    if kind is Ref:
        return {"$r": value.name}
    if kind is Rng:
        return {"$g": value.seed}
    if kind is Fn:
        return {"$f": [value.name, encode(value.params, blobs)]}
    return {"$x": getattr(kind, "__name__", "object")}


def decode(data: object, blobs: list[bytes]) -> object:
    """The inverse of `encode`, strict: anything unexpected is a ProtocolError."""
    kind = type(data)
    if data is None or kind in (bool, int, float, str):
        return data
    if kind is list:
        return [decode(item, blobs) for item in data]
    if kind is not dict:
        raise ProtocolError(f"unexpected JSON value of type {kind.__name__}")
    if "$a" in data:
        array = _unpack_array(data, blobs)
        if data.get("tensor"):
            return TensorData(array)
        if data.get("scalar"):
            return array[()]
        if "sub" in data:
            return ArraySubclass(str(data["sub"])[:NAME_CAP], array)
        return array
    if set(data) == {"$t"} and type(data["$t"]) is list:
        return tuple(decode(item, blobs) for item in data["$t"])
    if set(data) == {"$d"} and type(data["$d"]) is list:
        out = {}
        for pair in data["$d"]:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str or len(pair[0]) > NAME_CAP:
                raise ProtocolError("bad dict entry")
            out[pair[0]] = decode(pair[1], blobs)
        return out
    if set(data) == {"$r"} and type(data["$r"]) is str:
        return Ref(data["$r"][:NAME_CAP])
    if set(data) == {"$g"} and type(data["$g"]) is int:
        return Rng(data["$g"])
    if set(data) == {"$f"} and type(data["$f"]) is list and len(data["$f"]) == 2 and type(data["$f"][0]) is str:
        params = decode(data["$f"][1], blobs)
        if type(params) is not dict:
            raise ProtocolError("bad function parameters")
        return Fn(data["$f"][0], **params)
    if set(data) == {"$x"} and type(data["$x"]) is str:
        return Opaque(data["$x"][:NAME_CAP])
    raise ProtocolError(f"unexpected object with keys {sorted(data)[:5]}")


# ---------------------------------------------------------------- framing


def pack(header: dict, values: dict | None = None) -> bytes:
    """One frame: `header` (plain JSON) with `values` encoded under the key "values"."""
    blobs: list[bytes] = []
    body = dict(header)
    if values is not None:
        body["values"] = encode(values, blobs)
    body["blobs"] = [len(blob) for blob in blobs]
    text = json.dumps(body, allow_nan=True).encode()
    return b"".join([struct.pack(">I", len(text)), text, *blobs])


def write_frame(fd: int, header: dict, values: dict | None = None) -> None:
    """Write one frame to a file descriptor, all of it."""
    data = memoryview(pack(header, values))
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _read_exact(fd: int, size: int) -> bytearray:
    # Grown as the bytes arrive: a size announced but never sent costs nothing.
    data = bytearray()
    while len(data) < size:
        chunk = os.read(fd, min(size - len(data), 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the channel")
        data += chunk
    return data


def _json_values(text: bytes) -> int:
    """At least the number of JSON values (keys included) in `text`, counted without parsing it."""
    return text.count(b",") + text.count(b":") + text.count(b"[") + text.count(b"{") + 1


def read_frame(fd: int, max_total: int = MAX_BLOB, reserve=None) -> dict:
    """Read and decode one frame; `values` (if any) come back decoded.

    `max_total` bounds the frame's bytes; `reserve(n)`, when given, is called with the
    header's size before it is read and with the arrays' total before they are (it may
    wait for room, or raise ProtocolError).
    """
    (length,) = struct.unpack(">I", _read_exact(fd, 4))
    if length > min(MAX_HEADER, max_total):
        raise ProtocolError("header too large")
    if reserve is not None:
        reserve(length)
    text = _read_exact(fd, length)
    if _json_values(text) > MAX_VALUES:
        raise ProtocolError("header holds too many values")
    try:
        header = json.loads(text)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise ProtocolError(f"header is not JSON: {type(exc).__name__}") from None
    del text
    sizes = header.get("blobs") if type(header) is dict else None
    if type(sizes) is not list or len(sizes) > MAX_BLOBS or any(type(size) is not int or size < 0 for size in sizes):
        raise ProtocolError("header is not an object with a list of blob sizes")
    total = sum(sizes)
    if total + length > max_total:
        raise ProtocolError("message too large")
    if reserve is not None:
        reserve(total)
    blobs = [_read_exact(fd, size) for size in sizes]  # one buffer each: the arrays use them as they are
    if "values" in header:
        try:
            header["values"] = decode(header["values"], blobs)
        except RecursionError:
            raise ProtocolError("values nested too deep") from None
    return header
