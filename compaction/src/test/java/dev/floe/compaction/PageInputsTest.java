package dev.floe.compaction;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.floe.catalog.testing.GenericDeletes;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.columnar.Contribution;
import dev.floe.columnar.Provenance;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How a rewrite opens its Parquet inputs: the footer is read once, for the page decoder and for the
 * rows' provenance, so a file the decoder refuses must still carry its provenance to the record
 * path; deletes still apply; and a group that fails part-way publishes nothing.
 */
class PageInputsTest {
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()), optional(2, "name", Types.StringType.get()));

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();

  @Test
  void fileTheDecoderRefusesKeepsItsProvenanceOnTheRecordPath() {
    Table table = table("ml.refused", Map.of());
    DataFile old = append(table, 1500, 0, "clicks");
    // Files written from now on have the new column; the old one lacks it: the decoder refuses it.
    table.updateSchema().addColumn("score", Types.LongType.get()).commit();
    DataFile fresh = append(table, 2500, 1500, "views");

    GroupRewriter rewriter = new GroupRewriter(table, Long.MAX_VALUE, "refused");
    List<DataFile> written = rewriter.rewrite(group(old, fresh));

    assertThat(rewriter.decodedFiles()).isEqualTo(1);
    assertThat(written).hasSize(1);
    Provenance provenance = Provenance.read(table.io(), written.get(0)).orElseThrow();
    assertThat(provenance.contributions())
        .extracting(Contribution::producer, Contribution::rows)
        .containsExactly(tuple("clicks", 1500L), tuple("views", 2500L));
    assertThat(provenance.hasPositions()).isTrue();
    Provenance.Cursor cursor = provenance.cursor();
    assertThat(cursor.at(1499).producer()).isEqualTo("clicks");
    assertThat(cursor.at(1500).producer()).isEqualTo("views");
  }

  @Test
  void lineageCountsAddUpAfterACompactionThatAppliesDeletes() {
    Table table = table("ml.deleted", Map.of(TableProperties.FORMAT_VERSION, "2"));
    DataFile first = append(table, 3000, 0, "clicks");
    DataFile second = append(table, 2000, 3000, "views");
    GenericDeletes.commit(
        table,
        GenericDeletes.positions(table, first, 0, 1, 2999),
        GenericDeletes.positions(table, second, 1000));

    CompactionResult result = Compaction.binPack(table).minInputFiles(2).commit();

    assertThat(result.complete()).isTrue();
    table.refresh();
    List<DataFile> files = dataFiles(table);
    assertThat(files).hasSize(1);
    Provenance provenance = Provenance.read(table.io(), files.get(0)).orElseThrow();
    assertThat(provenance.rows()).isEqualTo(files.get(0).recordCount()).isEqualTo(4996);
    assertThat(provenance.contributions())
        .extracting(Contribution::producer, Contribution::rows)
        .containsExactly(tuple("clicks", 2997L), tuple("views", 1999L));
  }

  @Test
  void groupThatFailsPartWayLeavesTheTableAndItsFilesAsTheyWere() throws IOException {
    Table table = table("ml.failing", Map.of());
    DataFile first = append(table, 4000, 0, "clicks");
    DataFile second = append(table, 4000, 4000, "views");
    DataFile bad = append(table, 4000, 8000, "clicks");
    Path badPath = Path.of(bad.location().replaceFirst("^file:", ""));
    try (OutputStream out = Files.newOutputStream(badPath)) {
      out.write(new byte[(int) bad.fileSizeInBytes()]); // same length, no Parquet in it
    }
    table.refresh();
    Snapshot before = table.currentSnapshot();
    Path folder = Path.of(table.location().replaceFirst("^file:", ""));
    Set<Path> filesBefore = files(folder);
    // A small target: the group has finished files of its own before it reaches the bad input.
    GroupRewriter small = new GroupRewriter(table, 2048, "small");
    List<DataFile> good = small.rewrite(group(first, second));
    assertThat(good).hasSizeGreaterThan(2);
    small.deleteQuietly(good);

    assertThatThrownBy(() -> small.rewrite(group(first, second, bad)))
        .hasMessageContaining(bad.location());
    CompactionResult result = Compaction.binPack(table).minInputFiles(2).commit();

    assertThat(result.complete()).isFalse();
    assertThat(result.failures()).hasSize(1);
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(before.snapshotId());
    assertThat(files(folder)).isEqualTo(filesBefore);
  }

  private static FileGroup group(DataFile... files) {
    return new FileGroup(
        PartitionSpec.unpartitioned(), files[0].partition(), List.of(files), Map.of());
  }

  private Table table(String name, Map<String, String> properties) {
    Map<String, String> props = new HashMap<>(properties);
    props.put(TableProperties.DEFAULT_FILE_FORMAT, "parquet");
    return temp.floe().tables().createIfAbsent(name, SCHEMA, PartitionSpec.unpartitioned(), props);
  }

  /** Appends a Parquet file of {@code rows} rows whose provenance names one producer. */
  private static DataFile append(Table table, int rows, long firstId, String producer) {
    String location = table.locationProvider().newDataLocation(firstId + ".parquet");
    String provenance =
        Provenance.of(List.of(Contribution.of(producer, "run", "in.csv", 0, rows)), null).toJson();
    try {
      DataWriter<Record> writer =
          FormatModelRegistry.<Record, Object>dataWriteBuilder(
                  FileFormat.PARQUET,
                  Record.class,
                  EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(location)))
              .schema(table.schema())
              .spec(table.spec())
              .meta(Provenance.KEY, provenance)
              .build();
      try (writer) {
        for (int i = 0; i < rows; i++) {
          GenericRecord row = GenericRecord.create(table.schema());
          row.setField("id", firstId + i);
          row.setField("name", producer + i % 7);
          writer.write(row);
        }
      }
      table.newAppend().appendFile(writer.toDataFile()).commit();
      return writer.toDataFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<DataFile> dataFiles(Table table) {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(t -> files.add(t.file()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static Set<Path> files(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).collect(Collectors.toSet());
    }
  }
}
