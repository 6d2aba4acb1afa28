package dev.floe.columnar;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.TempWarehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProvenanceTest {
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()), optional(2, "word", Types.StringType.get()));

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = temp.resource(BufferAllocator.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = FileFormat.class,
      names = {"PARQUET", "ORC"})
  void eachRolledFileCarriesTheProvenanceOfItsOwnRows(FileFormat format) {
    Table table =
        temp.floe()
            .tables()
            .create(
                "ml.prov_" + format.name().toLowerCase(),
                SCHEMA,
                PartitionSpec.unpartitioned(),
                org.apache.iceberg.SortOrder.unsorted(),
                Map.of(TableProperties.DEFAULT_FILE_FORMAT, format.name()));
    ColumnarFiles files = ColumnarFiles.forTable(table).targetFileSize(1).build();
    ProvenanceLog log = new ProvenanceLog();
    Contribution a = Contribution.of("clicks", "run-1", "a.csv", 7, 0);
    Contribution b = Contribution.of("views", "run-1", null, 3, 0);
    List<DataFile> written;
    try (VectorSchemaRoot root = RecordsToArrow.of(SCHEMA, rows(2500), allocator);
        PartitionWriter writer = files.open(null, log)) {
      log.add(a, 1500);
      writer.write(root, null, 0, 1500);
      log.add(b, 1000);
      writer.write(root, null, 1500, 2500);
      written = writer.finish();
    }
    // Rolled every 1000 rows (target 1 byte): 1000 of a, then 500 a + 500 b, then 500 b.
    assertThat(written).hasSize(3);
    List<Provenance> read = new ArrayList<>();
    for (DataFile file : written) {
      read.add(Provenance.read(table.io(), file).orElseThrow());
    }
    assertThat(read.get(0).contributions()).containsExactly(a.withRows(1000));
    assertThat(read.get(1).contributions()).containsExactly(a.withRows(500), b.withRows(500));
    assertThat(read.get(2).contributions()).containsExactly(b.withRows(500));
    Provenance.Cursor cursor = read.get(1).cursor();
    assertThat(cursor.at(499)).isEqualTo(a.withRows(500));
    assertThat(cursor.at(500)).isEqualTo(b.withRows(500));
    assertThat(log.rows()).isZero();
  }

  @Test
  void filesWrittenWithoutALogHaveNoProvenance() {
    Table table =
        temp.floe()
            .tables()
            .create(
                "ml.plain",
                SCHEMA,
                PartitionSpec.unpartitioned(),
                org.apache.iceberg.SortOrder.unsorted(),
                Map.of());
    List<DataFile> written;
    try (VectorSchemaRoot root = RecordsToArrow.of(SCHEMA, rows(10), allocator);
        PartitionWriter writer = ColumnarFiles.forTable(table).build().open(null)) {
      writer.write(root, null, 0, 10);
      written = writer.finish();
    }
    assertThat(Provenance.read(table.io(), written.get(0))).isEmpty();
  }

  @Test
  void mergesAnOriginsBatchesIntoOneSpanAndKeepsRowOrder() {
    ProvenanceLog log = new ProvenanceLog();
    log.add(Contribution.of("p", "r", null, 5, 0), 2);
    log.add(Contribution.of("q", "r", null, 1, 0), 1);
    log.add(Contribution.of("p", "r", null, 9, 0), 3);
    Provenance p = log.take(6);
    assertThat(p.contributions())
        .containsExactly(
            new Contribution("p", "r", null, 5, 9, 5), new Contribution("q", "r", null, 1, 1, 1));
    Provenance.Cursor cursor = p.cursor();
    assertThat(cursor.at(1).producer()).isEqualTo("p");
    assertThat(cursor.at(2).producer()).isEqualTo("q");
    assertThat(cursor.at(5).producer()).isEqualTo("p");
    assertThat(Provenance.fromJson(p.toJson(), "here")).isEqualTo(p);
  }

  @Test
  void refusesToDescribeRowsThatWereNotLogged() {
    ProvenanceLog log = new ProvenanceLog();
    log.add(Contribution.of("p", "r", null, 1, 0), 2);
    assertThatThrownBy(() -> log.take(3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cannot take 3 rows of provenance: 2 were logged");
  }

  @Test
  void keepsCountsButNotPositionsOfAFileThatAlternatesTooOften() {
    ProvenanceLog log = new ProvenanceLog();
    for (int k = 0; k <= Provenance.MAX_RUNS; k++) {
      log.add(Contribution.of(k % 2 == 0 ? "p" : "q", "r", null, 1, 0), 1);
    }
    Provenance p = log.take(Provenance.MAX_RUNS + 1);
    assertThat(p.rows()).isEqualTo(Provenance.MAX_RUNS + 1);
    assertThat(p.hasPositions()).isFalse();
    assertThat(p.cursor().at(0).isKnown()).isFalse();
    assertThat(Provenance.fromJson(p.toJson(), "here").hasPositions()).isFalse();
  }

  @Test
  void namesTheFileOfBadProvenance() {
    assertThatThrownBy(() -> Provenance.fromJson("{\"version\":9}", "s3://b/f.parquet"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid floe.provenance metadata in s3://b/f.parquet");
  }

  private static List<Record> rows(int n) {
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Record r = GenericRecord.create(SCHEMA);
      r.set(0, (long) i);
      r.set(1, "w" + i);
      rows.add(r);
    }
    return rows;
  }
}
