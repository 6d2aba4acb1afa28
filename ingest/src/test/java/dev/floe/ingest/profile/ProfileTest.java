package dev.floe.ingest.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.MlEvents;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.datasketches.theta.UpdateSketch;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;
import org.junit.jupiter.api.Test;

class ProfileTest {
  private static final Schema SCHEMA = MlEvents.SCHEMA;
  private static final OffsetDateTime T0 =
      OffsetDateTime.of(2026, 11, 1, 8, 0, 0, 0, ZoneOffset.UTC);

  /**
   * Ids from {@code first}; every 10th label null, amount NaN for id 5, embedding [id, 0, NaN?].
   */
  static List<Record> rows(long first, int count) {
    List<Record> rows = new ArrayList<>();
    for (long id = first; id < first + count; id++) {
      Record row =
          MlEvents.row(
              SCHEMA,
              id,
              id % 7,
              T0.plusMinutes(id),
              id % 10 == 0 ? null : "label-" + (id % 3 == 0 ? 0 : id % 5),
              List.of(3f, 4f, id == 7 ? Float.NaN : 0f));
      if (id == 5) {
        row.setField("amount", Double.NaN);
      }
      rows.add(row);
    }
    return rows;
  }

  @Test
  void countsNullsNansMinMaxAndDistinctValuesPerColumn() {
    Profile profile = Profile.of(SCHEMA, rows(0, 1000));

    assertThat(profile.rows()).isEqualTo(1000);
    ColumnProfile id = profile.column("id");
    assertThat(id.nulls()).isZero();
    assertThat(id.min()).isEqualTo(0L);
    assertThat(id.max()).isEqualTo(999L);
    assertThat(id.ndv()).isEqualTo(1000); // exact below the sketch's 4096 nominal entries
    assertThat(id.quantile(0.5)).isBetween(480.0, 520.0);
    assertThat(profile.column("user_id").ndv()).isEqualTo(7);
    ColumnProfile amount = profile.column("amount");
    assertThat(amount.nans()).isEqualTo(1);
    assertThat(amount.ndv()).isEqualTo(999);
    assertThat(amount.max()).isEqualTo(999 * 1.5);
    ColumnProfile ts = profile.column("event_ts");
    assertThat(ts.min()).isEqualTo(DateTimeUtil.microsFromTimestamptz(T0));
    assertThat(ts.max()).isEqualTo(DateTimeUtil.microsFromTimestamptz(T0.plusMinutes(999)));
    ColumnProfile label = profile.column("label");
    assertThat(label.nulls()).isEqualTo(100);
    assertThat(label.ndv()).isEqualTo(5); // label-0 .. label-4
    assertThat(label.frequentItems()[0].getItem()).isEqualTo("label-0");
  }

  @Test
  void profilesFloatListsAsVectors() {
    ColumnProfile embedding = Profile.of(SCHEMA, rows(0, 100)).column("embedding");

    assertThat(embedding.dimension()).isEqualTo(3);
    assertThat(embedding.nans()).isEqualTo(1);
    assertThat(embedding.ndv()).isEqualTo(-1);
    assertThat(embedding.normQuantile(0.5)).isEqualTo(5.0); // |(3, 4, 0)|
    assertThat(embedding.norms().getN()).isEqualTo(99); // the list holding NaN has no norm
  }

  @Test
  void mergedProfileMatchesTheProfileOfAllRows() {
    Profile whole = Profile.of(SCHEMA, rows(0, 2000));
    Profile merged = Profile.of(SCHEMA, rows(0, 1200)).merge(Profile.of(SCHEMA, rows(800, 1200)));

    assertThat(merged.rows()).isEqualTo(2400);
    for (String name : List.of("id", "user_id", "event_ts", "amount", "label")) {
      assertThat(merged.column(name).ndv()).as(name).isEqualTo(whole.column(name).ndv());
      assertThat(merged.column(name).min()).as(name).isEqualTo(whole.column(name).min());
      assertThat(merged.column(name).max()).as(name).isEqualTo(whole.column(name).max());
    }
    assertThat(merged.column("label").nulls()).isEqualTo(240);
    assertThat(merged.column("embedding").dimension()).isEqualTo(3);
    assertThat(merged.column("embedding").norms().getN())
        .isEqualTo(2399); // id 7 (NaN) is in the first half only
  }

  @Test
  void hashesValuesAsIcebergSingleValueSerialization() {
    List<Record> rows = rows(0, 300);
    UpdateSketch expected = UpdateSketch.builder().build();
    for (Record row : rows) {
      long micros = DateTimeUtil.microsFromTimestamptz((OffsetDateTime) row.getField("event_ts"));
      expected.update(Conversions.toByteBuffer(Types.TimestampType.withZone(), micros));
    }

    byte[] ours = Profile.of(SCHEMA, rows).column("event_ts").theta().toByteArray();
    assertThat(Arrays.equals(ours, expected.compact().toByteArray())).isTrue();
    UpdateSketch amounts = UpdateSketch.builder().build();
    UpdateSketch ids = UpdateSketch.builder().build();
    for (Record row : rows) {
      double amount = (Double) row.getField("amount");
      if (!Double.isNaN(amount)) { // NaN is counted apart, as Iceberg's metrics do
        amounts.update(Conversions.toByteBuffer(Types.DoubleType.get(), amount));
      }
      ids.update(Conversions.toByteBuffer(Types.LongType.get(), row.getField("id")));
    }
    Profile profile = Profile.of(SCHEMA, rows);
    assertThat(profile.column("amount").theta().toByteArray())
        .isEqualTo(amounts.compact().toByteArray());
    assertThat(profile.column("id").theta().toByteArray()).isEqualTo(ids.compact().toByteArray());
  }

  @Test
  void refusesToMergeColumnsOfDifferentTypes() {
    Schema widened = new Schema(Types.NestedField.required(1, "id", Types.DoubleType.get()));
    Record row = GenericRecord.create(widened);
    row.setField("id", 1.0);
    Profile doubles = Profile.of(widened, List.of(row));

    assertThatThrownBy(() -> Profile.of(SCHEMA, rows(0, 1)).merge(doubles))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot merge profiles of id");
  }
}
