package dev.floe.timetravel;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.Text;
import org.apache.iceberg.data.Record;

/**
 * Rows of Arrow batches and of Iceberg records in one comparable shape, sorted by the id column.
 */
final class ArrowRows {
  private static final OffsetDateTime EPOCH = OffsetDateTime.parse("1970-01-01T00:00:00Z");

  private ArrowRows() {}

  /** Drains {@code batches}; the first column must be the id. */
  static List<List<Object>> drain(ArrowBatches batches) {
    List<List<Object>> rows = new ArrayList<>();
    for (VectorSchemaRoot batch : batches) {
      for (int i = 0; i < batch.getRowCount(); i++) {
        List<Object> row = new ArrayList<>();
        for (FieldVector vector : batch.getFieldVectors()) {
          row.add(normalize(vector.getObject(i)));
        }
        rows.add(row);
      }
    }
    rows.sort(Comparator.comparing(row -> (Long) row.get(0)));
    return rows;
  }

  /** What Arrow should hold for {@code records}, restricted to {@code columns}. */
  static List<List<Object>> expected(List<Record> records, String... columns) {
    List<List<Object>> rows = new ArrayList<>();
    for (Record record : records) {
      List<Object> row = new ArrayList<>();
      for (String column : columns) {
        row.add(normalize(record.getField(column)));
      }
      rows.add(row);
    }
    rows.sort(Comparator.comparing(row -> (Long) row.get(0)));
    return rows;
  }

  private static Object normalize(Object value) {
    if (value instanceof Text text) {
      return text.toString();
    } else if (value instanceof OffsetDateTime timestamp) {
      return ChronoUnit.MICROS.between(EPOCH, timestamp);
    } else if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(element -> copy.add(normalize(element)));
      return copy;
    }
    return value;
  }
}
