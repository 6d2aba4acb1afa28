"""Floe's Arrow IPC exports read back in both formats, equal to the pinned rows: their digests,
cut by the lock's files, are Java's."""

import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq
import pytest

import floe
from floe import DigestMismatchError
from floe.ipc import iter_arrow
from conftest import v1_lock, v2_lock


def test_file_and_stream_formats_read_back_the_pinned_rows(fx):
    with open(fx["arrow_file"], "rb") as f:
        assert f.read(6) == b"ARROW1"
    table = floe.read_arrow(fx["arrow_file"])
    stream = floe.read_arrow(fx["arrow_stream"])
    assert table.num_rows == stream.num_rows == fx["rows"]
    assert table.schema == stream.schema == floe.schema_of(fx["arrow_stream"])
    assert floe.file_digest(table) == floe.file_digest(stream)
    assert sum(b.num_rows for b in iter_arrow(fx["arrow_file"])) == fx["rows"]
    assert sum(b.num_rows for b in iter_arrow(fx["arrow_stream"])) == fx["rows"]
    assert table.column("id").to_pylist() == stream.column("id").to_pylist()


def test_export_equals_the_data_files_value_for_value(fx):
    lock = floe.open_lock(fx["lock"]).lock()
    files = pa.concat_tables(
        [pq.read_table(f.path) for f in lock.file_digests]).cast(
            floe.read_arrow(fx["arrow_file"]).schema)
    export = floe.read_arrow(fx["arrow_file"])
    for name in ("id", "s", "bin", "dec", "u", "tags", "attrs", "point", "date", "tstz"):
        assert export.column(name).to_pylist() == files.column(name).to_pylist(), name
    # NaN != NaN: the floats are compared by their bits, which the digest covers.
    assert floe.file_digest(export) == floe.file_digest(files)


def test_the_export_verifies_against_the_lock(fx):
    assert floe.verify_export(fx["arrow_file"], fx["lock"]) == floe.open_lock(
        fx["lock"]).lock().content_digest
    assert floe.verify_export(fx["arrow_stream"], fx["lock"])


def test_a_changed_export_fails_naming_the_data_file(fx, lock_json, tmp_path):
    table = floe.read_arrow(fx["arrow_file"])
    lock = floe.LockFile.from_json(v1_lock(lock_json)).lock()
    row = lock.file_digests[0].rows + 10
    ids = table.column("id").to_pylist()
    ids[row] = -ids[row] - 1
    changed = table.set_column(0, table.schema.field("id"), pa.array(ids, pa.int32()))
    path = tmp_path / "changed.arrow"
    with ipc.new_file(str(path), changed.schema) as writer:
        writer.write_table(changed)
    with pytest.raises(DigestMismatchError, match="the rows of %s differ" % lock.file_digests[1].path):
        floe.verify_export(path, lock)


def test_an_export_verifies_against_a_format_5_lock_unit_by_unit(fx, lock_json, tmp_path):
    v2 = floe.LockFile.from_json(v2_lock(lock_json))
    assert floe.verify_export(fx["arrow_stream"], v2) == v2.lock().content_digest
    table = floe.read_arrow(fx["arrow_file"])
    entry = v2.lock().file_digests[1]
    unit = entry.units[2]
    row = lock_json["fileDigests"][0]["rows"] + unit.offset + 1
    ids = table.column("id").to_pylist()
    ids[row] = -5
    changed = table.set_column(0, table.schema.field("id"), pa.array(ids, pa.int32()))
    path = tmp_path / "changed.arrows"
    with ipc.new_stream(str(path), changed.schema) as writer:
        for batch in changed.to_batches(max_chunksize=7):  # batches cross the units' edges
            writer.write_batch(batch)
    with pytest.raises(DigestMismatchError, match="rows %s of %s differ" % (
            unit.positions, entry.path)):
        floe.verify_export(path, v2)


def test_an_export_with_rows_missing_or_extra_fails(fx, tmp_path):
    table = floe.read_arrow(fx["arrow_file"])
    for rows, message in ((table.slice(0, 790), "has 790 rows, the lock db.every reads 800"),
                          (pa.concat_tables([table, table.slice(0, 1)]),
                           "has more rows than the lock db.every reads \\(800\\)")):
        path = tmp_path / "rows.arrow"
        with ipc.new_file(str(path), rows.schema) as writer:
            writer.write_table(rows)
        with pytest.raises(DigestMismatchError, match=message):
            floe.verify_export(path, fx["lock"])
