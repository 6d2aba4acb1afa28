package dev.floe.ingest.profile;

import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Conversions;

/** A profile as rows of {@link ProfileTable#SCHEMA}: one per column and metric, one for it all. */
final class ProfileRows {
  private ProfileRows() {}

  static List<Record> of(String tableName, String commitId, OffsetDateTime at, Profile profile) {
    List<Record> rows = new ArrayList<>();
    rows.add(
        row(
            tableName,
            commitId,
            at,
            null,
            ProfileTable.PROFILE_METRIC,
            (double) profile.rows(),
            ProfileCodec.encode(profile)));
    for (ColumnProfile c : profile.columns().values()) {
      Column column = new Column(tableName, commitId, at, c, rows);
      column.add("rows", c.rows(), null);
      column.add("nulls", c.nulls(), null);
      column.add("nans", c.nans(), null);
      if (c.theta() != null) {
        column.add("ndv", c.theta().getEstimate(), c.theta().toByteArray());
      }
      if (c.min() != null && c.type().isPrimitiveType()) {
        column.add("min", number(c.min()), bytes(Conversions.toByteBuffer(c.type(), c.min())));
        column.add("max", number(c.max()), bytes(Conversions.toByteBuffer(c.type(), c.max())));
      }
      if (c.quantiles() != null) {
        column.add("quantiles", c.quantile(0.5), c.quantiles().toByteArray());
      }
      if (c.frequent() != null) {
        column.add("frequent_items", null, c.frequent().toByteArray(new ArrayOfStringsSerDe()));
      }
      if (c.norms() != null) {
        column.add("dimension", (double) c.dimension(), null);
        column.add("norms", c.normQuantile(0.5), c.norms().toByteArray());
      }
    }
    return rows;
  }

  private record Column(
      String tableName, String commitId, OffsetDateTime at, ColumnProfile c, List<Record> rows) {
    void add(String metric, Double value, byte[] sketch) {
      Record r = row(tableName, commitId, at, c.name(), metric, value, sketch);
      r.setField("field_id", c.fieldId());
      rows.add(r);
    }

    void add(String metric, long value, byte[] sketch) {
      add(metric, (double) value, sketch);
    }
  }

  private static Record row(
      String tableName,
      String commitId,
      OffsetDateTime at,
      String column,
      String metric,
      Double value,
      byte[] sketch) {
    GenericRecord r = ProfileTable.record();
    r.setField("table_name", tableName);
    r.setField("commit_id", commitId);
    r.setField("written_at", at);
    r.setField("column_name", column);
    r.setField("metric", metric);
    r.setField("value", value == null || value.isNaN() ? null : value);
    r.setField("sketch", sketch == null ? null : ByteBuffer.wrap(sketch));
    return r;
  }

  private static Double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : null;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
