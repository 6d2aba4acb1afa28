package dev.floe.ingest;

import dev.floe.catalog.exceptions.SchemaEvolutionException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Turns {@code Map<String, Object>} rows into records of the table schema: keys are column names,
 * values are converted to the column type where that loses nothing (numbers, ISO-8601 text for
 * dates and times, text for numbers), nested maps become structs. Anything else fails naming the
 * row and column.
 */
final class MapRows {
  private final String batch;
  private final Timestamps.EpochUnit epochUnit;
  private int row;

  private MapRows(String batch, Timestamps.EpochUnit epochUnit) {
    this.batch = batch;
    this.epochUnit = epochUnit;
  }

  /**
   * Converts row {@code index} of {@code batch} (as described) into a record of {@code schema},
   * reading epoch numbers for timestamp columns in {@code epochUnit}.
   */
  static Record convert(
      Schema schema,
      Map<String, Object> values,
      int index,
      String batch,
      Timestamps.EpochUnit epochUnit) {
    MapRows rows = new MapRows(batch, epochUnit);
    rows.row = index;
    return rows.struct(null, schema.asStruct(), values);
  }

  private Record struct(String parent, Types.StructType type, Map<?, ?> values) {
    for (Object key : values.keySet()) {
      if (!(key instanceof String name) || type.field(name) == null) {
        throw fail(path(parent, String.valueOf(key)), "is not a column of the table");
      }
    }
    GenericRecord record = GenericRecord.create(type);
    for (Types.NestedField field : type.fields()) {
      Object value = field(parent, field, values.get(field.name()));
      if (value != null) {
        record.setField(field.name(), value);
      }
    }
    return record;
  }

  /**
   * Converts the value of top-level column {@code field} in row {@code index} as {@link #convert}
   * does within the row: the same rules and messages, one column at a time.
   */
  static Object convertField(
      Types.NestedField field,
      Object value,
      int index,
      String batch,
      Timestamps.EpochUnit epochUnit) {
    MapRows rows = new MapRows(batch, epochUnit);
    rows.row = index;
    return rows.field(null, field, value);
  }

  private Object field(String parent, Types.NestedField field, Object sent) {
    String path = path(parent, field.name());
    Object value = sent;
    if (value instanceof CharSequence text && text.isEmpty() && !textual(field.type())) {
      value = null; // "" can only mean "no value" in a number, date or nested column
    }
    if (value == null) {
      if (field.isRequired()) {
        throw fail(path, "is null or missing but the column is required");
      }
      return null;
    }
    return value(path, field.type(), value);
  }

  private Object value(String path, Type type, Object value) {
    try {
      return switch (type.typeId()) {
        case STRUCT -> struct(path, type.asStructType(), (Map<?, ?>) value);
        case LIST -> list(path, type.asListType(), (List<?>) value);
        case MAP -> map(path, type.asMapType(), (Map<?, ?>) value);
        case BOOLEAN -> value instanceof String s ? parseBoolean(s) : (Boolean) value;
        case INTEGER -> (int) integral(path, type, value);
        case LONG -> integral(path, type, value);
        case FLOAT -> floating(path, type, value, true);
        case DOUBLE -> floating(path, type, value, false);
        case DECIMAL ->
            new BigDecimal(value.toString().trim())
                .setScale(((Types.DecimalType) type).scale(), java.math.RoundingMode.UNNECESSARY);
        case STRING -> value instanceof CharSequence s ? s.toString() : scalarText(value);
        case DATE -> value instanceof LocalDate d ? d : LocalDate.parse((String) value);
        case TIME -> value instanceof LocalTime t ? t : LocalTime.parse((String) value);
        case TIMESTAMP -> inRange(path, type, timestamp(path, (Types.TimestampType) type, value));
        case UUID -> value instanceof UUID u ? u : UUID.fromString((String) value);
        case BINARY -> value instanceof byte[] b ? ByteBuffer.wrap(b) : (ByteBuffer) value;
        case FIXED -> fixed((Types.FixedType) type, value);
        default -> throw fail(path, "has type " + type + ", which map rows do not support");
      };
    } catch (SchemaEvolutionException e) {
      throw e;
    } catch (RuntimeException e) {
      throw fail(
          path,
          String.format("cannot convert %s (%s) to %s", value, value.getClass().getName(), type));
    }
  }

  private List<Object> list(String path, Types.ListType type, List<?> values) {
    List<Object> out = new ArrayList<>(values.size());
    for (Object element : values) {
      if (element == null && type.isElementRequired()) {
        throw fail(path, "has a null element but its elements are required");
      }
      out.add(element == null ? null : value(path + ".element", type.elementType(), element));
    }
    return out;
  }

  private Map<Object, Object> map(String path, Types.MapType type, Map<?, ?> values) {
    Map<Object, Object> out = new LinkedHashMap<>();
    values.forEach(
        (k, v) ->
            out.put(
                value(path + ".key", type.keyType(), k),
                v == null ? null : value(path + ".value", type.valueType(), v)));
    return out;
  }

  private Object timestamp(String path, Types.TimestampType type, Object value) {
    try {
      return Timestamps.of(type, value, epochUnit);
    } catch (Timestamps.Refused e) {
      throw fail(path, e.getMessage());
    }
  }

  /** Whether an empty text is a value of {@code type}, not the absence of one. */
  private static boolean textual(Type type) {
    return type.typeId() == Type.TypeID.STRING;
  }

  /** Iceberg's generic writers take fixed values as {@code byte[]} of exactly the length. */
  private static byte[] fixed(Types.FixedType type, Object value) {
    byte[] bytes =
        value instanceof ByteBuffer b
            ? org.apache.iceberg.util.ByteBuffers.toByteArray(b)
            : (byte[]) value;
    Preconditions.checkArgument(bytes.length == type.length(), "length %s", bytes.length);
    return bytes;
  }

  private long integral(String path, Type type, Object value) {
    BigDecimal exact;
    if (value instanceof String s) {
      exact = new BigDecimal(s.trim());
    } else if (value instanceof Long || value instanceof Integer) {
      return ((Number) value).longValue();
    } else if (value instanceof BigInteger big) {
      exact = new BigDecimal(big);
    } else {
      exact = new BigDecimal(((Number) value).toString()); // 3.0 is fine, 3.5 is not
    }
    long min = type.typeId() == Type.TypeID.INTEGER ? Integer.MIN_VALUE : Long.MIN_VALUE;
    long max = type.typeId() == Type.TypeID.INTEGER ? Integer.MAX_VALUE : Long.MAX_VALUE;
    if (exact.compareTo(BigDecimal.valueOf(min)) < 0
        || exact.compareTo(BigDecimal.valueOf(max)) > 0) {
      // Narrowing would wrap (18446744073709551717 would become 101): refuse, never change it.
      throw fail(
          path, String.format("value %s is out of range for %s (%d to %d)", value, type, min, max));
    }
    return exact.longValueExact();
  }

  /**
   * A float or double of {@code value}, refusing a finite number that the column cannot hold: one
   * beyond its range would become Infinity and a non-zero one below it 0. An infinity or NaN that
   * is one already (a Java double, the text "Infinity") stays as it is.
   */
  private Object floating(String path, Type type, Object value, boolean single) {
    BigDecimal exact =
        value instanceof String s
            ? decimalOrNull(s.trim())
            : value instanceof BigDecimal d
                ? d
                : value instanceof BigInteger i ? new BigDecimal(i) : null;
    double parsed =
        exact != null
            ? exact.doubleValue()
            : value instanceof String s ? Double.parseDouble(s) : ((Number) value).doubleValue();
    boolean finite = exact != null || Double.isFinite(parsed);
    boolean zero = exact != null ? exact.signum() == 0 : parsed == 0;
    boolean negativeZero = zero && value instanceof String s && s.trim().startsWith("-");
    // BigDecimal has no negative zero: "-0.0" keeps the sign its text has.
    double stored = negativeZero ? -0.0 : single ? (float) parsed : parsed;
    if (finite && (Double.isInfinite(stored) || (stored == 0 && !zero))) {
      throw fail(
          path,
          String.format(
              "value %s is out of range for %s (it would be stored as %s)",
              value, type, single ? Float.toString((float) stored) : Double.toString(stored)));
    }
    return single ? (Object) (float) stored : (Object) stored;
  }

  private static BigDecimal decimalOrNull(String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null; // NaN, Infinity, hex: Double.parseDouble decides
    }
  }

  private Object inRange(String path, Type type, Object value) {
    if (!TimestampRange.holds(value)) {
      throw fail(
          path,
          String.format("value %s is out of range for %s (%s)", value, type, TimestampRange.RULE));
    }
    return value;
  }

  /** Only true or false, in any case: "yes" or "1" is refused, not read as false. */
  private static Boolean parseBoolean(String text) {
    Preconditions.checkArgument(
        text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"),
        "Invalid boolean: %s",
        text);
    return Boolean.parseBoolean(text);
  }

  private static String scalarText(Object value) {
    Preconditions.checkArgument(
        value instanceof Number || value instanceof Boolean, "Invalid scalar: %s", value);
    return value.toString();
  }

  private SchemaEvolutionException fail(String path, String what) {
    return new SchemaEvolutionException(
        "Cannot append %s: row %s column '%s' %s", batch, row, path, what);
  }

  private static String path(String parent, String name) {
    return parent == null ? name : parent + "." + name;
  }
}
