package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.iceberg.NullOrder;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class TableSpecsTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "user_id", Types.LongType.get()),
          Types.NestedField.optional(3, "event_ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(4, "label", Types.StringType.get()),
          Types.NestedField.optional(5, "day", Types.DateType.get()));

  @Test
  void buildsEveryTransformWithIcebergsBuilder() {
    PartitionSpec spec =
        TableSpecs.partitionSpec(
            SCHEMA,
            "label, year(event_ts), month(day), bucket(user_id, 16), truncate(label, 4), void(id)");
    PartitionSpec hourAndDay = TableSpecs.partitionSpec(SCHEMA, "hour(event_ts), DAY(day)");

    assertThat(spec.fields())
        .extracting(f -> f.transform().toString() + ":" + SCHEMA.findColumnName(f.sourceId()))
        .containsExactly(
            "identity:label",
            "year:event_ts",
            "month:day",
            "bucket[16]:user_id",
            "truncate[4]:label",
            "void:id");
    assertThat(hourAndDay.fields())
        .extracting(f -> f.transform().toString())
        .containsExactly("hour", "day");
  }

  @Test
  void acceptsIcebergsArgumentOrderAndBlankText() {
    assertThat(TableSpecs.partitionSpec(SCHEMA, "bucket(16, user_id)"))
        .isEqualTo(TableSpecs.partitionSpec(SCHEMA, "bucket( user_id ,16 )"));
    assertThat(TableSpecs.partitionSpec(SCHEMA, " ").isUnpartitioned()).isTrue();
    assertThat(TableSpecs.sortOrder(SCHEMA, null).isUnsorted()).isTrue();
  }

  @Test
  void sortOrderTakesDirectionsNullOrdersAndTransforms() {
    SortOrder order =
        TableSpecs.sortOrder(
            SCHEMA, "user_id, event_ts desc nulls last, label DESC NULLS FIRST, bucket(id, 4) asc");

    assertThat(order.fields())
        .extracting(f -> f.direction() + " " + f.nullOrder() + " " + f.transform())
        .containsExactly(
            SortDirection.ASC + " " + NullOrder.NULLS_FIRST + " identity",
            SortDirection.DESC + " " + NullOrder.NULLS_LAST + " identity",
            SortDirection.DESC + " " + NullOrder.NULLS_FIRST + " identity",
            SortDirection.ASC + " " + NullOrder.NULLS_FIRST + " bucket[4]");
    assertThat(TableSpecs.sortOrder(SCHEMA, "id desc").fields().get(0).nullOrder())
        .isEqualTo(NullOrder.NULLS_LAST);
  }

  @Test
  void refusesUnknownColumnsAndTransformsNamingThem() {
    assertThatThrownBy(() -> TableSpecs.partitionSpec(SCHEMA, "day(nope)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown column 'nope' in 'day(nope)'")
        .hasMessageContaining("columns: id, user_id");
    assertThatThrownBy(() -> TableSpecs.partitionSpec(SCHEMA, "dy(event_ts)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown transform 'dy' in 'dy(event_ts)'");
    assertThatThrownBy(() -> TableSpecs.sortOrder(SCHEMA, "nope desc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown column 'nope'");
  }

  @Test
  void refusesMalformedTermsNamingTheRule() {
    assertThatThrownBy(() -> TableSpecs.partitionSpec(SCHEMA, "bucket(user_id)"))
        .hasMessageContaining("bucket(col, N) takes a column and a number");
    assertThatThrownBy(() -> TableSpecs.partitionSpec(SCHEMA, "bucket(user_id, x)"))
        .hasMessageContaining("bucket needs a whole number, got 'x'");
    assertThatThrownBy(() -> TableSpecs.partitionSpec(SCHEMA, "truncate(label, 0)"))
        .hasMessageContaining("truncate needs a number above 0");
    assertThatThrownBy(() -> TableSpecs.partitionSpec(SCHEMA, "day(event_ts, 3)"))
        .hasMessageContaining("day takes one column");
    assertThatThrownBy(() -> TableSpecs.partitionSpec(SCHEMA, "day(event_ts"))
        .hasMessageContaining("Unbalanced parentheses");
    assertThatThrownBy(() -> TableSpecs.partitionSpec(SCHEMA, "id,,label"))
        .hasMessageContaining("Empty term");
  }

  @Test
  void refusesATransformTheColumnTypeCannotTake() {
    assertThatThrownBy(() -> TableSpecs.partitionSpec(SCHEMA, "id, day(label)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot partition by day(label)");
    assertThatThrownBy(() -> TableSpecs.sortOrder(SCHEMA, "hour(label)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot sort by hour(label)");
  }
}
