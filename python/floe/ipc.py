"""Floe's exported Arrow IPC files (`floe rehydrate --format arrow`, `Rehydration.writeArrow`):
the file format and the stream format, told apart by the file's first bytes."""

import os

import pyarrow.ipc as ipc

from . import digest
from .errors import DigestMismatchError, UnsupportedError
from .lock import DIGEST_V2, LockFile, open_lock
from .verify import open_input

_FILE_MAGIC = b"ARROW1"


def _reader(source):
    head = source.read(len(_FILE_MAGIC))
    source.seek(0)
    if head == _FILE_MAGIC:
        return ipc.open_file(source)
    return ipc.open_stream(source)


def read_arrow(path, filesystem=None):
    """The whole export as a pyarrow Table (file or stream format)."""
    with open_input(str(path), filesystem) as source:
        return _reader(source).read_all()


def iter_arrow(path, filesystem=None):
    """The export's record batches one by one, without reading the file whole."""
    with open_input(str(path), filesystem) as source:
        reader = _reader(source)
        if isinstance(reader, ipc.RecordBatchFileReader):
            for i in range(reader.num_record_batches):
                yield reader.get_batch(i)
        else:
            yield from reader


def schema_of(path, filesystem=None):
    """The export's Arrow schema (also of an export with no rows)."""
    with open_input(str(path), filesystem) as source:
        return _reader(source).schema



def verify_export(path, lock, table=None, filesystem=None):
    """Checks an export of a whole lock (no split part, no shuffle: rows in the lock's file
    order) against the lock's digests: the export's rows are cut into the lock's files (and, for
    `floe-digest/2`, units) by their row counts and hashed. Row filters and deletes need no
    special case: the export holds the surviving rows the digests cover. A difference raises
    DigestMismatchError naming the data file (and rows) whose rows differ; returns the root."""
    if isinstance(lock, (str, os.PathLike)):
        lock = open_lock(lock)
    if isinstance(lock, LockFile):
        lock = lock.lock(table)
    if lock.algorithm is None:
        raise UnsupportedError("Cannot verify an export of %s: its lock (format %d) has no "
                               "per-file digests" % (lock.label, lock.format_version))
    if lock.shuffle_seed is not None:
        raise UnsupportedError("Cannot verify an export of %s: the lock shuffles its rows, and "
                               "the digests cover them in file order" % lock.label)
    data = read_arrow(path, filesystem)
    if data.num_rows != sum(f.rows for f in lock.file_digests):
        raise DigestMismatchError("%s has %d rows, the lock %s reads %d" % (
            path, data.num_rows, lock.label, sum(f.rows for f in lock.file_digests)), str(path))
    start = 0
    for expected in lock.file_digests:
        if lock.algorithm == DIGEST_V2:
            units = []
            for unit in expected.units:
                rows, got = digest.file_digest(data.slice(start, unit.rows))
                if got != unit.digest:
                    raise DigestMismatchError("%s: rows %s of %s differ from the lock's" % (
                        path, unit.positions, expected.path), expected.path)
                units.append((unit.offset, unit.count, rows, got))
                start += unit.rows
            got = digest.file_digest_v2(units)
        else:
            got = digest.file_digest(data.slice(start, expected.rows))[1]
            start += expected.rows
        if got != expected.digest:
            raise DigestMismatchError("%s: the rows of %s differ from the lock's" % (
                path, expected.path), expected.path)
    return digest.root((f.rows, f.digest) for f in lock.file_digests)
