package dev.floe.ingest;

import dev.floe.columnar.ArrowLayout;
import dev.floe.columnar.RowAppender;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Puts rows of plain values (text, or JSON's numbers, booleans, arrays and objects) read from an
 * input file straight into Arrow vectors in a table's layout ({@link ArrowLayout#of}), converting
 * each value exactly as {@link Batch#ofRows map rows} are converted and checked ({@link MapRows},
 * then the writer's record checks), so that the writer then copies the columns buffer by buffer
 * instead of converting row maps.
 *
 * <p>It gives a batch only when the map-row path could not have said anything else about it: every
 * name is a column of a type map rows convert (any but nanosecond timestamps and the types Iceberg
 * 1.11 added since: variant, geometry, ...), every required column is named, and every value
 * converts and passes the checks. Otherwise it gives null, and the caller sends the same rows as
 * map rows, whose errors and dead letters name the bad value as they always have. Costs one
 * conversion per value, on the caller's thread.
 */
public final class ArrowInput {
  private final Schema schema;
  private final Timestamps.EpochUnit
      epochUnit; // null: the table's unit is invalid; map rows say so

  private ArrowInput(Schema schema, Timestamps.EpochUnit epochUnit) {
    this.schema = schema;
    this.epochUnit = epochUnit;
  }

  /** For a table of {@code schema} whose properties are {@code properties} (its epoch unit). */
  public static ArrowInput forTable(Schema schema, Map<String, String> properties) {
    Objects.requireNonNull(schema, "schema");
    Timestamps.EpochUnit unit;
    try {
      unit = Timestamps.EpochUnit.of(properties, "");
    } catch (IllegalArgumentException e) {
      unit = null;
    }
    return new ArrowInput(schema, unit);
  }

  /**
   * The rows as batch {@code sequence} of Arrow vectors from {@code allocator}, the {@code names}
   * columns in the table's layout, {@code rows} holding one value per name; null when the rows must
   * go as map rows (see the class comment). The caller owns the batch's buffers: frees them with
   * {@link #release} once the batch is appended (or not).
   */
  public Batch batch(
      long sequence, List<String> names, List<Object[]> rows, BufferAllocator allocator) {
    List<Types.NestedField> fields = fields(names);
    if (fields == null || rows.isEmpty()) {
      return null;
    }
    Schema columns = new Schema(fields);
    // Flat columns come out of MapRows as the writer takes them; others (decimal precision, null
    // map values in required positions) get the writer's record checks too.
    RowConverter checks =
        fields.stream().allMatch(f -> flat(f.type()))
            ? null
            : new RowConverter(columns, columns, "text input");
    VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(columns), allocator);
    try {
      root.allocateNew();
      RowAppender appender = RowAppender.into(root, columns);
      GenericRecord record = GenericRecord.create(columns);
      PlainText.Conversion[] conversions = new PlainText.Conversion[fields.size()];
      for (int c = 0; c < conversions.length; c++) {
        conversions[c] = PlainText.of(fields.get(c), epochUnit);
      }
      for (int row = 0; row < rows.size(); row++) {
        Object[] values = rows.get(row);
        for (int c = 0; c < values.length; c++) {
          record.set(c, conversions[c].convert(values[c], row));
        }
        appender.append(checks == null ? record : checks.convert(record, row));
      }
      appender.finish();
      return Batch.ofRows(sequence, ArrowRows.converted(root, columns, epochUnit));
    } catch (RuntimeException e) {
      // A value the map-row path refuses (or turns into a dead letter): it says why, not this.
      root.close();
      return null;
    }
  }

  /** Closes the Arrow root of a batch made by {@link Batch#ofArrow}; nothing for other batches. */
  public static void release(Batch batch) {
    if (batch != null && batch.rows() instanceof ArrowRows.View view) {
      view.rootUnchecked().close();
    }
  }

  private List<Types.NestedField> fields(List<String> names) {
    if (epochUnit == null) {
      return null;
    }
    List<Types.NestedField> fields = new ArrayList<>(names.size());
    Set<String> named = new HashSet<>();
    for (String name : names) {
      Types.NestedField field = schema.asStruct().field(name);
      if (field == null || !named.add(name) || !converts(field.type())) {
        return null;
      }
      fields.add(field);
    }
    for (Types.NestedField field : schema.columns()) {
      if (field.isRequired() && !named.contains(field.name())) {
        return null;
      }
    }
    return fields;
  }

  /** Whether map rows convert values of {@code type}, nested ones included. */
  private static boolean converts(Type type) {
    return switch (type.typeId()) {
      case BOOLEAN, INTEGER, LONG, FLOAT, DOUBLE, DECIMAL, DATE, TIME, TIMESTAMP, STRING -> true;
      case UUID, BINARY, FIXED -> true;
      case LIST -> converts(type.asListType().elementType());
      case MAP -> converts(type.asMapType().keyType()) && converts(type.asMapType().valueType());
      case STRUCT -> type.asStructType().fields().stream().allMatch(f -> converts(f.type()));
      default -> false;
    };
  }

  // What MapRows gives as the writer's records hold it, with nothing left for its checks.
  private static boolean flat(Type type) {
    return switch (type.typeId()) {
      case BOOLEAN, INTEGER, LONG, FLOAT, DOUBLE, DATE, TIMESTAMP, STRING -> true;
      default -> false;
    };
  }
}
