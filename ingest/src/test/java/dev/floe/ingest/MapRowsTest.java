package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.SchemaEvolutionException;
import dev.floe.catalog.testing.TempWarehouse;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MapRowsTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path letters;
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.create(floe);
  }

  @Test
  void mapRowsAreConvertedByTheTableSchema() {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      AppendResult result = writer.append(Batch.ofRows(0, List.of(row(1, "3.0"), row(2, 4.5))));
      assertThat(result.rows()).isEqualTo(2);
    }
    List<Record> rows = Events.read(table);
    Record first = rows.stream().filter(r -> r.getField("id").equals(1L)).findFirst().orElseThrow();
    assertThat(first.getField("user_id")).isEqualTo(7L);
    assertThat(first.getField("event_ts")).isEqualTo(Events.DAY_ONE);
    assertThat(first.getField("amount")).isEqualTo(3.0);
    assertThat(first.getField("label")).isNull();
    assertThat(first.getField("embedding")).isEqualTo(List.of(1f, 0.5f));
  }

  @Test
  void unconvertibleValueFailsNamingRowAndColumn() {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      assertThatThrownBy(() -> writer.append(Batch.ofRows(0, List.of(row(1, 1.0), row(2, "abc")))))
          .isInstanceOf(SchemaEvolutionException.class)
          .hasMessage(
              "Cannot append batch 0 of producer p: row 1 column 'amount' cannot convert abc"
                  + " (java.lang.String) to double");
      Map<String, Object> unknown = row(3, 1.0);
      unknown.put("price", 1);
      assertThatThrownBy(() -> writer.append(Batch.ofRows(1, List.of(unknown))))
          .isInstanceOf(SchemaEvolutionException.class)
          .hasMessageContaining("row 0 column 'price' is not a column of the table");
      Map<String, Object> noId = row(4, 1.0);
      noId.remove("id");
      assertThatThrownBy(() -> writer.append(Batch.ofRows(2, List.of(noId))))
          .hasMessageContaining("row 0 column 'id' is null or missing but the column is required");
    }
    table.refresh();
    assertThat(table.currentSnapshot()).isNull();
  }

  @Test
  void unconvertibleRowsBecomeDeadLetters() {
    try (TableWriter writer =
        TableWriter.forTable(table)
            .producerId("p")
            .range("amount", 0, 10)
            .deadLetter(DeadLetter.parquetFolder(letters))
            .build()) {
      AppendResult result =
          writer.append(
              Batch.ofRows(0, List.of(row(1, 1.0), row(2, "abc"), row(3, 2.0), row(4, 99))));
      assertThat(result.rows()).isEqualTo(2);
      assertThat(result.deadLettered()).isEqualTo(2);
    }
    assertThat(Events.ids(Events.read(table))).containsExactlyInAnyOrder(1L, 3L);
    assertThat(letters.resolve("p-0.parquet")).exists();
  }

  @Test
  void valuesTheirColumnCannotHoldAreRefusedNotWrappedOrRounded() {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      Map<String, Object> wrapping = row(1, 1.0);
      wrapping.put("id", new BigInteger("18446744073709551717")); // 2^64 + 101
      assertThatThrownBy(() -> writer.append(Batch.ofRows(0, List.of(row(0, 1.0), wrapping))))
          .isInstanceOf(SchemaEvolutionException.class)
          .hasMessageContaining(
              "row 1 column 'id' value 18446744073709551717 is out of range for long");
      assertThatThrownBy(() -> writer.append(Batch.ofRows(1, List.of(row(2, "1e999")))))
          .hasMessageContaining("row 0 column 'amount' value 1e999 is out of range for double");
      assertThatThrownBy(
              () -> writer.append(Batch.ofRows(2, List.of(row(3, new BigDecimal("1e999"))))))
          .hasMessageContaining("column 'amount' value 1E+999 is out of range for double");
      Map<String, Object> tooLargeForFloat = row(4, 1.0);
      tooLargeForFloat.put("embedding", List.of(1e300));
      assertThatThrownBy(() -> writer.append(Batch.ofRows(3, List.of(tooLargeForFloat))))
          .hasMessageContaining(
              "column 'embedding.element' value 1.0E300 is out of range for float (it would be"
                  + " stored as Infinity)");
      Map<String, Object> farFuture = row(5, 1.0);
      farFuture.put("event_ts", "+300000-01-01T00:00:00Z");
      assertThatThrownBy(() -> writer.append(Batch.ofRows(4, List.of(farFuture))))
          .hasMessageContaining("column 'event_ts' value +300000-01-01T00:00Z is out of range");
      assertThatThrownBy(() -> writer.append(Batch.ofRows(5, List.of(row(6, "1e-400")))))
          .hasMessageContaining("value 1e-400 is out of range for double (it would be stored as");
    }
    table.refresh();
    assertThat(table.currentSnapshot()).isNull();
  }

  @Test
  void infinitiesThatAreInfinitiesAlreadyAndExactNumbersPass() {
    Map<String, Object> exact = row(2, new BigDecimal("2.5"));
    exact.put("user_id", new BigInteger("9223372036854775807"));
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      writer.append(Batch.ofRows(0, List.of(row(1, Double.POSITIVE_INFINITY), exact)));
    }
    List<Record> rows = Events.read(table);
    assertThat(rows)
        .extracting(r -> r.getField("amount"))
        .containsExactlyInAnyOrder(Double.POSITIVE_INFINITY, 2.5);
    assertThat(rows).extracting(r -> r.getField("user_id")).contains(Long.MAX_VALUE);
  }

  @Test
  void outOfRangeValueBecomesADeadLetterWhereConfigured() {
    Map<String, Object> wrapping = row(2, 1.0);
    wrapping.put("id", new BigInteger("18446744073709551717"));
    try (TableWriter writer =
        TableWriter.forTable(table)
            .producerId("p")
            .deadLetter(DeadLetter.parquetFolder(letters))
            .build()) {
      AppendResult result = writer.append(Batch.ofRows(0, List.of(row(1, 1.0), wrapping)));
      assertThat(result.deadLettered()).isEqualTo(1);
    }
    assertThat(Events.ids(Events.read(table))).containsExactly(1L);
  }

  @Test
  void negativeZeroKeepsItsSignAndEmptyTextIsNullOnlyOutsideStringColumns() {
    Map<String, Object> empty = row(2, "");
    empty.put("label", "");
    empty.put("user_id", "");
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      writer.append(Batch.ofRows(0, List.of(row(1, "-0.0"), empty, row(3, -0.0d))));
    }
    Map<Object, Record> byId = new HashMap<>();
    Events.read(table).forEach(r -> byId.put(r.getField("id"), r));
    assertThat(Double.compare((Double) byId.get(1L).getField("amount"), 0.0)).isNegative();
    assertThat(Double.compare((Double) byId.get(3L).getField("amount"), 0.0)).isNegative();
    assertThat(byId.get(2L).getField("amount")).isNull();
    assertThat(byId.get(2L).getField("user_id")).isNull();
    assertThat(byId.get(2L).getField("label")).isEqualTo("");
  }

  private static Map<String, Object> row(int id, Object amount) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("user_id", "7");
    row.put("event_ts", "2026-11-01T08:00:00Z");
    row.put("amount", amount);
    row.put("embedding", List.of(1.0, 0.5));
    return row;
  }
}
