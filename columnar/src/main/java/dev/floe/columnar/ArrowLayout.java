package dev.floe.columnar;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.arrow.ArrowSchemaUtil;

/**
 * The one Arrow layout Floe uses for an Iceberg schema, on the way in and on the way out: Iceberg's
 * own mapping ({@code ArrowSchemaUtil}: long to Int(64), timestamptz to microsecond timestamps in
 * UTC, timestamp to microsecond timestamps without a zone, date to Date(DAY), time to microsecond
 * Time(64), uuid and fixed to FixedSizeBinary, decimal to Decimal(p, s, 128)), with maps made valid
 * for Arrow's {@link MapVector}.
 */
public final class ArrowLayout {
  private ArrowLayout() {}

  /** The Arrow schema whose vectors hold rows of {@code schema}, one per top-level column. */
  public static Schema of(org.apache.iceberg.Schema schema) {
    List<Field> fields = new ArrayList<>();
    ArrowSchemaUtil.convert(schema).getFields().forEach(f -> fields.add(fixMaps(f)));
    return new Schema(fields);
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
}
