package dev.floe.ingest.profile;

import dev.floe.catalog.testing.MlEvents;
import dev.floe.columnar.ArrowLayout;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.util.DateTimeUtil;

/** Rows of {@link MlEvents#SCHEMA} as one Arrow batch in Floe's layout; the caller closes it. */
final class EventVectors {
  private EventVectors() {}

  static VectorSchemaRoot of(BufferAllocator allocator, List<Record> rows) {
    VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(MlEvents.SCHEMA), allocator);
    BigIntVector id = (BigIntVector) root.getVector("id");
    BigIntVector user = (BigIntVector) root.getVector("user_id");
    TimeStampMicroTZVector ts = (TimeStampMicroTZVector) root.getVector("event_ts");
    Float8Vector amount = (Float8Vector) root.getVector("amount");
    VarCharVector label = (VarCharVector) root.getVector("label");
    ListVector embedding = (ListVector) root.getVector("embedding");
    Float4Vector floats = (Float4Vector) embedding.getDataVector();
    for (int i = 0; i < rows.size(); i++) {
      Record row = rows.get(i);
      id.setSafe(i, (Long) row.getField("id"));
      setLong(user, i, (Long) row.getField("user_id"));
      OffsetDateTime t = (OffsetDateTime) row.getField("event_ts");
      if (t == null) {
        ts.setNull(i);
      } else {
        ts.setSafe(i, DateTimeUtil.microsFromTimestamptz(t));
      }
      Double a = (Double) row.getField("amount");
      if (a == null) {
        amount.setNull(i);
      } else {
        amount.setSafe(i, a);
      }
      String l = (String) row.getField("label");
      if (l == null) {
        label.setNull(i);
      } else {
        label.setSafe(i, l.getBytes(StandardCharsets.UTF_8));
      }
      @SuppressWarnings("unchecked")
      List<Float> e = (List<Float>) row.getField("embedding");
      if (e == null) {
        embedding.setNull(i);
      } else {
        int start = embedding.startNewValue(i);
        for (int j = 0; j < e.size(); j++) {
          if (e.get(j) == null) {
            floats.setNull(start + j);
          } else {
            floats.setSafe(start + j, e.get(j));
          }
        }
        embedding.endValue(i, e.size());
      }
    }
    root.setRowCount(rows.size());
    return root;
  }

  private static void setLong(BigIntVector vector, int i, Long value) {
    if (value == null) {
      vector.setNull(i);
    } else {
      vector.setSafe(i, value);
    }
  }
}
