package dev.floe.ingest.profile;

import dev.floe.columnar.ArrowLayout;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.Schema;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Profiles a batch held in Arrow vectors laid out as {@link ArrowLayout#of(Schema)}: one pass per
 * column over the vector's buffers, fixed-width values unboxed. Vectors are found by column name
 * and must have the layout's Arrow type; a column the profile covers but the root lacks is an
 * error, never a profile of fewer columns. Reads the root, never changes or closes it; columns of a
 * large batch are profiled in parallel ({@link ColumnTasks}), each by one thread.
 */
final class VectorProfiler {
  private VectorProfiler() {}

  static Profile profile(Schema schema, VectorSchemaRoot root) {
    Plan plan = plan(schema, root);
    // Columns are independent: profiled in parallel when the encoder's pool has a thread free.
    return plan.assemble(
        ColumnTasks.run(plan.columns(), (long) plan.rows() * plan.columns(), plan::column));
  }

  /**
   * The column jobs of one batch, checked now against the layout and run later, each by one thread:
   * {@link #column} of every index, then {@link #assemble}.
   */
  static Plan plan(Schema schema, VectorSchemaRoot root) {
    Map<String, Field> layout = new LinkedHashMap<>();
    ArrowLayout.of(schema).getFields().forEach(f -> layout.put(f.getName(), f));
    List<Types.NestedField> fields = new ArrayList<>();
    List<FieldVector> vectors = new ArrayList<>();
    for (Types.NestedField field : schema.columns()) {
      if (!ColumnProfiler.profiles(field.type())) {
        continue;
      }
      FieldVector vector = root.getVector(field.name());
      Preconditions.checkArgument(
          vector != null,
          "Cannot profile batch: column %s is missing from its vectors (it has: %s)",
          field.name(),
          root.getSchema().getFields().stream().map(Field::getName).toList());
      Field expected = layout.get(field.name());
      Preconditions.checkArgument(
          vector.getField().getType().equals(expected.getType()),
          "Cannot profile batch: column %s is Arrow %s, expected %s for Iceberg %s",
          field.name(),
          vector.getField().getType(),
          expected.getType(),
          field.type());
      fields.add(field);
      vectors.add(vector);
    }
    return new Plan(root.getRowCount(), List.copyOf(fields), List.copyOf(vectors));
  }

  /** The profiled columns of one batch of {@code rows} rows, with their vectors. */
  record Plan(int rows, List<Types.NestedField> fields, List<FieldVector> vectors) {
    int columns() {
      return fields.size();
    }

    /** Profiles column {@code i}: one pass over its vector, on the calling thread. */
    ColumnProfile column(int i) {
      Types.NestedField field = fields.get(i);
      return ColumnProfiler.isVector(field.type())
          ? lists(field, (ListVector) vectors.get(i), rows)
          : primitive(field, vectors.get(i), rows);
    }

    /** The batch's profile from {@link #column} of every index, in order. */
    Profile assemble(List<ColumnProfile> profiles) {
      Map<Integer, ColumnProfile> columns = new LinkedHashMap<>();
      for (int i = 0; i < fields.size(); i++) {
        columns.put(fields.get(i).fieldId(), profiles.get(i));
      }
      return new Profile(rows, columns);
    }
  }

  private static ColumnProfile primitive(Types.NestedField field, FieldVector vector, int rows) {
    ColumnSketcher sketcher = new ColumnSketcher(field);
    // One loop per vector class, so the per-value work is a direct buffer read.
    if (vector instanceof BigIntVector v) {
      for (int i = 0; i < rows; i++) {
        if (v.isNull(i)) {
          sketcher.addNull();
        } else {
          sketcher.addLong(v.get(i));
        }
      }
    } else if (vector instanceof TimeStampVector v) {
      for (int i = 0; i < rows; i++) {
        if (v.isNull(i)) {
          sketcher.addNull();
        } else {
          sketcher.addLong(v.get(i));
        }
      }
    } else if (vector instanceof Float8Vector v) {
      for (int i = 0; i < rows; i++) {
        if (v.isNull(i)) {
          sketcher.addNull();
        } else {
          sketcher.addDouble(v.get(i));
        }
      }
    } else if (vector instanceof Float4Vector v) {
      for (int i = 0; i < rows; i++) {
        if (v.isNull(i)) {
          sketcher.addNull();
        } else {
          sketcher.addDouble(v.get(i));
        }
      }
    } else if (vector instanceof VarCharVector v) {
      // Copied into one reused buffer: no array per value.
      byte[] buffer = new byte[64];
      for (int i = 0; i < rows; i++) {
        if (v.isNull(i)) {
          sketcher.addNull();
          continue;
        }
        long start = v.getStartOffset(i);
        int length = (int) (v.getEndOffset(i) - start);
        if (buffer.length < length) {
          buffer = new byte[Math.max(length, buffer.length * 2)];
        }
        v.getDataBuffer().getBytes(start, buffer, 0, length);
        sketcher.addUtf8(buffer, length);
      }
    } else if (sketcher.integral()) {
      for (int i = 0; i < rows; i++) {
        if (vector.isNull(i)) {
          sketcher.addNull();
        } else {
          sketcher.addLong(integral(vector, i));
        }
      }
    } else {
      for (int i = 0; i < rows; i++) {
        sketcher.add(vector.isNull(i) ? null : value(field.type(), vector, i));
      }
    }
    return sketcher.profile();
  }

  private static long integral(FieldVector vector, int i) {
    if (vector instanceof IntVector v) {
      return v.get(i);
    } else if (vector instanceof DateDayVector v) {
      return v.get(i);
    } else if (vector instanceof TimeMicroVector v) {
      return v.get(i);
    }
    throw new IllegalArgumentException(
        "Cannot profile column " + vector.getName() + ": unexpected vector " + vector.getClass());
  }

  /** The value in Iceberg's internal representation, for the types not read unboxed. */
  private static Object value(Type type, FieldVector vector, int i) {
    return switch (type.typeId()) {
      case STRING -> new String(((VarCharVector) vector).get(i), StandardCharsets.UTF_8);
      case BOOLEAN -> ((BitVector) vector).get(i) == 1;
      case BINARY -> ByteBuffer.wrap(((VarBinaryVector) vector).get(i));
      case FIXED -> ByteBuffer.wrap(((FixedSizeBinaryVector) vector).get(i));
      case UUID -> uuid(((FixedSizeBinaryVector) vector).get(i));
      case DECIMAL -> (BigDecimal) ((DecimalVector) vector).getObject(i);
      default -> ColumnProfiler.internal(type, vector.getObject(i));
    };
  }

  private static UUID uuid(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return new UUID(buffer.getLong(), buffer.getLong());
  }

  private static ColumnProfile lists(Types.NestedField field, ListVector vector, int rows) {
    VectorSketcher sketcher = new VectorSketcher(field);
    Float4Vector elements = (Float4Vector) vector.getDataVector();
    float[] buffer = new float[16];
    for (int i = 0; i < rows; i++) {
      if (vector.isNull(i)) {
        sketcher.addNull();
        continue;
      }
      int start = vector.getElementStartIndex(i);
      int length = vector.getElementEndIndex(i) - start;
      if (buffer.length < length) {
        buffer = new float[length];
      }
      boolean anyNull = false;
      for (int j = 0; j < length; j++) {
        boolean isNull = elements.isNull(start + j);
        anyNull |= isNull;
        buffer[j] = isNull ? 0f : elements.get(start + j);
      }
      sketcher.add(buffer, length, anyNull);
    }
    return sketcher.profile();
  }
}
