"""Fixtures written by Floe's Java API (python/src/test/java/.../PythonClientTest), named in the
JSON file FLOE_PY_FIXTURES points to. Without it the tests that need them are skipped (and the
JUnit run fails on any skip)."""

import copy
import json
import os
import struct

import pyarrow.parquet as pq
import pytest

from floe import digest


@pytest.fixture(scope="session")
def fx():
    path = os.environ.get("FLOE_PY_FIXTURES")
    if not path:
        pytest.skip("FLOE_PY_FIXTURES is not set: run these through PythonClientTest (mvn)")
    with open(path) as f:
        return json.load(f)


@pytest.fixture(scope="session")
def lock_json(fx):
    with open(fx["lock"]) as f:
        return json.load(f)


def v1_lock(lock_json):
    """The format-4 (`floe-digest/1`, a digest per whole file) form of a lock of Parquet files
    without deletes or a row filter, computed here: Java pins format 5 since digest units landed,
    and the /1 path must keep working for the locks users already hold."""
    lock = copy.deepcopy(lock_json)
    lock["formatVersion"] = 4
    lock.pop("digestAlgorithm", None)
    files = []
    for entry in lock["fileDigests"]:
        entry.pop("units", None)
        rows, entry["digest"] = digest.file_digest(pq.read_table(entry["path"]))
        assert rows == entry["rows"], entry["path"]
        files.append((rows, entry["digest"]))
    lock["contentDigest"] = digest.root(files)
    return lock


def v2_lock(lock_json, locate=None):
    """The format-5 (`floe-digest/2`) form of a lock of Parquet files without deletes, computed
    here from the files' row groups, independently of the units Java wrote."""
    lock = copy.deepcopy(lock_json)
    lock["formatVersion"] = 5
    lock["digestAlgorithm"] = "floe-digest/2"
    files = []
    for entry in lock["fileDigests"]:
        parquet = pq.ParquetFile((locate or (lambda p: p))(entry["path"]))
        units, offset = [], 0
        for group in range(parquet.num_row_groups):
            rows, hexd = digest.file_digest(parquet.read_row_group(group))
            units.append({"offset": offset, "count": rows, "rows": rows, "digest": hexd})
            offset += rows
        entry["units"] = units
        entry["digest"] = digest.file_digest_v2(
            (u["offset"], u["count"], u["rows"], u["digest"]) for u in units)
        files.append((entry["rows"], entry["digest"]))
    lock["contentDigest"] = digest.root(files)
    return lock


def write_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f)
    return str(path)


def tamper_in_place(path, group=1):
    """Changes one double (column `d`, mid row group `group`) inside an uncompressed Parquet file:
    same size, still valid Parquet, one value different. Returns that row's position."""
    parquet = pq.ParquetFile(path)
    offset = sum(parquet.metadata.row_group(g).num_rows for g in range(group))
    values = parquet.read_row_group(group, columns=["d"]).column("d").to_pylist()
    row = len(values) // 2
    while values[row] is None or values[row] != values[row] or values[row] == 0.0:
        row += 1
    old = struct.pack("<d", values[row])
    with open(path, "rb") as f:
        data = bytearray(f.read())
    at = data.find(old)
    assert at >= 0 and data.find(old, at + 1) == -1, "the value must occur once in the file"
    data[at:at + 8] = struct.pack("<d", 12345.5)
    with open(path, "r+b") as f:
        f.write(data)
    return offset + row
