package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.GenericDeletes;
import dev.floe.catalog.testing.MapRows;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.lockformat.DigestField;
import dev.floe.lockformat.DigestField.Kind;
import dev.floe.lockformat.RowDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ORC maps of several entries (a map column, a list of maps, a map in a struct) digest in file
 * order on the row path as on the vectorized path, with and without a position delete, so a lock
 * pinned on one path verifies on the other. (Iceberg 1.11's generic ORC reader hands them out in
 * hash order.)
 */
class OrcMapOrderTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private BufferAllocator allocator;
  private Table table;
  private final Map<String, List<Record>> rowsOfFile = new HashMap<>();
  private final List<DataFile> files = new ArrayList<>();

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
    table = floe.tables().createIfAbsent("db.maps", MapRows.SCHEMA, PartitionSpec.unpartitioned());
    List<Record> rows = MapRows.rows(table.schema(), 700);
    append(rows.subList(0, 300));
    append(rows.subList(300, 700));
  }

  private void append(List<Record> rows) {
    List<DataFile> written = GenericData.write(table, FileFormat.ORC, rows);
    assertThat(written).hasSize(1);
    table.newAppend().appendFile(written.get(0)).commit();
    rowsOfFile.put(written.get(0).location(), new ArrayList<>(rows));
    files.add(written.get(0));
  }

  @Test
  void mapsDigestInFileOrderOnBothPaths() {
    List<FileDigest> fast = fileDigests(TimeTravel.read(table).digestUnits(false), 2);
    List<FileDigest> slow =
        fileDigests(TimeTravel.read(table).vectorized(false).digestUnits(false), 0);

    assertThat(slow).isEqualTo(fast).hasSize(2);
    assertThat(fast).allSatisfy(file -> assertThat(file.digest()).isEqualTo(written(file)));
    assertThat(MapRows.ordered(rowPathRecords()))
        .isEqualTo(MapRows.ordered(writtenInReadOrder(fast)));
  }

  @Test
  void mapsDigestInFileOrderWithAPositionDelete() {
    DataFile first = files.get(0);
    GenericDeletes.commit(table, GenericDeletes.positions(table, first, 1, 5, 299));
    List<Record> live = rowsOfFile.get(first.location());
    live.remove(299);
    live.remove(5);
    live.remove(1);

    // The file with deletes takes the row path on both; the other one is vectorized by default.
    List<FileDigest> fast = fileDigests(TimeTravel.read(table).digestUnits(false), 1);
    List<FileDigest> slow =
        fileDigests(TimeTravel.read(table).vectorized(false).digestUnits(false), 0);

    assertThat(slow).isEqualTo(fast);
    assertThat(fast).allSatisfy(file -> assertThat(file.digest()).isEqualTo(written(file)));
    assertThat(fast).filteredOn(file -> file.path().equals(first.location())).hasSize(1);
    assertThat(fast).extracting(FileDigest::rows).containsExactlyInAnyOrder(297L, 400L);
    assertThat(MapRows.ordered(rowPathRecords()))
        .isEqualTo(MapRows.ordered(writtenInReadOrder(fast)));
  }

  @Test
  void lockPinnedOnTheVectorizedPathVerifiesOnTheRowPath() {
    TrainingLock lock = TimeTravel.pin(floe, "db.maps").commit();

    assertThat(TimeTravel.verifyDeep(floe, lock).ok()).isTrue();
    List<FileDigest> rowPath = fileDigests(TimeTravel.read(table).vectorized(false), 0);
    assertThat(rowPath).isEqualTo(lock.fileDigests());
    try (ArrowBatches rows = TimeTravel.read(table).vectorized(false).arrow(allocator)) {
      rows.forEach(batch -> {});
      assertThat(rows.contentDigest()).isEqualTo(lock.contentDigest());
    }
  }

  @Test
  void lockPinnedOnTheRowPathVerifiesOnTheVectorizedPath() {
    // A position delete sends the file to the row path when pinning; once it is gone again (a
    // rewrite that applied it), the same rows are read vectorized and must keep the digest.
    DataFile first = files.get(0);
    DeleteFile delete = GenericDeletes.positions(table, first, 0);
    GenericDeletes.commit(table, delete);
    TrainingLock lock = TimeTravel.pin(floe, "db.maps").commit();
    FileDigest pinned =
        lock.fileDigests().stream()
            .filter(file -> file.path().equals(first.location()))
            .findFirst()
            .orElseThrow();
    List<Record> live = rowsOfFile.get(first.location());
    live.remove(0);

    DataFile rewritten = only(GenericData.write(table, FileFormat.ORC, live));
    rowsOfFile.put(rewritten.location(), live);
    table.newOverwrite().deleteFile(first).addFile(rewritten).commit();
    table.newRowDelta().removeDeletes(delete).commit();
    FileDigest vectorized =
        fileDigests(TimeTravel.read(table), 2).stream()
            .filter(file -> file.path().equals(rewritten.location()))
            .findFirst()
            .orElseThrow();

    assertThat(TimeTravel.verifyDeep(floe, lock).ok()).isTrue();
    assertThat(vectorized.rows()).isEqualTo(pinned.rows()).isEqualTo(299);
    assertThat(vectorized.units())
        .extracting(FileDigest.Unit::digest)
        .isEqualTo(pinned.units().stream().map(FileDigest.Unit::digest).toList());
  }

  private static DataFile only(List<DataFile> written) {
    assertThat(written).hasSize(1);
    return written.get(0);
  }

  // The floe-digest/1 digest of the rows as written to the file, from their Java values (maps in
  // the order they were written), by lockformat's row digest: no reader and no Arrow involved.
  private String written(FileDigest file) {
    DigestField attrs =
        DigestField.map(DigestField.of(Kind.STRING, false), DigestField.of(Kind.INT, true), true);
    DigestField step =
        DigestField.map(DigestField.of(Kind.STRING, false), DigestField.of(Kind.LONG, false), true);
    DigestField labels =
        DigestField.map(DigestField.of(Kind.INT, false), DigestField.of(Kind.STRING, true), true);
    RowDigest digest =
        new RowDigest(
            List.of(
                DigestField.of(Kind.LONG, false),
                attrs,
                DigestField.list(step, true),
                DigestField.struct(List.of(DigestField.of(Kind.LONG, false), labels), true)));
    for (Record row : rowsOfFile.get(file.path())) {
      Record point = (Record) row.getField("point");
      digest.add(
          Arrays.asList(
              row.getField("id"),
              row.getField("attrs"),
              row.getField("steps"),
              point == null ? null : Arrays.asList(point.get(0), point.get(1))));
    }
    return HexFormat.of().formatHex(digest.finish());
  }

  private List<Record> writtenInReadOrder(List<FileDigest> read) {
    List<Record> rows = new ArrayList<>();
    read.forEach(file -> rows.addAll(rowsOfFile.get(file.path())));
    return rows;
  }

  private List<Record> rowPathRecords() {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = TimeTravel.read(table).records()) {
      records.forEach(rows::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private List<FileDigest> fileDigests(Reader reader, int vectorizedFiles) {
    try (ArrowBatches batches = reader.arrow(allocator)) {
      batches.forEach(batch -> {});
      assertThat(batches.vectorizedFiles()).isEqualTo(vectorizedFiles);
      return batches.fileDigests();
    }
  }
}
