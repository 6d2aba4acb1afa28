"""floe.verify on the table Java wrote: the Python digest equals Java's per file and root, and a
changed file fails naming it (for floe-digest/2, with its row positions)."""

import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import floe
from floe import DigestMismatchError, UnsupportedError
from conftest import tamper_in_place, v1_lock, v2_lock, write_json


def test_python_digest_equals_javas_per_file_and_root(fx, lock_json):
    result = floe.verify(fx["lock"])
    assert result.ok, result.problems
    assert [(f.path, f.rows, f.digest) for f in result.files] == [
        (e["path"], e["rows"], e["digest"]) for e in lock_json["fileDigests"]]
    assert result.root == lock_json["contentDigest"]
    assert result.check() is result


def test_verifies_a_lock_of_chosen_columns_and_each_table_of_a_multi_table_lock(fx):
    assert floe.open_lock(fx["columns_lock"]).lock().columns == ("vec", "id", "f")
    assert floe.verify(fx["columns_lock"]).ok
    for table in ("db.every", "db.labels"):
        assert floe.verify(fx["multi_lock"], table=table).ok


def copy_warehouse(fx, tmp_path):
    """A copy of the warehouse, and the `locate` that maps the lock's paths into it."""
    copy = tmp_path / "warehouse"
    shutil.copytree(fx["warehouse"], copy)
    return lambda path: path.replace(fx["warehouse"], str(copy), 1)


def rewrite(path, change_row):
    """Rewrites a Parquet file with the same row groups, one float of row `change_row` changed."""
    source = pq.ParquetFile(path)
    groups = [source.read_row_group(i) for i in range(source.num_row_groups)]
    schema, metadata = source.schema_arrow, source.metadata.metadata
    with pq.ParquetWriter(path + ".new", schema.with_metadata(metadata)) as writer:
        seen = 0
        for group in groups:
            if seen <= change_row < seen + group.num_rows:
                d = group.column("d").to_pylist()
                d[change_row - seen] = 123.0 if d[change_row - seen] != 123.0 else 124.0
                group = group.set_column(group.schema.get_field_index("d"),
                                         schema.field("d"), pa.array(d, pa.float64()))
            writer.write_table(group, row_group_size=group.num_rows)
            seen += group.num_rows
    shutil.move(path + ".new", path)


def test_a_changed_file_fails_verification_naming_it(fx, lock_json, tmp_path):
    locate = copy_warehouse(fx, tmp_path)
    lock = floe.LockFile.from_json(v1_lock(lock_json)).lock()
    changed = lock.file_digests[1].path
    rewrite(locate(changed), 5)
    result = floe.verify(lock, locate=locate)
    assert not result.ok
    assert result.files[0].ok
    assert result.problems == [result.files[1].problem]
    assert result.files[1].problem.startswith(changed + ": content digest ")
    with pytest.raises(DigestMismatchError, match=changed) as raised:
        result.check()
    assert raised.value.path == changed


def test_a_file_changed_in_place_fails_naming_it_and_its_rows(fx, lock_json, tmp_path):
    locate = copy_warehouse(fx, tmp_path)
    v2 = floe.LockFile.from_json(v2_lock(lock_json))
    entry = v2.lock().file_digests[0]
    row = tamper_in_place(locate(entry.path), group=2)
    unit = entry.units[2]
    assert unit.offset <= row < unit.offset + unit.count
    assert pq.ParquetFile(locate(entry.path)).read().column("d")[row].as_py() == 12345.5
    v1 = floe.LockFile.from_json(v1_lock(lock_json))
    assert floe.verify(v1, locate=locate).problems[0].startswith(entry.path + ": ")
    problems = floe.verify(v2, locate=locate).problems
    assert len(problems) == 1
    assert problems[0].startswith("rows %s of %s: content digest" % (unit.positions, entry.path))


def test_a_changed_row_group_is_named_by_its_row_positions(fx, lock_json, tmp_path):
    v2 = floe.LockFile.from_json(v2_lock(lock_json))
    assert floe.verify(v2).ok
    locate = copy_warehouse(fx, tmp_path)
    entry = v2.lock().file_digests[0]
    unit = entry.units[3]
    rewrite(locate(entry.path), unit.offset + 2)
    result = floe.verify(v2, locate=locate)
    assert result.problems == ["rows %d-%d of %s: content digest %s differs from the lock's %s" % (
        unit.offset, unit.offset + unit.count - 1, entry.path,
        result.files[0].problem.split("content digest ")[1].split(" ")[0], unit.digest)]
    assert result.files[1].ok


def test_a_unit_digest_is_the_file_digest_of_its_rows(fx):
    lock = floe.open_lock(fx["lock"]).lock()
    entry = lock.file_digests[0]
    parquet = pq.ParquetFile(entry.path)
    whole = parquet.read()
    offset = 0
    for group in range(parquet.num_row_groups):
        rows, unit = floe.file_digest(parquet.read_row_group(group))
        assert unit == floe.file_digest(whole.slice(offset, rows))[1]
        assert (offset, rows, unit) == (entry.units[group].offset, entry.units[group].rows,
                                        entry.units[group].digest)  # as Java pinned it
        offset += rows


def test_what_it_cannot_check_is_a_problem_never_a_pass(fx, lock_json, tmp_path):
    with pytest.raises(UnsupportedError, match="row filter"):
        floe.verify(fx["filtered_lock"])
    missing = dict(lock_json)
    missing["fileDigests"] = [dict(e) for e in lock_json["fileDigests"]]
    result = floe.verify(write_json(tmp_path / "lock.json", missing),
                         locate=lambda p: str(tmp_path / "gone.parquet"))
    assert not result.ok
    assert result.files[0].problem.startswith("cannot read " + lock_json["fileDigests"][0]["path"])
    assert not any(f.ok for f in result.files)
    assert result.root is None


def test_a_difference_after_a_schema_change_says_so(fx, lock_json, tmp_path):
    evolved = dict(lock_json, schemaId=1)
    locate = copy_warehouse(fx, tmp_path)
    changed = lock_json["fileDigests"][0]["path"]
    rewrite(locate(changed), 3)
    result = floe.verify(floe.LockFile.from_json(evolved), locate=locate)
    assert result.files[0].problem.endswith(
        "(the file was written with schema 0, the lock reads schema 1, which this client does not "
        "apply: floe verify --deep checks it)")
    assert result.files[1].ok
