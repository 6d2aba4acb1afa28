"""Lock files as Java wrote them: read, and refused when edited or malformed, with the reason."""

import copy
import json

import pytest

import floe
from floe import LockFileError
from conftest import v1_lock, v2_lock, write_json


def test_reads_the_single_table_lock_java_wrote(fx, lock_json):
    lock_file = floe.open_lock(fx["lock"])
    lock = lock_file.lock()
    assert not lock_file.multi_table
    assert (lock.table, lock.label, lock.ref, lock.tag) == ("db.every", "db.every", "main", "all")
    assert lock.algorithm == "floe-digest/2"
    assert lock.rows == fx["rows"] == sum(f.rows for f in lock.file_digests)
    assert lock.content_digest == lock_json["contentDigest"]
    assert [f.path for f in lock.file_digests] == sorted(f.path for f in lock.file_digests)


def test_reads_a_lock_of_several_tables(fx):
    lock_file = floe.open_lock(fx["multi_lock"])
    assert lock_file.multi_table
    assert lock_file.tables() == "db.every, db.labels"
    assert lock_file.lock("db.labels").columns == ()
    with pytest.raises(LockFileError, match="pins 2 tables \\(db.every, db.labels\\)"):
        lock_file.lock()
    with pytest.raises(LockFileError, match="no table 'db.nope' \\(it has: db.every, db.labels\\)"):
        lock_file.lock("db.nope")


def test_refuses_a_lock_whose_root_does_not_match_its_files(tmp_path, lock_json):
    edited = copy.deepcopy(lock_json)
    edited["contentDigest"] = "0" * 64
    path = write_json(tmp_path / "edited.json", edited)
    with pytest.raises(LockFileError, match="edited.json: field 'contentDigest' is .* the lock "
                                            "was edited"):
        floe.open_lock(path)
    v1 = v1_lock(lock_json)
    v1["fileDigests"][1]["digest"] = "0" * 64
    with pytest.raises(LockFileError, match="field 'contentDigest' is .* the lock was edited"):
        floe.open_lock(write_json(tmp_path / "v1.json", v1))


def test_the_units_java_pinned_are_the_ones_python_computes(lock_json):
    assert lock_json["digestAlgorithm"] == "floe-digest/2"
    assert v2_lock(lock_json) == lock_json
    v1 = floe.LockFile.from_json(v1_lock(lock_json)).lock()
    assert v1.algorithm == "floe-digest/1"


def test_names_the_missing_field_and_the_file(tmp_path, lock_json):
    broken = copy.deepcopy(lock_json)
    del broken["snapshotId"]
    path = write_json(tmp_path / "broken.json", broken)
    with pytest.raises(LockFileError, match="broken.json: missing field 'snapshotId'"):
        floe.open_lock(path)
    entry = copy.deepcopy(lock_json)
    del entry["fileDigests"][0]["rows"]
    with pytest.raises(LockFileError, match="fileDigests\\[0\\]: missing field 'rows'"):
        floe.LockFile.from_json(entry)


def test_refuses_bad_json_and_newer_formats(tmp_path, lock_json):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(LockFileError, match="bad.json: not valid JSON"):
        floe.open_lock(str(bad))
    newer = dict(lock_json, formatVersion=6)
    with pytest.raises(LockFileError, match="format version 6 is newer"):
        floe.LockFile.from_json(json.dumps(newer))
    with pytest.raises(LockFileError, match="nope.json: No such file"):
        floe.open_lock(str(tmp_path / "nope.json"))


def test_reads_a_format_5_lock_and_checks_each_file_against_its_units(lock_json):
    v2 = v2_lock(lock_json)
    lock = floe.LockFile.from_json(v2).lock()
    assert lock.algorithm == "floe-digest/2"
    assert all(len(f.units) > 1 for f in lock.file_digests)
    assert lock.file_digests[0].units[1].offset == lock.file_digests[0].units[0].count
    edited = copy.deepcopy(v2)
    edited["fileDigests"][0]["units"][2]["digest"] = "1" * 64
    with pytest.raises(LockFileError, match="the digest over its units is .* the lock was edited"):
        floe.LockFile.from_json(edited)
    gap = copy.deepcopy(v2)
    gap["fileDigests"][0]["units"][1]["offset"] += 1
    with pytest.raises(LockFileError, match="units\\[1\\] of .*do not follow the previous unit"):
        floe.LockFile.from_json(gap)


def test_a_table_pinned_on_two_refs_is_named_by_its_label(fx):
    with open(fx["multi_lock"]) as f:
        raw = json.load(f)
    first = raw["tables"][0]
    raw["tables"] = [dict(first, ref="exp-a"), dict(first, ref="exp-b")]
    lock_file = floe.LockFile.from_json(raw)
    assert lock_file.tables() == "db.every@exp-a, db.every@exp-b"
    assert lock_file.lock("db.every@exp-b").ref == "exp-b"
    with pytest.raises(LockFileError, match="pins db.every on 2 refs .*: name one by its label"):
        lock_file.lock("db.every")


def test_reads_each_units_part_rows_and_refuses_parts_edited_apart_from_the_split(fx, tmp_path):
    lock = floe.open_lock(fx["split_lock"]).lock()
    units = [u for f in lock.file_digests for u in f.units]
    assert units and all([name for name, _, _ in u.parts] == ["train", "validation", "test"]
                         for u in units)
    assert all(sum(rows for _, rows, _ in u.parts) == u.rows for u in units)
    with open(fx["split_lock"]) as f:
        raw = json.load(f)
    edited = copy.deepcopy(raw)
    edited["fileDigests"][0]["units"][0]["parts"]["test"]["digest"] = "0" * 64
    with pytest.raises(LockFileError, match="split digest of the test part .* the lock was edited"):
        floe.open_lock(write_json(tmp_path / "parts.json", edited)).lock()
    old = copy.deepcopy(raw)
    for entry in old["fileDigests"]:
        for unit in entry["units"]:
            del unit["parts"]
    assert floe.open_lock(write_json(tmp_path / "old.json", old)).lock().content_digest \
        == lock.content_digest

