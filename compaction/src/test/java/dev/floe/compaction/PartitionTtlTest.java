package dev.floe.compaction;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.TempWarehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PartitionTtlTest {
  static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          required(2, "event_ts", Types.TimestampType.withZone()));

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;
  private final Instant now = Instant.parse("2026-11-21T12:00:00Z");

  @BeforeEach
  void open() {
    floe = temp.floe();
    table =
        floe.tables()
            .createIfAbsent(
                "ml.clicks",
                SCHEMA,
                PartitionSpec.builderFor(SCHEMA).day("event_ts").build(),
                Map.of());
  }

  /** Ten rows per day {@code daysAgo}, ids from {@code firstId}, one file per day. */
  private void append(long firstId, int... daysAgo) {
    List<Record> rows = new ArrayList<>();
    long id = firstId;
    for (int days : daysAgo) {
      for (int i = 0; i < 10; i++) {
        Record row = GenericRecord.create(SCHEMA);
        row.setField("id", id++);
        row.setField(
            "event_ts",
            OffsetDateTime.ofInstant(
                now.minus(Duration.ofDays(days)).plusSeconds(i * 60L), ZoneOffset.UTC));
        rows.add(row);
      }
    }
    GenericData.append(table, "main", FileFormat.PARQUET, rows);
  }

  @Test
  void deletesOldPartitionsAsSnapshotThatPinsSeeThrough() {
    append(0, 10, 5, 1);
    long pinned = table.currentSnapshot().snapshotId();
    table.manageSnapshots().createTag("pin-train", pinned).commit();

    PartitionTtl.Result result =
        Compaction.expirePartitions(table)
            .column("event_ts")
            .olderThan(Duration.ofDays(3))
            .now(now)
            .commit();

    assertThat(result.deletedFiles()).isEqualTo(2);
    assertThat(result.deletedRows()).isEqualTo(20);
    assertThat(result.snapshotId()).isEqualTo(table.currentSnapshot().snapshotId());
    assertThat(Events.ids(table, "main")).hasSize(10).allMatch(id -> id >= 20);
    assertThat(Events.ids(table, "pin-train")).hasSize(30);

    // Expiry keeps the pinned snapshot, and with it the deleted files.
    Compaction.expireSnapshots(table)
        .maxSnapshotAge(Duration.ZERO)
        .now(Instant.now().plusSeconds(1))
        .commit();
    assertThat(Events.ids(table, "pin-train")).hasSize(30);
    assertThat(
            Compaction.expirePartitions(table)
                .column("event_ts")
                .olderThan(Duration.ofDays(3))
                .now(now)
                .commit()
                .snapshotId())
        .isNull();
  }

  @Test
  void keepsFilesThatStraddleTheCutoff() {
    append(0, 10, 5, 1);
    // 5 days ago at 12:00 plus up to 9 minutes: a cutoff of 12:05 splits that file.
    Duration window = Duration.ofDays(5).minusMinutes(5);

    PartitionTtl.Result result =
        Compaction.expirePartitions(table).column("event_ts").olderThan(window).now(now).commit();

    assertThat(result.deletedFiles()).isEqualTo(1);
    assertThat(result.straddlingFiles()).isEqualTo(1);
    assertThat(Events.ids(table, "main")).hasSize(20);
  }

  @Test
  void rejectsColumnThatIsNotATime() {
    assertThatThrownBy(() -> Compaction.expirePartitions(table).column("id"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a timestamp or date");
    assertThatThrownBy(() -> Compaction.expirePartitions(table).column("nope"))
        .hasMessageContaining("no such column");
    assertThatThrownBy(() -> Compaction.expirePartitions(table).commit())
        .isInstanceOf(IllegalStateException.class);
  }
}
