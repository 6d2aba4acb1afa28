package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.SchemaEvolutionException;
import dev.floe.catalog.testing.TempWarehouse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The timestamp forms map rows (and so CSV and JSON lines) may use, and the ones refused. */
class MapRowsTimestampTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(3, "local", Types.TimestampType.withoutZone()));
  private static final OffsetDateTime NOV_21 =
      OffsetDateTime.of(2026, 11, 21, 0, 0, 0, 0, ZoneOffset.UTC);
  private static final long NOV_21_SECONDS = NOV_21.toEpochSecond();

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Table table;

  @BeforeEach
  void open() {
    Floe floe = temp.floe();
    table = floe.tables().createIfAbsent("ml.times", SCHEMA, PartitionSpec.unpartitioned());
  }

  @Test
  void spaceSeparatedTextWithOffsetOrZAndDatesAreAccepted() {
    append(
        row(1, "2026-11-21 00:00:00Z", "2026-11-21 00:00:00"),
        row(2, "2026-11-21 01:30:00+01:30", "2026-11-21"),
        row(3, "2026-11-21T00:00:00.000Z", "2026-11-21T00:00"));
    assertThat(read("ts")).containsOnly(NOV_21);
    assertThat(read("local")).containsOnly(NOV_21.toLocalDateTime());
  }

  @Test
  void anOffsetIsNeitherGuessedNorDroppedSilently() {
    assertRefused(
        row(1, "2026-11-21 00:00:00", null),
        "row 0 column 'ts' value 2026-11-21 00:00:00 has no offset: timestamptz needs one (Z or"
            + " +01:00), Floe does not guess a zone");
    assertRefused(
        row(1, null, "2026-11-21 00:00:00+01:00"),
        "row 0 column 'local' value 2026-11-21 00:00:00+01:00 has an offset but the column is"
            + " timestamp (without zone): Floe does not shift it");
  }

  @Test
  void epochNumbersAreMillisecondsUnlessTheTableSaysOtherwise() {
    long millis = NOV_21_SECONDS * 1000;
    append(row(1, millis, String.valueOf(millis)), row(2, String.valueOf(millis + 1), millis + 1));
    assertThat(read("ts")).containsOnly(NOV_21, NOV_21.plusNanos(1_000_000));
    assertThat(read("local"))
        .containsOnly(NOV_21.toLocalDateTime(), NOV_21.toLocalDateTime().plusNanos(1_000_000));
  }

  @Test
  void epochNumbersInAnotherUnitsRangeAreRefusedNamingTheLikelyUnit() {
    assertRefused(
        row(1, NOV_21_SECONDS, null),
        "row 0 column 'ts' epoch number 1795219200 in ms (table property floe.ingest.epoch-unit)"
            + " is outside the epoch window (epoch numbers must land between 1973-03-03 and"
            + " 2286-11-20); it looks like s");
    assertRefused(row(1, 0, null), "epoch number 0 in ms");
    assertRefused(row(1, -NOV_21_SECONDS * 1000, null), "is outside the epoch window");
  }

  @Test
  void theEpochUnitPropertyChangesHowNumbersAreRead() {
    table.updateProperties().set(IngestProperties.EPOCH_UNIT, "s").commit();
    append(row(1, NOV_21_SECONDS, "1795219200.25"));
    assertThat(read("ts")).containsOnly(NOV_21);
    assertThat(read("local")).containsOnly(NOV_21.toLocalDateTime().plusNanos(250_000_000));

    table.updateProperties().set(IngestProperties.EPOCH_UNIT, "NS").commit();
    assertRefused(
        row(2, NOV_21_SECONDS * 1_000_000_000 + 1, null),
        "epoch number 1795219200000000001 in ns has a fraction finer than a microsecond");

    table.updateProperties().set(IngestProperties.EPOCH_UNIT, "minutes").commit();
    assertThatThrownBy(() -> TableWriter.forTable(table).producerId("p").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid floe.ingest.epoch-unit of table %s: minutes (must be s, ms, us or ns)",
            table.name());
  }

  @SafeVarargs
  private void append(Map<String, Object>... rows) {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      writer.append(Batch.ofRows(0, List.of(rows)));
    }
  }

  private void assertRefused(Map<String, Object> row, String message) {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      assertThatThrownBy(() -> writer.append(Batch.ofRows(9, List.of(row))))
          .isInstanceOf(SchemaEvolutionException.class)
          .hasMessageContaining(message);
    }
  }

  private List<Object> read(String column) {
    return Events.read(table).stream().map((Record r) -> r.getField(column)).toList();
  }

  private static Map<String, Object> row(long id, Object ts, Object local) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("ts", ts);
    row.put("local", local);
    return row;
  }
}
