"""The content digest of docs/digest.md (`floe-digest/1`) and its row-group units (`floe-digest/2`),
computed from pyarrow data.

Each field's byte streams are hashed as they arrive, batch by batch: value buffers go to SHA-256
straight from Arrow memory (numpy views, no Python loop per value), so a file never has to sit in
memory whole. Validity and boolean bits are repacked from bit 0, as the definition asks, whatever
offset a batch has in memory.

    digester = Digester(table.schema)
    for batch in table.to_batches():
        digester.update(batch)
    rows, hex_digest = digester.finish()
"""

import hashlib
import struct

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.types as pat

FILE_HEADER = b"floe-digest/1"
FILE_V2_HEADER = b"floe-file/2"
ROOT_HEADER = b"floe-root/1"


def _newer(name):
    # Present in newer pyarrow only; older ones have no such type, so nothing is one.
    return getattr(pat, name, lambda t: False)


_is_string_view = _newer("is_string_view")
_is_binary_view = _newer("is_binary_view")
_is_list_view = _newer("is_list_view")
_is_large_list_view = _newer("is_large_list_view")


def _u64(n):
    return struct.pack("<Q", n)


class _Bytes:
    """One byte stream: its SHA-256 and length, fed in pieces."""

    def __init__(self):
        self.sha = hashlib.sha256()
        self.length = 0

    def add(self, data):
        data = np.ascontiguousarray(data)
        self.sha.update(data)
        self.length += data.nbytes

    def finish(self):
        return self.length, self.sha.digest()


class _Bits(_Bytes):
    """A bit stream, LSB first from bit 0 of byte 0; fewer than 8 bits wait for the next piece."""

    def __init__(self):
        super().__init__()
        self.pending = np.zeros(0, dtype=bool)

    def add_bits(self, bits):
        bits = np.concatenate([self.pending, bits]) if len(self.pending) else bits
        whole = len(bits) - len(bits) % 8
        if whole:
            self.add(np.packbits(bits[:whole], bitorder="little"))
        self.pending = bits[whole:].copy()

    def finish(self):
        if len(self.pending):
            self.add(np.packbits(self.pending, bitorder="little"))
            self.pending = np.zeros(0, dtype=bool)
        return super().finish()


def _valid_mask(array):
    if array.null_count == 0:
        return None
    return array.is_valid().to_numpy(zero_copy_only=False)


def _plain(array):
    """The array in the physical shape the streams are defined on (see docs/digest.md's table)."""
    if isinstance(array, pa.ExtensionArray):
        array = array.storage
    t = array.type
    if pat.is_dictionary(t):
        return _plain(array.dictionary_decode())
    if pat.is_integer(t):
        target = pa.int64() if t.bit_width == 64 else pa.int32()
        return array if t == target else array.cast(target)
    if pat.is_time(t):
        return array if t == pa.time64("us") else array.cast(pa.time64("us"))
    if pat.is_date64(t):
        return array.cast(pa.date32())
    if pat.is_timestamp(t) and t.unit in ("s", "ms"):
        return array.cast(pa.timestamp("us", t.tz))
    if pat.is_decimal(t) and not pat.is_decimal128(t):
        return array.cast(pa.decimal128(t.precision, t.scale))
    if _is_string_view(t) or pat.is_large_string(t):
        return array.cast(pa.string())
    if _is_binary_view(t) or pat.is_large_binary(t):
        return array.cast(pa.binary())
    if pat.is_float16(t):
        raise TypeError("float16 has no Iceberg type and no digest")
    return array


class _Field:
    """The streams of one field and of its children, depth first (docs/digest.md)."""

    def __init__(self, field):
        self.name = field.name
        self.nullable = field.nullable
        self.validity = _Bits() if field.nullable else None
        self.children = []
        self.streams = []
        t = field.type
        if isinstance(t, pa.ExtensionType):
            t = t.storage_type
        if pat.is_dictionary(t):
            t = t.value_type
        self.type = t
        if pat.is_boolean(t):
            self.kind = "bits"
            self.streams = [_Bits()]
        elif pat.is_string(t) or pat.is_binary(t) or pat.is_large_string(t) \
                or pat.is_large_binary(t) or _is_string_view(t) or _is_binary_view(t):
            self.kind = "bytes"
            self.streams = [_Bytes(), _Bytes()]
        elif pat.is_map(t):
            self.kind = "map"
            self.streams = [_Bytes()]
            self.children = [_Field(t.key_field), _Field(t.item_field)]
        elif pat.is_list(t) or pat.is_large_list(t) or pat.is_fixed_size_list(t) \
                or _is_list_view(t) or _is_large_list_view(t):
            self.kind = "list"
            self.streams = [_Bytes()]
            self.children = [_Field(t.value_field)]
        elif pat.is_struct(t):
            self.kind = "struct"
            self.children = [_Field(t.field(i)) for i in range(t.num_fields)]
        else:
            self.kind = "fixed"
            self.streams = [_Bytes()]

    def update(self, array):
        if isinstance(array, pa.ExtensionArray):
            array = array.storage
        if pat.is_dictionary(array.type):
            array = array.dictionary_decode()
        valid = _valid_mask(array)
        if self.validity is not None:
            self.validity.add_bits(np.ones(len(array), dtype=bool) if valid is None else valid)
        elif valid is not None:
            raise ValueError(
                "column %s is required but has %d null(s)" % (self.name, array.null_count))
        getattr(self, "_" + self.kind)(array, valid)

    def _bits(self, array, valid):
        values = array.fill_null(False).to_numpy(zero_copy_only=False)
        self.streams[0].add_bits(values.astype(bool))

    def _fixed(self, array, valid):
        array = _plain(array)
        width = array.type.byte_width
        start = array.offset * width
        data = np.frombuffer(array.buffers()[1], dtype=np.uint8)[start:start + len(array) * width]
        if valid is not None:
            data = data.reshape(len(array), width).copy()
            data[~valid] = 0
        self.streams[0].add(data)

    def _bytes(self, array, valid):
        array = _plain(array)
        offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)
        offsets = offsets[array.offset:array.offset + len(array) + 1]
        lengths = np.diff(offsets)
        if valid is not None and lengths[~valid].any():
            array = array.filter(pa.array(valid))
            return self._bytes_of(array, lengths * valid)
        if valid is not None:
            lengths = lengths * valid
        self.streams[0].add(lengths.astype("<i4"))
        if len(array):
            data = np.frombuffer(array.buffers()[2] or b"", dtype=np.uint8)
            self.streams[1].add(data[offsets[0]:offsets[-1]])

    def _bytes_of(self, non_null, lengths):
        self.streams[0].add(lengths.astype("<i4"))
        offsets = np.frombuffer(non_null.buffers()[1], dtype=np.int32)
        offsets = offsets[non_null.offset:non_null.offset + len(non_null) + 1]
        if len(non_null):
            data = np.frombuffer(non_null.buffers()[2] or b"", dtype=np.uint8)
            self.streams[1].add(data[offsets[0]:offsets[-1]])

    def _list(self, array, valid):
        if _is_list_view(array.type) or _is_large_list_view(array.type):
            array = array.cast(pa.list_(array.type.value_field))
        lengths = pc.list_value_length(array).fill_null(0).to_numpy(zero_copy_only=False)
        self.streams[0].add(lengths.astype("<i4"))
        # flatten() skips the slots of null lists, as the definition does.
        self.children[0].update(array.flatten())

    def _map(self, array, valid):
        t = array.type
        entries = pa.list_(pa.struct([t.key_field, t.item_field]))
        as_list = array.cast(entries)
        lengths = pc.list_value_length(as_list).fill_null(0).to_numpy(zero_copy_only=False)
        self.streams[0].add(lengths.astype("<i4"))
        flat = as_list.flatten()
        self.children[0].update(flat.field(0))
        self.children[1].update(flat.field(1))

    def _struct(self, array, valid):
        # A null struct's fields are not part of the streams: keep the non-null slots only.
        if valid is not None:
            array = array.filter(pa.array(valid))
        for i, child in enumerate(self.children):
            child.update(array.field(i))

    def finish(self, out):
        if self.validity is not None:
            out.append(self.validity.finish())
        if self.kind == "struct":
            for child in self.children:
                child.finish(out)
            return
        out.append(self.streams[0].finish())
        if self.kind == "bytes":
            out.append(self.streams[1].finish())
        for child in self.children:
            child.finish(out)


class Digester:
    """The `floe-digest/1` file digest of the rows fed to it, in order, with `schema`'s fields.

    Whether a field has a validity stream follows `schema` (its `nullable` flags, which pyarrow
    takes from the Parquet file's required/optional, i.e. the Iceberg schema), never the data.
    """

    def __init__(self, schema):
        self.schema = schema
        self.fields = [_Field(f) for f in schema]
        self.rows = 0

    def update(self, batch):
        """Feeds a RecordBatch or Table whose columns are this digester's, in order."""
        if batch.num_columns != len(self.fields):
            raise ValueError("expected %d columns, got %d" % (len(self.fields), batch.num_columns))
        for field, column in zip(self.fields, batch.columns):
            chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
            for chunk in chunks:
                field.update(chunk)
        self.rows += batch.num_rows

    def finish(self):
        """(rows, lower-case hex digest); the digester cannot be fed after."""
        streams = []
        for field in self.fields:
            field.finish(streams)
        sha = hashlib.sha256(FILE_HEADER + _u64(self.rows))
        for length, digest in streams:
            sha.update(_u64(length))
            sha.update(digest)
        return self.rows, sha.hexdigest()


def file_digest(data):
    """The `/1` digest of a pyarrow Table or RecordBatch as if it were one whole file: (rows, hex)."""
    digester = Digester(data.schema)
    digester.update(data)
    return digester.finish()


def file_digest_v2(units):
    """The `/2` file digest over its units, each (offset, count, rows, hex unit digest)."""
    units = list(units)
    sha = hashlib.sha256(FILE_V2_HEADER + _u64(len(units)))
    for offset, count, rows, digest in units:
        sha.update(_u64(offset) + _u64(count) + _u64(rows))
        sha.update(bytes.fromhex(digest))
    return sha.hexdigest()


def root(files):
    """The lock's root (`contentDigest`) over (rows, hex file digest) pairs in lock order."""
    files = list(files)
    sha = hashlib.sha256(ROOT_HEADER + _u64(len(files)))
    for rows, digest in files:
        sha.update(_u64(rows))
        sha.update(bytes.fromhex(digest))
    return sha.hexdigest()
