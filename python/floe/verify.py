"""Checks a table's data files against a lock without Java: each Parquet file is read with
pyarrow.parquet, row group by row group, and hashed as docs/digest.md defines (`/1`: the file;
`/2`: each row group is a unit, and a mismatch names its row positions).

    result = floe.verify("run.lock.json")
    result.check()        # raises DigestMismatchError naming the first file that differs

What this client cannot check exactly it reports as a problem ("cannot check ..."), never as
verified: a lock with a row filter, files with deleted rows, ORC and Avro files, and lock columns
missing from a file (schema evolution). `floe verify --deep` checks all of them.
"""

import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Optional, Tuple

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from . import digest
from .errors import DigestMismatchError, UnsupportedError
from .lock import DIGEST_V2, LockFile, open_lock


@dataclass(frozen=True)
class FileResult:
    """One data file: what was computed from it, and the problem if it is not verified."""

    path: str
    rows: Optional[int]
    digest: Optional[str]
    problem: Optional[str] = None

    @property
    def ok(self):
        return self.problem is None


@dataclass(frozen=True)
class VerifyResult:
    """Every file of the lock in lock order, and the root over what was computed."""

    files: Tuple[FileResult, ...]
    root: Optional[str]
    expected_root: str

    @property
    def ok(self):
        return all(f.ok for f in self.files) and self.root == self.expected_root

    @property
    def problems(self):
        found = [f.problem for f in self.files if not f.ok]
        if not found and self.root != self.expected_root:
            found.append("root %s differs from the lock's %s" % (self.root, self.expected_root))
        return found

    def check(self):
        """Raises DigestMismatchError naming the first file that is not verified."""
        for f in self.files:
            if not f.ok:
                raise DigestMismatchError(f.problem, f.path)
        if self.root != self.expected_root:
            raise DigestMismatchError(self.problems[0])
        return self


def verify(lock, table=None, locate=None, filesystem=None, threads=None):
    """Reads every data file of `lock` (a LockFile, one of its locks, or a lock file's path) and
    compares its digest with the lock's. `table` picks the lock of a multi-table file; `locate`
    maps a path as the lock names it to where it is now (a moved warehouse); `filesystem` is a
    pyarrow FileSystem to open paths with (default: from each path's scheme)."""
    if isinstance(lock, (str, os.PathLike)):
        lock = open_lock(lock)
    if isinstance(lock, LockFile):
        lock = lock.lock(table)
    if lock.algorithm is None:
        raise UnsupportedError(
            "Cannot verify %s: its lock (format %d) has no per-file digests; floe verify --deep "
            "checks older locks" % (lock.label, lock.format_version))
    if lock.filter is not None:
        raise UnsupportedError(
            "Cannot verify %s: the lock has a row filter, which this client does not evaluate; "
            "use floe verify --deep" % lock.label)
    with ThreadPoolExecutor(max_workers=threads or min(4, os.cpu_count() or 1)) as pool:
        files = tuple(pool.map(
            lambda entry: _check(lock, entry, locate, filesystem), lock.file_digests))
    computed = None
    if all(f.rows is not None for f in files):
        computed = digest.root((f.rows, f.digest) for f in files)
    return VerifyResult(files, computed, lock.content_digest)


def open_input(path, filesystem=None):
    """A pyarrow input file for a data file location: a local path, `file:`, `s3://`, ..."""
    if filesystem is not None:
        return filesystem.open_input_file(path)
    if path.startswith("file:"):
        local = path[len("file:"):]
        while local.startswith("//"):
            local = local[1:]
        return pafs.LocalFileSystem().open_input_file(local)
    if "://" not in path:
        return pafs.LocalFileSystem().open_input_file(path)
    fs, inner = pafs.FileSystem.from_uri(path)
    return fs.open_input_file(inner)


def _check(lock, expected, locate, filesystem):
    path = locate(expected.path) if locate else expected.path
    try:
        if not path.lower().endswith(".parquet"):
            raise UnsupportedError("cannot check %s: only Parquet files are read by this client "
                                   "(use floe verify --deep)" % expected.path)
        with open_input(path, filesystem) as source:
            parquet = pq.ParquetFile(source)
            columns = _columns(lock, parquet, expected.path)
            if lock.algorithm == DIGEST_V2:
                result = _check_units(parquet, columns, expected)
            else:
                result = _check_file(parquet, columns, expected)
            return _with_schema_hint(result, parquet, lock)
    except pa.ArrowException as e:
        # pyarrow's own errors (a truncated file: "Parquet magic bytes not found") name no file.
        return FileResult(expected.path, None, None, "cannot read %s: %s" % (expected.path, e))
    except (UnsupportedError, ValueError) as e:
        return FileResult(expected.path, None, None, str(e))
    except Exception as e:  # noqa: BLE001 - an unreadable file is a problem of that file
        return FileResult(expected.path, None, None,
                          "cannot read %s: %s" % (expected.path, e))


def _with_schema_hint(result, parquet, lock):
    # Java reads an older file through the pinned schema (renames, added columns as nulls); this
    # client reads the file's own columns, so after a schema change a difference may be that.
    written = None
    try:
        written = json.loads(parquet.schema_arrow.metadata[b"iceberg.schema"])["schema-id"]
    except (KeyError, TypeError, ValueError):
        pass
    if result.ok or "content digest" not in result.problem or written in (None, lock.schema_id):
        return result
    return FileResult(result.path, result.rows, result.digest, result.problem + (
        " (the file was written with schema %s, the lock reads schema %s, which this client does "
        "not apply: floe verify --deep checks it)" % (written, lock.schema_id)))


def _columns(lock, parquet, path):
    names = parquet.schema_arrow.names
    if not lock.columns:
        return names
    missing = [c for c in lock.columns if c not in names]
    if missing:
        raise UnsupportedError("cannot check %s: it has no column %s (added after the file was "
                               "written?); use floe verify --deep" % (path, ", ".join(missing)))
    return [n for n in names if n in lock.columns]


def _schema(parquet, columns):
    schema = parquet.schema_arrow
    return pa.schema([schema.field(n) for n in columns])


def _unit_digest(parquet, group, columns):
    digester = digest.Digester(_schema(parquet, columns))
    digester.update(parquet.read_row_group(group, columns=columns, use_threads=False))
    return digester.finish()


def _physical_rows(parquet):
    return parquet.metadata.num_rows


def _check_file(parquet, columns, expected):
    physical = _physical_rows(parquet)
    if physical != expected.rows:
        return FileResult(expected.path, None, None,
                          "%s: the lock read %d rows from it, the file has %d (a changed file, or "
                          "delete files, which this client does not apply)"
                          % (expected.path, expected.rows, physical))
    digester = digest.Digester(_schema(parquet, columns))
    for group in range(parquet.num_row_groups):
        digester.update(parquet.read_row_group(group, columns=columns, use_threads=False))
    rows, computed = digester.finish()
    if computed != expected.digest:
        return FileResult(expected.path, rows, computed,
                          "%s: content digest %s differs from the lock's %s"
                          % (expected.path, computed, expected.digest))
    return FileResult(expected.path, rows, computed)


def _check_units(parquet, columns, expected):
    meta = parquet.metadata
    if meta.num_row_groups != len(expected.units):
        return FileResult(expected.path, None, None,
                          "%s: the lock has %d units, the file %d row groups"
                          % (expected.path, len(expected.units), meta.num_row_groups))
    units = []
    for group, unit in enumerate(expected.units):
        count = meta.row_group(group).num_rows
        where = "rows %s of %s" % (unit.positions, expected.path)
        if count != unit.count:
            return FileResult(expected.path, None, None, "%s: the row group has %d rows, the lock "
                              "says %d" % (where, count, unit.count))
        if unit.rows != unit.count:
            return FileResult(expected.path, None, None, "cannot check %s: %d of its rows are "
                              "deleted, and this client does not apply delete files"
                              % (where, unit.count - unit.rows))
        rows, computed = _unit_digest(parquet, group, columns)
        if computed != unit.digest:
            return FileResult(expected.path, None, None, "%s: content digest %s differs from the "
                              "lock's %s" % (where, computed, unit.digest))
        units.append((unit.offset, unit.count, rows, computed))
    return FileResult(expected.path, sum(u[2] for u in units), digest.file_digest_v2(units))
