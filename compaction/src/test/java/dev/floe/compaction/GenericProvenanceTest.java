package dev.floe.compaction;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.columnar.Contribution;
import dev.floe.columnar.Provenance;
import dev.floe.columnar.ProvenanceLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compaction and tiering of tables whose output goes through Iceberg's generic writers (Avro; a
 * Parquet table with nanosecond timestamps; a v3 column without an Arrow layout, written as
 * records) or whose input the page decoder leaves to the record path (decimal columns): every
 * output file carries the provenance of its own rows, whichever path read them, and its rows are
 * the input's.
 */
class GenericProvenanceTest {
  private static final int ROWS = ChunkedWriter.CHUNK_ROWS / 2 + 321;

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path cold;

  @ParameterizedTest
  @CsvSource({
    "avro,false,true",
    "avro,true,true",
    "avro-from-parquet,false,false",
    "avro-from-parquet,false,true",
    "avro-from-parquet,true,false",
    "avro-from-parquet,true,true",
    "parquet-decimal,false,false",
    "parquet-decimal,true,false",
    "parquet-decimal,true,true",
    "parquet-nanos,false,true",
    "parquet-nanos,true,false",
    "parquet-nanos,true,true",
    "parquet-unknown,false,false",
    "parquet-unknown,true,false",
    "orc-unknown,true,false"
  })
  void rewriteKeepsEveryRowsOriginOnEitherReadPath(String kind, boolean sorted, boolean pages) {
    Table table = table(kind);
    DataFile first = append(table, ROWS, 0, i -> (i / 1000) % 2 == 0 ? "clicks" : "views");
    DataFile second = append(table, ROWS, ROWS, i -> i % 3 == 0 ? "views" : "clicks");
    Map<Long, String> before = rows(table, List.of(first, second));
    SortOrder order =
        sorted ? SortOrder.builderFor(table.schema()).asc("key").asc("id").build() : null;

    GroupRewriter rewriter =
        new GroupRewriter(table, Long.MAX_VALUE, "rewrite", order, 10_000, pages);
    List<DataFile> written = rewriter.rewrite(group(table, List.of(first, second)));

    // The page decoder reads Parquet files without nanosecond or unknown-type columns; the rest
    // take the record path.
    assertThat(rewriter.decodedFiles()).isEqualTo(pages && decodable(kind) ? 2 : 0);

    assertThat(written).hasSize(sorted ? 2 : 1);
    long rows = 0;
    for (DataFile file : written) {
      assertThat(file.format()).isEqualTo(format(table));
      rows += checkEveryRowsOrigin(table, file).rows();
    }
    assertThat(rows).isEqualTo(2L * ROWS);
    assertThat(rows(table, written)).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "avro",
        "avro-from-parquet",
        "parquet-decimal",
        "parquet-nanos",
        "parquet-unknown"
      })
  void tieringKeepsEveryRowsOrigin(String kind) {
    Table table = table(kind);
    DataFile first = append(table, ROWS, 0, i -> (i / 777) % 2 == 0 ? "clicks" : "views");
    DataFile second = append(table, 900, ROWS, i -> i % 2 == 0 ? "views" : "clicks");
    Map<Long, String> before = rows(table, List.of(first, second));

    DataFile written;
    try (TierWriter writer = new TierWriter(table, cold.toString(), "zstd", Map.of())) {
      written = writer.write(group(table, List.of(first, second)));
      assertThat(writer.decodedFiles()).isEqualTo(decodable(kind) ? 2 : 0);
    }

    assertThat(written.location()).contains(cold.getFileName().toString());
    assertThat(written.format()).isEqualTo(format(table));
    assertThat(checkEveryRowsOrigin(table, written).rows()).isEqualTo(ROWS + 900);
    assertThat(rows(table, List.of(written))).isEqualTo(before);
  }

  private Table table(String kind) {
    List<Types.NestedField> columns = new ArrayList<>();
    columns.add(required(1, "id", Types.LongType.get()));
    columns.add(optional(2, "key", Types.IntegerType.get()));
    columns.add(optional(3, "origin", Types.StringType.get()));
    if (!kind.equals("avro-from-parquet")) {
      columns.add(optional(4, "price", Types.DecimalType.of(9, 2)));
    }
    if (kind.equals("parquet-nanos")) {
      columns.add(optional(5, "at", Types.TimestampNanoType.withZone()));
    }
    if (kind.endsWith("-unknown")) {
      // No Arrow layout: compaction writes records through Iceberg's writers (RecordWriter).
      columns.add(optional(5, "later", Types.UnknownType.get()));
    }
    return temp.floe()
        .tables()
        .createIfAbsent(
            "ml." + kind.replace('-', '_'),
            new Schema(columns),
            PartitionSpec.unpartitioned(),
            Map.of(
                TableProperties.DEFAULT_FILE_FORMAT,
                kind.split("-")[0],
                TableProperties.FORMAT_VERSION,
                kind.equals("parquet-nanos") || kind.endsWith("-unknown") ? "3" : "2"));
  }

  private static FileFormat format(Table table) {
    return FileFormat.fromString(table.properties().get(TableProperties.DEFAULT_FILE_FORMAT));
  }

  // Files appended to an Avro table without decimal columns are Parquet, as ingest writes them.
  private static FileFormat inputFormat(Table table) {
    return table.schema().findField("price") == null ? FileFormat.PARQUET : format(table);
  }

  /**
   * Appends a file of {@code rows} rows whose ids start at {@code firstId}; row {@code i} came from
   * producer {@code producers.apply(i)} (batch sequence {@code i}), as its provenance says.
   */
  private static DataFile append(
      Table table, int rows, long firstId, java.util.function.IntFunction<String> producers) {
    FileFormat format = inputFormat(table);
    String location =
        table.locationProvider().newDataLocation(format.addExtension(String.valueOf(firstId)));
    ProvenanceLog log = new ProvenanceLog();
    for (int i = 0; i < rows; i++) {
      log.add(Contribution.of(producers.apply(i), "run", "in.csv", i, 1), 1);
    }
    try {
      DataWriter<Record> writer =
          FormatModelRegistry.<Record, Object>dataWriteBuilder(
                  format,
                  Record.class,
                  EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(location)))
              .schema(table.schema())
              .spec(table.spec())
              .meta(Provenance.KEY, log.take(rows).toJson())
              .build();
      try (writer) {
        for (int i = 0; i < rows; i++) {
          long id = firstId + i;
          GenericRecord row = GenericRecord.create(table.schema());
          row.setField("id", id);
          // Keys interleave the files and the runs within each, so a sort mixes every origin.
          row.setField("key", (int) (id * 7919 % 2000));
          row.setField("origin", producers.apply(i));
          if (table.schema().findField("price") != null) {
            row.setField("price", BigDecimal.valueOf(id * 37 % 100_000, 2));
          }
          if (table.schema().findField("at") != null) {
            row.setField("at", OffsetDateTime.of(2026, 12, 5, 0, 0, 0, (int) id, ZoneOffset.UTC));
          }
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
    return new FileGroup(table.spec(), files.get(0).partition(), files, Map.of());
  }

  /** The rows of {@code files} by id, each as its values joined. */
  private static Map<Long, String> rows(Table table, List<DataFile> files) {
    Map<Long, String> rows = new TreeMap<>();
    GroupRewriter reader = new GroupRewriter(table, Long.MAX_VALUE, "check");
    for (DataFile file : files) {
      try (CloseableIterable<Record> records = reader.readRows(file)) {
        records.forEach(r -> rows.put((Long) r.getField("id"), r.toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rows;
  }

  /** Checks each row of {@code file}, in file order, against its provenance; returns that. */
  private static Provenance checkEveryRowsOrigin(Table table, DataFile file) {
    Provenance provenance = Provenance.read(table.io(), file).orElseThrow();
    assertThat(provenance.hasPositions()).isTrue();
    Provenance.Cursor cursor = provenance.cursor();
    long position = 0;
    try (CloseableIterable<Record> rows =
        new GroupRewriter(table, Long.MAX_VALUE, "check").readRows(file)) {
      for (Record row : rows) {
        Contribution origin = cursor.at(position++);
        assertThat(origin.producer()).as("row %s", row).isEqualTo(row.getField("origin"));
        assertThat(origin.source()).isEqualTo("in.csv");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(position).isEqualTo(file.recordCount()).isEqualTo(provenance.rows());
    return provenance;
  }

  private static boolean decodable(String kind) {
    return kind.equals("avro-from-parquet") || kind.equals("parquet-decimal");
  }
}
