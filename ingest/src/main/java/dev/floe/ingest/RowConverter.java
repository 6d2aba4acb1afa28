package dev.floe.ingest;

import dev.floe.catalog.exceptions.SchemaEvolutionException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Copies batch records into records of the table schema, matching columns by name, and checks every
 * value on the way: a null in a required column or a Java value of the wrong type fails the batch
 * naming the row and column. Not thread-safe: one converter per append.
 */
final class RowConverter {
  private final String batch;
  private final Types.StructType batchStruct;
  private final Struct root;
  private Types.StructType lastChecked;
  private int row;

  RowConverter(Schema tableSchema, Schema batchSchema, String batch) {
    this.batch = batch;
    this.batchStruct = batchSchema.asStruct();
    this.root = new Struct(null, tableSchema.asStruct(), batchStruct);
  }

  Record convert(Record record, int rowIndex) {
    this.row = rowIndex;
    Types.StructType struct = record.struct();
    if (struct != lastChecked && struct != batchStruct) {
      if (!struct.equals(batchStruct)) {
        throw new SchemaEvolutionException(
            "Cannot append %s: row %s has schema %s, not the batch schema %s",
            batch, row, struct, batchStruct);
      }
      lastChecked = struct;
    }
    return (Record) root.convert(record);
  }

  private interface Converter {
    Object convert(Object value);
  }

  private Converter converter(String path, Type tableType, Type batchType) {
    return switch (tableType.typeId()) {
      case STRUCT -> new Struct(path, tableType.asStructType(), batchType.asStructType());
      case LIST -> new ListOf(path, tableType.asListType(), batchType.asListType());
      case MAP -> new MapOf(path, tableType.asMapType(), batchType.asMapType());
      default -> new Primitive(path, tableType.asPrimitiveType());
    };
  }

  private Object checked(String path, Types.NestedField column, Converter converter, Object value) {
    if (value == null) {
      if (column.isRequired()) {
        throw new SchemaEvolutionException(
            "Cannot append %s: row %s column '%s' is null but the column is required",
            batch, row, path);
      }
      return null;
    }
    return converter.convert(value);
  }

  private static String path(String parent, String name) {
    return parent == null ? name : parent + "." + name;
  }

  private final class Struct implements Converter {
    private final String path;
    private final GenericRecord template;
    private final Types.NestedField[] columns;
    private final String[] paths;
    private final int[] positions;
    private final Converter[] converters;

    Struct(String path, Types.StructType table, Types.StructType batchType) {
      this.path = path;
      this.template = GenericRecord.create(table);
      List<Types.NestedField> fields = table.fields();
      this.columns = fields.toArray(new Types.NestedField[0]);
      this.paths = new String[columns.length];
      this.positions = new int[columns.length];
      this.converters = new Converter[columns.length];
      List<Types.NestedField> batchFields = batchType.fields();
      for (int i = 0; i < columns.length; i++) {
        paths[i] = path(path, columns[i].name());
        positions[i] = -1;
        for (int j = 0; j < batchFields.size(); j++) {
          if (batchFields.get(j).name().equals(columns[i].name())) {
            positions[i] = j;
            converters[i] = converter(paths[i], columns[i].type(), batchFields.get(j).type());
          }
        }
      }
    }

    @Override
    public Object convert(Object value) {
      if (!(value instanceof StructLike source)) {
        throw wrongType(path, value, "a struct");
      }
      GenericRecord target = template.copy();
      for (int i = 0; i < columns.length; i++) {
        Object field = positions[i] < 0 ? null : source.get(positions[i], Object.class);
        target.set(i, checked(paths[i], columns[i], converters[i], field));
      }
      return target;
    }
  }

  private final class ListOf implements Converter {
    private final String path;
    private final Types.NestedField element;
    private final Converter elements;

    ListOf(String path, Types.ListType table, Types.ListType batchType) {
      this.path = path;
      this.element = table.fields().get(0);
      this.elements = converter(path + ".element", element.type(), batchType.elementType());
    }

    @Override
    public Object convert(Object value) {
      if (!(value instanceof Collection<?> source)) {
        throw wrongType(path, value, "a java.util.List");
      }
      List<Object> target = new ArrayList<>(source.size());
      for (Object item : source) {
        target.add(checked(path + ".element", element, elements, item));
      }
      return target;
    }
  }

  private final class MapOf implements Converter {
    private final String path;
    private final Types.NestedField key;
    private final Types.NestedField value;
    private final Converter keys;
    private final Converter values;

    MapOf(String path, Types.MapType table, Types.MapType batchType) {
      this.path = path;
      this.key = table.fields().get(0);
      this.value = table.fields().get(1);
      this.keys = converter(path + ".key", key.type(), batchType.keyType());
      this.values = converter(path + ".value", value.type(), batchType.valueType());
    }

    @Override
    public Object convert(Object object) {
      if (!(object instanceof Map<?, ?> source)) {
        throw wrongType(path, object, "a java.util.Map");
      }
      Map<Object, Object> target = new LinkedHashMap<>(Math.max(4, source.size() * 2));
      for (Map.Entry<?, ?> entry : source.entrySet()) {
        target.put(
            checked(path + ".key", key, keys, entry.getKey()),
            checked(path + ".value", value, values, entry.getValue()));
      }
      return target;
    }
  }

  private final class Primitive implements Converter {
    private final String path;
    private final Type.PrimitiveType type;
    private final Class<?> javaClass;

    Primitive(String path, Type.PrimitiveType type) {
      this.path = path;
      this.type = type;
      this.javaClass = javaClass(type);
    }

    @Override
    public Object convert(Object value) {
      if (javaClass != null && !javaClass.isInstance(value)) {
        throw wrongType(path, value, javaClass.getName() + " for type " + type);
      }
      if (type instanceof Types.DecimalType decimal) {
        BigDecimal number = (BigDecimal) value;
        if (number.scale() != decimal.scale() || number.precision() > decimal.precision()) {
          throw new SchemaEvolutionException(
              "Cannot append %s: row %s column '%s' value %s does not fit %s",
              batch, row, path, number.toPlainString(), decimal);
        }
      }
      if (!TimestampRange.holds(value)) {
        throw new SchemaEvolutionException(
            "Cannot append %s: row %s column '%s' value %s is out of range for %s",
            batch, row, path, value, type);
      }
      return value;
    }
  }

  /** The Java class Iceberg's generic writers expect; null where Floe does not check. */
  private static Class<?> javaClass(Type.PrimitiveType type) {
    return switch (type.typeId()) {
      case BOOLEAN -> Boolean.class;
      case INTEGER -> Integer.class;
      case LONG -> Long.class;
      case FLOAT -> Float.class;
      case DOUBLE -> Double.class;
      case DATE -> LocalDate.class;
      case TIME -> LocalTime.class;
      case TIMESTAMP ->
          ((Types.TimestampType) type).shouldAdjustToUTC()
              ? OffsetDateTime.class
              : LocalDateTime.class;
      case TIMESTAMP_NANO ->
          ((Types.TimestampNanoType) type).shouldAdjustToUTC()
              ? OffsetDateTime.class
              : LocalDateTime.class;
      case STRING -> CharSequence.class;
      case UUID -> UUID.class;
      case FIXED -> byte[].class;
      case BINARY -> ByteBuffer.class;
      case DECIMAL -> BigDecimal.class;
      default -> null;
    };
  }

  private SchemaEvolutionException wrongType(String path, Object value, String expected) {
    return new SchemaEvolutionException(
        "Cannot append %s: row %s column '%s' has a %s value, expected %s",
        batch, row, path, value.getClass().getName(), expected);
  }
}
