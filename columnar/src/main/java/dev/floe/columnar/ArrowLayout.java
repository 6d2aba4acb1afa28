package dev.floe.columnar;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.arrow.ArrowSchemaUtil;
import org.apache.iceberg.relocated.com.google.common.collect.Sets;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Type.TypeID;

/**
 * The one Arrow layout Floe uses for an Iceberg schema, on the way in and on the way out: Iceberg's
 * own mapping ({@code ArrowSchemaUtil}: long to Int(64), timestamptz to microsecond timestamps in
 * UTC, timestamp to microsecond timestamps without a zone, date to Date(DAY), time to microsecond
 * Time(64), uuid and fixed to FixedSizeBinary, decimal to Decimal(p, s, 128)), with maps made valid
 * for Arrow's {@link MapVector}.
 */
public final class ArrowLayout {
  /** The primitive types {@link RowAppender} writes, alone and in lists, maps and structs. */
  private static final Set<TypeID> PRIMITIVES =
      Sets.immutableEnumSet(
          TypeID.BOOLEAN,
          TypeID.INTEGER,
          TypeID.LONG,
          TypeID.FLOAT,
          TypeID.DOUBLE,
          TypeID.DATE,
          TypeID.TIME,
          TypeID.TIMESTAMP,
          TypeID.TIMESTAMP_NANO,
          TypeID.UUID,
          TypeID.STRING,
          TypeID.BINARY,
          TypeID.FIXED,
          TypeID.DECIMAL);

  private ArrowLayout() {}

  /** The Arrow schema whose vectors hold rows of {@code schema}, one per top-level column. */
  public static Schema of(org.apache.iceberg.Schema schema) {
    List<Field> fields = new ArrayList<>();
    ArrowSchemaUtil.convert(schema).getFields().forEach(f -> fields.add(fixMaps(f)));
    return new Schema(fields);
  }

  /**
   * Throws {@link UnsupportedOperationException} naming the column (a dotted path for a nested one)
   * unless {@link RowAppender} can write every column of {@code schema}: before any vector is
   * allocated.
   */
  public static void check(org.apache.iceberg.Schema schema) {
    schema.columns().forEach(column -> check(column.type(), column.name()));
  }

  private static void check(Type type, String column) {
    switch (type.typeId()) {
      case LIST -> check(type.asListType().elementType(), column + ".element");
      case MAP -> {
        check(type.asMapType().keyType(), column + ".key");
        check(type.asMapType().valueType(), column + ".value");
      }
      case STRUCT ->
          type.asStructType().fields().forEach(f -> check(f.type(), column + "." + f.name()));
      default -> {
        if (!PRIMITIVES.contains(type.typeId())) {
          throw unsupported(type, column);
        }
      }
    }
  }

  // Iceberg nests the key and value fields in a second map field, where Arrow wants a non-null
  // entries struct with a non-null key.
  private static Field fixMaps(Field field) {
    List<Field> children = new ArrayList<>();
    if (field.getType() instanceof ArrowType.Map) {
      List<Field> keyValue = field.getChildren().get(0).getChildren();
      Field key = fixMaps(keyValue.get(0));
      Field notNullKey =
          new Field(
              key.getName(),
              new FieldType(false, key.getType(), key.getDictionary(), key.getMetadata()),
              key.getChildren());
      children.add(
          new Field(
              MapVector.DATA_VECTOR_NAME,
              FieldType.notNullable(ArrowType.Struct.INSTANCE),
              List.of(notNullKey, fixMaps(keyValue.get(1)))));
    } else {
      field.getChildren().forEach(child -> children.add(fixMaps(child)));
    }
    return new Field(field.getName(), field.getFieldType(), children);
  }

  static UnsupportedOperationException unsupported(Type type, String column) {
    return new UnsupportedOperationException(
        String.format(
            "Cannot read column %s into Arrow: type %s is not supported yet", column, type));
  }
}
