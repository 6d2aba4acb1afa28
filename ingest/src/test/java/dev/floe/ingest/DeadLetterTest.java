package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path letters;
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.createUnpartitioned(floe);
  }

  @Test
  void badRowsGoToParquetFolderAndGoodRowsCommit() throws IOException {
    Batch batch = Batch.of(4, Events.SCHEMA, badRows());
    try (TableWriter writer = checked().deadLetter(DeadLetter.parquetFolder(letters)).build()) {
      AppendResult result = writer.append(batch);

      assertThat(result.rows()).isEqualTo(7);
      assertThat(result.deadLettered()).isEqualTo(3);
      assertThat(writer.metrics().deadLettered()).isEqualTo(3);
      // Re-sent: a duplicate, and the same letters, not more.
      assertThat(writer.append(batch).duplicate()).isTrue();
    }
    assertThat(Events.ids(Events.read(table)))
        .containsExactlyInAnyOrder(0L, 1L, 3L, 4L, 6L, 8L, 9L);

    List<Path> files = parquetFiles();
    assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("p-4.parquet");
    List<Record> dead = readParquet(files.get(0));
    assertThat(dead).extracting(r -> r.getField("row_index")).containsExactly(2L, 5L, 7L);
    assertThat(dead).allSatisfy(r -> assertThat(r.getField("producer_id")).isEqualTo("p"));
    assertThat(dead).allSatisfy(r -> assertThat(r.getField("batch_sequence")).isEqualTo(4L));
    assertThat(dead)
        .extracting(r -> r.getField("column_name"))
        .containsExactly("amount", "label", "id");
    assertThat(dead.get(0).getField("reason").toString())
        .isEqualTo(
            "Cannot append batch 4 of producer p: row 2 column 'amount' value 500.0 breaks rule"
                + " 'in [0.0, 100.0]'");
    assertThat(dead.get(1).getField("reason").toString()).contains("breaks rule 'one of [");
    assertThat(dead.get(2).getField("reason").toString())
        .contains("row 7 column 'id' is null but the column is required");
    assertThat(dead.get(0).getField("row_text").toString()).contains("500.0");
  }

  @Test
  void badRowsGoToDeadLetterTable() {
    Table deadTable =
        floe.tables().createIfAbsent("ml.dead", DeadLetter.SCHEMA, PartitionSpec.unpartitioned());
    try (TableWriter writer = checked().deadLetter(DeadLetter.table(deadTable)).build()) {
      writer.append(Batch.of(0, Events.SCHEMA, badRows()));
    }
    assertThat(Events.read(table)).hasSize(7);
    deadTable.refresh();
    List<Record> dead = Events.read(deadTable);
    assertThat(dead).extracting(r -> r.getField("row_index")).containsExactlyInAnyOrder(2L, 5L, 7L);
    assertThat(dead).extracting(r -> r.getField("column_name").toString()).contains("label");
  }

  @Test
  void withoutDeadLetterABadRowRejectsTheWholeBatch() {
    try (TableWriter writer = checked().build()) {
      assertThatThrownBy(() -> writer.append(Batch.of(0, Events.SCHEMA, badRows())))
          .isInstanceOf(ValidationException.class)
          .hasMessage(
              "Cannot append batch 0 of producer p: row 2 column 'amount' value 500.0 breaks"
                  + " rule 'in [0.0, 100.0]'");
    }
    table.refresh();
    assertThat(table.currentSnapshot()).isNull();
  }

  @Test
  void ruleOnUnknownColumnIsRejectedAtBuild() {
    assertThatThrownBy(() -> checked().range("price", 0, 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no column price");
  }

  private TableWriter.Builder checked() {
    return TableWriter.forTable(table)
        .producerId("p")
        .range("amount", 0.0, 100.0)
        .allowedValues("label", Set.of("label-0", "label-1", "label-2"));
  }

  /** Ten rows; row 2 is out of range, row 5 has an unknown label, row 7 a null id. */
  private static List<Record> badRows() {
    List<Record> rows = new ArrayList<>(Events.batch(0, 0, 10).records());
    rows.get(2).setField("amount", 500.0);
    rows.get(5).setField("label", "bogus");
    rows.get(7).setField("id", null);
    return rows;
  }

  private List<Path> parquetFiles() throws IOException {
    try (Stream<Path> paths = Files.list(letters)) {
      return paths.sorted().toList();
    }
  }

  private static List<Record> readParquet(Path file) throws IOException {
    try (CloseableIterable<Record> rows =
        Parquet.read(org.apache.iceberg.Files.localInput(file.toFile()))
            .project(DeadLetter.SCHEMA)
            .createReaderFunc(type -> GenericParquetReaders.buildReader(DeadLetter.SCHEMA, type))
            .build()) {
      List<Record> all = new ArrayList<>();
      rows.forEach(r -> all.add(r.copy()));
      return all;
    }
  }
}
