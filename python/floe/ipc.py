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
    # The lock's files (and /2 units) as (file, unit or None, rows), in export order.
    pieces = []
    for expected in lock.file_digests:
        if lock.algorithm == DIGEST_V2:
            pieces += [(expected, unit, unit.rows) for unit in expected.units]
        else:
            pieces.append((expected, None, expected.rows))
    check = _ExportCheck(str(path), pieces, schema_of(path, filesystem), lock.label)
    for batch in iter_arrow(path, filesystem):  # a batch at a time: memory stays one batch
        check.update(batch)
    check.finish()
    return digest.root((f.rows, f.digest) for f in lock.file_digests)


class _ExportCheck:
    """Hashes an export's batches piece by piece (a file, or a /2 unit), cutting batches at the
    pieces' row counts, and compares each piece with the lock as soon as it is complete."""

    def __init__(self, path, pieces, schema, label):
        self.path, self.pieces, self.schema, self.label = path, pieces, schema, label
        self.total = sum(rows for _, _, rows in pieces)
        self.index, self.units, self.seen = 0, [], 0
        self.digester = digest.Digester(schema)
        self._skip_empty()

    def update(self, batch):
        while batch.num_rows:
            if self.index >= len(self.pieces):
                raise DigestMismatchError("%s has more rows than the lock %s reads (%d)" % (
                    self.path, self.label, self.total), self.path)
            need = self.pieces[self.index][2] - self.digester.rows
            take = batch.slice(0, need)
            self.digester.update(take)
            self.seen += take.num_rows
            batch = batch.slice(take.num_rows)
            if self.digester.rows == self.pieces[self.index][2]:
                self._close_piece()
                self._skip_empty()

    def _skip_empty(self):
        while self.index < len(self.pieces) and self.pieces[self.index][2] == 0:
            self._close_piece()

    def _close_piece(self):
        expected, unit, _ = self.pieces[self.index]
        rows, got = self.digester.finish()
        self.digester = digest.Digester(self.schema)
        self.index += 1
        if unit is not None:
            if got != unit.digest:
                raise DigestMismatchError("%s: rows %s of %s differ from the lock's" % (
                    self.path, unit.positions, expected.path), expected.path)
            self.units.append((unit.offset, unit.count, rows, got))
            if unit is not expected.units[-1]:
                return
            got = digest.file_digest_v2(self.units)
            self.units = []
        if got != expected.digest:
            raise DigestMismatchError("%s: the rows of %s differ from the lock's" % (
                self.path, expected.path), expected.path)

    def finish(self):
        if self.index < len(self.pieces):
            raise DigestMismatchError("%s has %d rows, the lock %s reads %d" % (
                self.path, self.seen, self.label, self.total), self.path)
