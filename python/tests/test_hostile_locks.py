"""Locks edited by hand into something no Floe wrote, and data files damaged after the pin: each is
refused or reported in one line naming the file and the field, as Java's reader does. These need
no fixtures from Java: the locks are written here."""

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import floe
from floe import LockFileError, digest


def _lock(tmp_path):
    """A format-4 lock (floe-digest/1) of one Parquet file written here; returns (lock, file)."""
    data = tmp_path / "data.parquet"
    pq.write_table(pa.table({"id": pa.array(range(100), pa.int64())}), data)
    rows, file_digest = digest.file_digest(pq.read_table(data))
    lock = {
        "formatVersion": 4, "catalog": "floe", "table": "db.t", "ref": "main",
        "snapshotId": 1, "schemaId": 0, "columns": [], "fingerprint": "f" * 64,
        "dataFiles": 1, "records": rows, "rows": rows,
        "contentDigest": digest.root([(rows, file_digest)]),
        "tag": "t", "pinnedAt": "2026-12-05T00:00:00Z",
        "fileDigests": [{"path": str(data), "rows": rows, "digest": file_digest}],
    }
    return lock, data


def _refused(tmp_path, text, reason):
    path = tmp_path / "edited.json"
    path.write_text(text)
    with pytest.raises(LockFileError, match=reason) as e:
        floe.open_lock(str(path))
    assert str(e.value).startswith("Cannot read lock file %s: " % path)


def test_the_lock_written_here_verifies(tmp_path):
    lock, _ = _lock(tmp_path)
    path = tmp_path / "lock.json"
    path.write_text(json.dumps(lock))
    assert floe.verify(str(path)).ok


@pytest.mark.parametrize("version", [0, -1])
def test_a_format_version_below_one_is_refused(tmp_path, version):
    lock, _ = _lock(tmp_path)
    lock["formatVersion"] = version
    _refused(tmp_path, json.dumps(lock),
             "field 'formatVersion' must be an integer from 1 to 5, is %d" % version)


def test_a_field_given_twice_is_refused(tmp_path):
    lock, _ = _lock(tmp_path)
    text = json.dumps(lock).replace('"formatVersion": 4,', '"formatVersion": 4, "snapshotId": 9,')
    _refused(tmp_path, text, "field 'snapshotId' is given twice")


def test_a_format_four_lock_naming_a_digest_algorithm_is_refused(tmp_path):
    lock, _ = _lock(tmp_path)
    lock["digestAlgorithm"] = "floe-digest/2"
    _refused(tmp_path, json.dumps(lock), "field 'digestAlgorithm' is in a format 4 lock")


def test_a_format_five_lock_without_its_digest_algorithm_is_refused(tmp_path):
    lock, _ = _lock(tmp_path)
    lock["formatVersion"] = 5
    _refused(tmp_path, json.dumps(lock), "field 'digestAlgorithm' is missing: a format 5 lock's")


def test_a_truncated_data_file_is_named(tmp_path):
    lock, data = _lock(tmp_path)
    path = tmp_path / "lock.json"
    path.write_text(json.dumps(lock))
    data.write_bytes(data.read_bytes()[:50])

    result = floe.verify(str(path))

    assert not result.ok
    assert result.problems[0].startswith("cannot read %s: " % data)
