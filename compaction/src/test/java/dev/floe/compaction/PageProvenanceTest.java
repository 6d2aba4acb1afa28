package dev.floe.compaction;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.floe.catalog.testing.GenericDeletes;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.columnar.Contribution;
import dev.floe.columnar.Provenance;
import dev.floe.columnar.ProvenanceLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rewrites through the page decoder keep the origin of every row, as the record path does: each
 * row's {@code origin} column names the producer and source its input file's provenance gives it
 * ("none" for a file without provenance, "lost" for one that kept counts only: both unknown).
 */
class PageProvenanceTest {
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "key", Types.IntegerType.get()),
          optional(3, "origin", Types.StringType.get()));
  // More rows than one chunk of vectors, so chunks refill and sorted runs cross files.
  private static final int ROWS = ChunkedWriter.CHUNK_ROWS / 2 + 123;

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path cold;

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void decodedRewriteKeepsEveryRowsOriginAsTheRecordRewrite(boolean sorted) {
    Table table = table("ml.origins", FileFormat.PARQUET);
    // Long runs of two producers; then runs of one or two rows from another source.
    DataFile first =
        append(table, ROWS, 0, i -> (i / 1000) % 2 == 0 ? "clicks/a.csv" : "views/a.csv");
    DataFile second = append(table, ROWS, ROWS, i -> i % 3 == 0 ? "views/b.csv" : "clicks/b.csv");
    DataFile none = append(table, 700, 2 * ROWS, i -> "none");
    DataFile lost = append(table, 500, 2 * ROWS + 700, i -> "lost");
    GenericDeletes.commit(
        table,
        GenericDeletes.positions(table, first, 17),
        GenericDeletes.positions(table, second, 0, 5, ChunkedWriter.CHUNK_ROWS / 2, ROWS - 1));
    FileGroup group = group(table, List.of(first, second, none, lost));
    SortOrder order = sorted ? SortOrder.builderFor(SCHEMA).asc("key").asc("id").build() : null;

    GroupRewriter decoder = new GroupRewriter(table, Long.MAX_VALUE, "pages", order, 10_000, true);
    List<DataFile> decoded = decoder.rewrite(group);
    GroupRewriter records =
        new GroupRewriter(table, Long.MAX_VALUE, "records", order, 10_000, false);
    List<DataFile> recorded = records.rewrite(group);

    assertThat(decoder.decodedFiles()).isEqualTo(4);
    assertThat(records.decodedFiles()).isZero();
    assertThat(decoded).hasSize(sorted ? 2 : 1).hasSameSizeAs(recorded);
    long unknown = 0;
    long rows = 0;
    for (int i = 0; i < decoded.size(); i++) {
      Provenance provenance = checkEveryRowsOrigin(table, decoded.get(i));
      assertThat(provenance).isEqualTo(Provenance.read(table.io(), recorded.get(i)).orElseThrow());
      assertThat(provenance.hasPositions()).isTrue();
      unknown +=
          provenance.contributions().stream()
              .filter(c -> !c.isKnown())
              .mapToLong(Contribution::rows)
              .sum();
      rows += provenance.rows();
    }
    assertThat(rows).isEqualTo(2L * ROWS + 1200 - 5);
    assertThat(unknown).isEqualTo(1200);
  }

  @ParameterizedTest
  @EnumSource(
      value = FileFormat.class,
      names = {"PARQUET", "ORC"})
  void tieringThroughTheColumnarWritersKeepsEveryRowsOrigin(FileFormat format) {
    Table table = table("ml.tiered", format);
    DataFile first =
        append(table, ROWS, 0, i -> (i / 777) % 2 == 0 ? "clicks/a.csv" : "views/a.csv");
    DataFile none = append(table, 300, ROWS, i -> "none");
    DataFile second =
        append(table, 900, ROWS + 300, i -> i % 2 == 0 ? "views/b.csv" : "clicks/b.csv");

    DataFile written;
    try (TierWriter writer = new TierWriter(table, cold.toString(), "zstd", Map.of())) {
      written = writer.write(group(table, List.of(first, none, second)));
      assertThat(writer.decodedFiles()).isEqualTo(format == FileFormat.PARQUET ? 3 : 0);
    }

    assertThat(written.location()).contains(cold.getFileName().toString());
    assertThat(written.format()).isEqualTo(format);
    Provenance provenance = checkEveryRowsOrigin(table, written);
    assertThat(provenance.rows()).isEqualTo(ROWS + 1200);
    assertThat(provenance.contributions())
        .filteredOn(c -> !c.isKnown())
        .extracting(Contribution::rows)
        .containsExactly(300L);
    assertThat(provenance.contributions())
        .filteredOn(c -> "b.csv".equals(c.source()))
        .extracting(
            Contribution::producer,
            Contribution::rows,
            Contribution::firstSeq,
            Contribution::lastSeq)
        .containsExactlyInAnyOrder(tuple("views", 450L, 0L, 898L), tuple("clicks", 450L, 1L, 899L));
  }

  @ParameterizedTest
  @EnumSource(
      value = FileFormat.class,
      names = {"PARQUET", "ORC"})
  void tieringKeepsTheCountsOfAFileThatKeptCountsOnly(FileFormat format) {
    Table table = table("ml.counted", format);
    DataFile first = append(table, 2000, 0, i -> i < 1500 ? "clicks/a.csv" : "views/a.csv");
    DataFile lost = append(table, 500, 2000, i -> "lost");
    DataFile none = append(table, 300, 2500, i -> "none");

    DataFile written;
    try (TierWriter writer = new TierWriter(table, cold.toString(), "zstd", Map.of())) {
      written = writer.write(group(table, List.of(first, lost, none)));
    }

    Provenance provenance = Provenance.read(table.io(), written).orElseThrow();
    assertThat(provenance.hasPositions()).isFalse();
    assertThat(provenance.contributions())
        .extracting(Contribution::producer, Contribution::source, Contribution::rows)
        .containsExactlyInAnyOrder(
            tuple("clicks", "a.csv", 1500L),
            tuple("views", "a.csv", 500L),
            tuple("clicks", "c.csv", 250L),
            tuple("views", "c.csv", 250L),
            tuple(null, null, 300L));
    assertThat(provenance.rows()).isEqualTo(written.recordCount()).isEqualTo(2800);
  }

  private Table table(String name, FileFormat format) {
    return temp.floe()
        .tables()
        .createIfAbsent(
            name,
            SCHEMA,
            PartitionSpec.unpartitioned(),
            Map.of(
                TableProperties.DEFAULT_FILE_FORMAT,
                format.name().toLowerCase(Locale.ROOT),
                TableProperties.FORMAT_VERSION,
                "2"));
  }

  /**
   * Appends a file of {@code rows} rows whose ids start at {@code firstId}; row {@code i}'s origin
   * is {@code origins.apply(i)} ("producer/source", its batch sequence {@code i}), which the file's
   * provenance says too, unless it is "none" (no provenance) or "lost" (counts only).
   */
  private static DataFile append(Table table, int rows, long firstId, IntFunction<String> origins) {
    FileFormat format =
        FileFormat.fromString(table.properties().get(TableProperties.DEFAULT_FILE_FORMAT));
    String location =
        table
            .locationProvider()
            .newDataLocation(firstId + "." + format.name().toLowerCase(Locale.ROOT));
    var builder =
        FormatModelRegistry.<Record, Object>dataWriteBuilder(
                format,
                Record.class,
                EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(location)))
            .schema(table.schema())
            .spec(table.spec());
    String origin = origins.apply(0);
    if (origin.equals("lost")) {
      builder =
          builder.meta(
              Provenance.KEY,
              Provenance.of(
                      List.of(
                          Contribution.of("clicks", "run", "c.csv", 1, rows / 2),
                          Contribution.of("views", "run", "c.csv", 1, rows - rows / 2)),
                      null)
                  .toJson());
    } else if (!origin.equals("none")) {
      ProvenanceLog log = new ProvenanceLog();
      for (int i = 0; i < rows; i++) {
        String[] parts = origins.apply(i).split("/");
        log.add(Contribution.of(parts[0], "run", parts[1], i, 1), 1);
      }
      builder = builder.meta(Provenance.KEY, log.take(rows).toJson());
    }
    try {
      DataWriter<Record> writer = builder.build();
      try (writer) {
        for (int i = 0; i < rows; i++) {
          GenericRecord row = GenericRecord.create(SCHEMA);
          row.setField("id", firstId + i);
          // Keys interleave the files and the runs within each, so a sort mixes every origin.
          row.setField("key", (int) ((firstId + i) * 7919 % 2000));
          row.setField("origin", origins.apply(i));
          writer.write(row);
        }
      }
      table.newAppend().appendFile(writer.toDataFile()).commit();
      return writer.toDataFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FileGroup group(Table table, List<DataFile> files) {
    table.refresh();
    Map<String, FileScanTask> withDeletes = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(t -> withDeletes.put(t.file().location(), t));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    withDeletes.values().removeIf(t -> t.deletes().isEmpty());
    return new FileGroup(table.spec(), files.get(0).partition(), files, withDeletes);
  }

  /** Checks each row of {@code file}, in file order, against its provenance; returns that. */
  private static Provenance checkEveryRowsOrigin(Table table, DataFile file) {
    Provenance provenance = Provenance.read(table.io(), file).orElseThrow();
    Provenance.Cursor cursor = provenance.cursor();
    long position = 0;
    try (CloseableIterable<Record> rows =
        new GroupRewriter(table, Long.MAX_VALUE, "check").readRows(file)) {
      for (Record row : rows) {
        String expected = (String) row.getField("origin");
        Contribution origin = cursor.at(position++);
        if (expected.equals("none") || expected.equals("lost")) {
          assertThat(origin.isKnown()).as("row %s", row).isFalse();
        } else {
          assertThat(origin.producer() + "/" + origin.source())
              .as("row %s", row)
              .isEqualTo(expected);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(position).isEqualTo(file.recordCount()).isEqualTo(provenance.rows());
    return provenance;
  }
}
