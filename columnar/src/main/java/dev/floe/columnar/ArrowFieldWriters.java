package dev.floe.columnar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;

/**
 * Builds the {@link ArrowFieldWriter} tree of a schema, walking the Iceberg type, the Parquet type
 * ({@code ParquetSchemaUtil.convert}) and the Arrow layout ({@link ArrowLayout#of}) together, so
 * every type is checked and its writer chosen here, once, not per value.
 */
final class ArrowFieldWriters {
  private final Schema schema;
  private final MessageType message;

  private ArrowFieldWriters(Schema schema, MessageType message) {
    this.schema = schema;
    this.message = message;
  }

  /** The writers of the top-level columns, in schema order. */
  static List<ArrowFieldWriter> of(
      Schema schema, MessageType message, org.apache.arrow.vector.types.pojo.Schema arrow) {
    ArrowFieldWriters builder = new ArrowFieldWriters(schema, message);
    List<ArrowFieldWriter> columns = new ArrayList<>();
    List<Types.NestedField> fields = schema.columns();
    for (int k = 0; k < fields.size(); k++) {
      columns.add(
          builder.field(fields.get(k), arrow.getFields().get(k), new String[0], false, 0, 0));
    }
    return columns;
  }

  private ArrowFieldWriter field(
      Types.NestedField field,
      Field arrow,
      String[] parent,
      boolean repeated,
      int repetitionLevel,
      int definitionLevel) {
    String[] path = append(parent, parquetName(parent, field.fieldId()));
    int level = definitionLevel + (field.isOptional() ? 1 : 0);
    return type(
        field.type(),
        field.fieldId(),
        field.isOptional(),
        arrow,
        path,
        repeated,
        repetitionLevel,
        level);
  }

  private ArrowFieldWriter type(
      Type type,
      int id,
      boolean optional,
      Field arrow,
      String[] path,
      boolean repeated,
      int repetitionLevel,
      int level) {
    String column = schema.findColumnName(id);
    ArrowType arrowType = arrow.getType();
    return switch (type.typeId()) {
      case STRUCT -> {
        List<ArrowFieldWriter> children = new ArrayList<>();
        List<Types.NestedField> fields = type.asStructType().fields();
        for (int k = 0; k < fields.size(); k++) {
          children.add(
              field(
                  fields.get(k),
                  arrow.getChildren().get(k),
                  path,
                  repeated,
                  repetitionLevel,
                  level));
        }
        yield new ArrowFieldWriter.Struct(column, optional, level, arrowType, children);
      }
      case LIST -> {
        String[] entries = append(path, child(path, 0));
        Types.NestedField element = type.asListType().fields().get(0);
        ArrowFieldWriter elements =
            field(
                element, arrow.getChildren().get(0), entries, true, repetitionLevel + 1, level + 1);
        yield new ArrowFieldWriter.Repeated(
            column,
            optional,
            level,
            repetitionLevel + 1,
            arrowType,
            ListVector.class,
            List.of(elements));
      }
      case MAP -> {
        String[] entries = append(path, child(path, 0));
        List<Field> keyValue = arrow.getChildren().get(0).getChildren();
        List<Types.NestedField> fields = type.asMapType().fields();
        List<ArrowFieldWriter> children = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
          children.add(
              field(fields.get(k), keyValue.get(k), entries, true, repetitionLevel + 1, level + 1));
        }
        yield new ArrowFieldWriter.Repeated(
            column, optional, level, repetitionLevel + 1, arrowType, MapVector.class, children);
      }
      default -> primitive(type, id, optional, arrowType, path, repeated, column);
    };
  }

  private ArrowFieldWriter primitive(
      Type type,
      int id,
      boolean optional,
      ArrowType arrow,
      String[] path,
      boolean repeated,
      String column) {
    ColumnDescriptor leaf = message.getColumnDescription(path);
    return switch (type.typeId()) {
      case BOOLEAN -> new ArrowLeafWriter.Booleans(column, optional, leaf, arrow);
      case INTEGER -> new ArrowLeafWriter.Ints(column, optional, leaf, arrow, IntVector.class);
      case DATE -> new ArrowLeafWriter.Ints(column, optional, leaf, arrow, DateDayVector.class);
      case LONG -> new ArrowLeafWriter.Longs(column, optional, leaf, arrow, BigIntVector.class);
      case TIME -> new ArrowLeafWriter.Longs(column, optional, leaf, arrow, TimeMicroVector.class);
      case TIMESTAMP ->
          new ArrowLeafWriter.Longs(
              column,
              optional,
              leaf,
              arrow,
              ((Types.TimestampType) type).shouldAdjustToUTC()
                  ? TimeStampMicroTZVector.class
                  : TimeStampMicroVector.class);
      case FLOAT ->
          new ArrowLeafWriter.Floats(
              column, optional, leaf, arrow, Float4Vector.class, id, !repeated);
      case DOUBLE ->
          new ArrowLeafWriter.Doubles(
              column, optional, leaf, arrow, Float8Vector.class, id, !repeated);
      case STRING ->
          new ArrowLeafWriter.Variable(column, optional, leaf, arrow, VarCharVector.class);
      case BINARY ->
          new ArrowLeafWriter.Variable(column, optional, leaf, arrow, VarBinaryVector.class);
      case UUID ->
          new ArrowLeafWriter.Fixed(column, optional, leaf, arrow, FixedSizeBinaryVector.class, 16);
      case FIXED ->
          new ArrowLeafWriter.Fixed(
              column,
              optional,
              leaf,
              arrow,
              FixedSizeBinaryVector.class,
              ((Types.FixedType) type).length());
      case DECIMAL -> new ArrowDecimalWriter(column, optional, leaf, (ArrowType.Decimal) arrow);
      default ->
          throw new UnsupportedOperationException(
              String.format(
                  "Cannot write column %s as Parquet columns: type %s is not supported yet",
                  column, type));
    };
  }

  // Parquet names may differ from Iceberg's (made Avro-safe), so they are read from the type.
  private String parquetName(String[] parent, int fieldId) {
    GroupType group = parent.length == 0 ? message : message.getType(parent).asGroupType();
    for (org.apache.parquet.schema.Type field : group.getFields()) {
      if (field.getId() != null && field.getId().intValue() == fieldId) {
        return field.getName();
      }
    }
    throw new IllegalStateException("No Parquet field with id " + fieldId + " under " + group);
  }

  private String child(String[] path, int index) {
    return message.getType(path).asGroupType().getType(index).getName();
  }

  private static String[] append(String[] path, String name) {
    String[] longer = Arrays.copyOf(path, path.length + 1);
    longer[path.length] = name;
    return longer;
  }
}
