"""Floe lock files (every format, one table or several), read and checked as Floe's Java reader does.

    lock_file = floe.open_lock("run.lock.json")
    lock = lock_file.lock()            # the one table; lock_file.lock("db.labels") for several
    lock.content_digest, lock.file_digests[0].path

A lock whose root does not match its `fileDigests` is refused when read (it was edited), and so is
a `floe-digest/2` file entry whose digest does not match its units.
"""

import json
from dataclasses import dataclass, field
from typing import Optional, Tuple

from . import digest
from .errors import LockFileError

# Format 5 adds row-group units (floe-digest/2); 4 is the first with per-file digests.
FORMAT_VERSION = 5
FILE_DIGESTS_VERSION = 4
UNITS_VERSION = 5
DIGEST_V1 = "floe-digest/1"
DIGEST_V2 = "floe-digest/2"


@dataclass(frozen=True)
class Unit:
    """A digest unit of a `/2` file: rows at positions [offset, offset + count), `rows` survived."""

    offset: int
    count: int
    rows: int
    digest: str
    # In a lock with a split: per part, (name, rows of the unit in that part, their digest).
    parts: Tuple[Tuple[str, int, str], ...] = ()

    @property
    def positions(self):
        """The unit's row positions as Floe's messages write them: `131072-262143`."""
        return "%d-%d" % (self.offset, self.offset + self.count - 1)


@dataclass(frozen=True)
class FileDigest:
    """One data file of a lock: its location, rows read from it, digest and (`/2`) units."""

    path: str
    rows: int
    digest: str
    units: Tuple[Unit, ...] = ()


@dataclass(frozen=True)
class Lock:
    """One table's lock. `raw` is its JSON object exactly as read."""

    format_version: int
    catalog: str
    table: str
    ref: str
    snapshot_id: int
    schema_id: int
    columns: Tuple[str, ...]
    records: int
    content_digest: Optional[str]
    tag: str
    algorithm: Optional[str]
    file_digests: Tuple[FileDigest, ...]
    rows: Optional[int] = None
    filter: Optional[dict] = None
    split: Optional[dict] = None
    shuffle_seed: Optional[int] = None
    nessie_ref: Optional[str] = None
    raw: dict = field(default=None, repr=False, compare=False)

    @property
    def label(self):
        """The table, with its branch unless main (Java's `TrainingLock.label()`)."""
        on = self.nessie_ref if self.nessie_ref is not None else self.ref
        return self.table if on == "main" else "%s@%s" % (self.table, on)


@dataclass(frozen=True)
class LockFile:
    """A lock file: the locks of one training run, one per table. `raw` is the file's JSON."""

    locks: Tuple[Lock, ...]
    raw: dict = field(repr=False, compare=False)

    @property
    def multi_table(self):
        return "tables" in self.raw

    def lock(self, table=None):
        """The lock of `table` (a label, or a table name), or the only one when `table` is None."""
        if table is None:
            if len(self.locks) != 1:
                raise LockFileError("the lock file pins %d tables (%s): name one"
                                    % (len(self.locks), self.tables()))
            return self.locks[0]
        for lock in self.locks:
            if lock.label == table:
                return lock
        named = [lock for lock in self.locks if lock.table == table]
        if len(named) == 1:
            return named[0]
        if named:
            raise LockFileError("the lock file pins %s on %d refs (%s): name one by its label"
                                % (table, len(named), ", ".join(n.label for n in named)))
        raise LockFileError("the lock file has no table '%s' (it has: %s)" % (table, self.tables()))

    def tables(self):
        return ", ".join(lock.label for lock in self.locks)

    @staticmethod
    def from_json(value):
        """A lock file from its JSON text or parsed object; a bad one raises LockFileError."""
        if isinstance(value, (str, bytes)):
            try:
                value = json.loads(value, object_pairs_hook=_object)
            except ValueError as e:
                raise LockFileError("not valid JSON (%s)" % e) from None
        if not isinstance(value, dict):
            raise LockFileError("expected a JSON object")
        _version(value)
        if "tables" not in value:
            return LockFile((_lock(value),), value)
        tables = value["tables"]
        if not isinstance(tables, list) or not tables:
            raise LockFileError("field 'tables' must be a non-empty array")
        locks = []
        for i, node in enumerate(tables):
            try:
                locks.append(_lock(node))
            except LockFileError as e:
                raise LockFileError("tables[%d]: %s" % (i, e)) from None
        return LockFile(tuple(locks), value)


def open_lock(path):
    """Reads a lock file; any problem raises LockFileError naming the file and the reason."""
    try:
        with open(path, "rb") as f:
            text = f.read()
    except OSError as e:
        raise LockFileError("Cannot read lock file %s: %s" % (path, e.strerror)) from None
    try:
        return LockFile.from_json(text)
    except LockFileError as e:
        raise LockFileError("Cannot read lock file %s: %s" % (path, e)) from None


def _text(node, name):
    value = node.get(name)
    if not isinstance(value, str):
        raise LockFileError("missing field '%s' (a string)" % name)
    return value


def _number(node, name):
    value = node.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise LockFileError("missing field '%s' (an integer)" % name)
    return value


def _optional_number(node, name):
    return None if node.get(name) is None else _number(node, name)


def _object(pairs):
    # A field given twice would be read as its last value, where another reader may take the first.
    node = {}
    for name, value in pairs:
        if name in node:
            raise LockFileError("field '%s' is given twice" % name)
        node[name] = value
    return node


def _version(node):
    version = _number(node, "formatVersion")
    if version > FORMAT_VERSION:
        raise LockFileError("format version %d is newer than this client reads (%d)"
                            % (version, FORMAT_VERSION))
    if version < 1:
        raise LockFileError("field 'formatVersion' must be an integer from 1 to %d, is %d"
                            % (FORMAT_VERSION, version))
    return version


def _lock(node):
    if not isinstance(node, dict):
        raise LockFileError("expected a JSON object")
    version = _version(node)
    columns = node.get("columns", [])
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise LockFileError("field 'columns' must be an array of names")
    content = node.get("contentDigest")
    content = content if isinstance(content, str) else None
    algorithm = node.get("digestAlgorithm")
    # As Java reads them: format 5 names floe-digest/2, format 4 names none (it is /1).
    if version >= UNITS_VERSION and content is not None and algorithm != DIGEST_V2:
        raise LockFileError("field 'digestAlgorithm' is %s: a format %d lock's digest is %s"
                            % ("missing" if algorithm is None else "'%s'" % algorithm,
                               version, DIGEST_V2))
    if version < UNITS_VERSION and algorithm is not None:
        raise LockFileError("field 'digestAlgorithm' is in a format %d lock, which has none "
                            "(format %d on): was the format edited?" % (version, UNITS_VERSION))
    if algorithm is None and version >= FILE_DIGESTS_VERSION and content is not None:
        algorithm = DIGEST_V1
    if algorithm not in (None, DIGEST_V1, DIGEST_V2):
        raise LockFileError("unknown digestAlgorithm '%s' (this client knows %s and %s)"
                            % (algorithm, DIGEST_V1, DIGEST_V2))
    files = ()
    if version >= FILE_DIGESTS_VERSION and content is not None:
        files = _file_digests(node, content, algorithm)
        _check_parts(files, node.get("split"))
    else:
        algorithm = None  # formats 1-3: one digest over every value, which names no file
    return Lock(
        format_version=version,
        catalog=_text(node, "catalog"),
        table=_text(node, "table"),
        ref=_text(node, "ref"),
        snapshot_id=_number(node, "snapshotId"),
        schema_id=_number(node, "schemaId"),
        columns=tuple(columns),
        records=_number(node, "records"),
        content_digest=content,
        tag=_text(node, "tag"),
        algorithm=algorithm,
        file_digests=files,
        rows=_optional_number(node, "rows"),
        filter=node.get("filter"),
        split=node.get("split"),
        shuffle_seed=_optional_number(node, "shuffleSeed"),
        nessie_ref=node.get("nessieRef") if node.get("nessieHash") else None,
        raw=node,
    )


def _hex(node, name):
    value = _text(node, name)
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise LockFileError("field '%s' is '%s', not 64 lower-case hex digits" % (name, value))
    return value


def _file_digests(node, content, algorithm):
    entries = node.get("fileDigests")
    if not isinstance(entries, list):
        raise LockFileError("missing field 'fileDigests' (an array: format %d locks with a "
                            "content digest have one)" % FILE_DIGESTS_VERSION)
    files = []
    for i, entry in enumerate(entries):
        try:
            if not isinstance(entry, dict):
                raise LockFileError("expected a JSON object")
            path = _text(entry, "path")
            rows = _number(entry, "rows")
            file_digest = _hex(entry, "digest")
            units = _units(entry, path, rows, file_digest) if algorithm == DIGEST_V2 else ()
            files.append(FileDigest(path, rows, file_digest, units))
        except LockFileError as e:
            raise LockFileError("fileDigests[%d]: %s" % (i, e)) from None
    computed = digest.root((f.rows, f.digest) for f in files)
    if computed != content:
        raise LockFileError("field 'contentDigest' is %s, but the root over field 'fileDigests' "
                            "is %s: the lock was edited" % (content, computed))
    return tuple(files)


def _units(entry, path, rows, file_digest):
    nodes = entry.get("units")
    if not isinstance(nodes, list):
        raise LockFileError("missing field 'units' (an array: floe-digest/2 files have one)")
    units = []
    for j, node in enumerate(nodes):
        if not isinstance(node, dict):
            raise LockFileError("units[%d]: expected a JSON object" % j)
        unit = Unit(_number(node, "offset"), _number(node, "count"), _number(node, "rows"),
                    _hex(node, "digest"), _parts(node, j))
        expected_offset = units[-1].offset + units[-1].count if units else 0
        if unit.offset != expected_offset or unit.count < 0 or not 0 <= unit.rows <= unit.count:
            raise LockFileError("units[%d] of %s: rows %s do not follow the previous unit "
                                "(expected offset %d, rows <= count)"
                                % (j, path, unit.positions, expected_offset))
        units.append(unit)
    if sum(u.rows for u in units) != rows:
        raise LockFileError("%s: its units hold %d rows, the entry says %d"
                            % (path, sum(u.rows for u in units), rows))
    computed = digest.file_digest_v2((u.offset, u.count, u.rows, u.digest) for u in units)
    if computed != file_digest:
        raise LockFileError("the digest of %s is %s, but the digest over its units is %s: the "
                            "lock was edited" % (path, file_digest, computed))
    return tuple(units)


PARTS = ("train", "validation", "test")


def _parts(node, j):
    """A unit's optional `parts` (docs/digest.md): every part named, their rows add up."""
    parts = node.get("parts")
    if parts is None:
        return ()
    if not isinstance(parts, dict):
        raise LockFileError("units[%d]: field 'parts' is not a JSON object" % j)
    for name in parts:
        if name not in PARTS:
            raise LockFileError("units[%d]: field 'parts' names part '%s': the parts are train, "
                                "validation and test" % (j, name))
    if len(parts) != len(PARTS):
        raise LockFileError("units[%d]: its parts are %s, expected every part of the split"
                            % (j, sorted(parts)))
    got = []
    for name in PARTS:
        if not isinstance(parts[name], dict):
            raise LockFileError("units[%d]: field 'parts.%s' is not a JSON object" % (j, name))
        got.append((name, _number(parts[name], "rows"), _hex(parts[name], "digest")))
    if sum(rows for _, rows, _ in got) != _number(node, "rows"):
        raise LockFileError("units[%d]: its parts hold %d rows, the unit %d"
                            % (j, sum(rows for _, rows, _ in got), _number(node, "rows")))
    return tuple(got)


def _check_parts(files, split):
    """As Java: parts need a split, all units have them or none, and they give the split digests."""
    units = [(f, u) for f in files for u in f.units]
    with_parts = [u for _, u in units if u.parts]
    if not with_parts:
        return
    if len(with_parts) != len(units):
        raise LockFileError("some digest units have no field 'parts', other units have: the lock "
                            "was edited")
    if not isinstance(split, dict):
        raise LockFileError("field 'parts' of a digest unit is in a lock without a split")
    pinned = split.get("digests") if isinstance(split.get("digests"), dict) else {}
    for i, name in enumerate(PARTS):
        per_file = []
        for f in files:
            part_units = [(u.offset, u.count, u.parts[i][1], u.parts[i][2]) for u in f.units]
            per_file.append((sum(p[2] for p in part_units), digest.file_digest_v2(part_units)))
        computed = digest.root(per_file)
        if pinned.get(name) is not None and pinned.get(name) != computed:
            raise LockFileError("the split digest of the %s part is %s, but the one over its "
                                "units' parts is %s: the lock was edited"
                                % (name, pinned.get(name), computed))
