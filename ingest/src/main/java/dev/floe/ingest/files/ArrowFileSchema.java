package dev.floe.ingest.files;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The Iceberg schema of an Arrow IPC file or stream's schema message: nullable fields become
 * optional columns, timestamps with a time zone {@code timestamptz}, unsigned and small integers
 * the Iceberg integer that holds them. Iceberg's {@code ArrowSchemaUtil} converts the other way
 * only.
 */
final class ArrowFileSchema {
  private final Path file;
  private int nextId = 1;

  private ArrowFileSchema(Path file) {
    this.file = file;
  }

  static Schema of(Path file, org.apache.arrow.vector.types.pojo.Schema arrow) {
    ArrowFileSchema converter = new ArrowFileSchema(file);
    return new Schema(converter.fields(arrow.getFields()));
  }

  private List<Types.NestedField> fields(List<Field> fields) {
    List<Types.NestedField> columns = new ArrayList<>();
    for (Field field : fields) {
      int id = nextId++;
      columns.add(Types.NestedField.of(id, field.isNullable(), field.getName(), type(field)));
    }
    return columns;
  }

  private Type type(Field field) {
    ArrowType type = field.getType();
    return switch (type.getTypeID()) {
      case Bool -> Types.BooleanType.get();
      case Int -> {
        ArrowType.Int integer = (ArrowType.Int) type;
        boolean fitsInt =
            integer.getBitWidth() < 32 || (integer.getBitWidth() == 32 && integer.getIsSigned());
        yield fitsInt ? Types.IntegerType.get() : Types.LongType.get();
      }
      case FloatingPoint ->
          ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE
              ? Types.DoubleType.get()
              : Types.FloatType.get();
      case Utf8, LargeUtf8 -> Types.StringType.get();
      case Binary, LargeBinary -> Types.BinaryType.get();
      case FixedSizeBinary ->
          Types.FixedType.ofLength(((ArrowType.FixedSizeBinary) type).getByteWidth());
      case Decimal -> {
        ArrowType.Decimal decimal = (ArrowType.Decimal) type;
        yield Types.DecimalType.of(decimal.getPrecision(), decimal.getScale());
      }
      case Date -> Types.DateType.get();
      case Time -> Types.TimeType.get();
      case Timestamp ->
          ((ArrowType.Timestamp) type).getTimezone() == null
              ? Types.TimestampType.withoutZone()
              : Types.TimestampType.withZone();
      case List, LargeList, FixedSizeList -> {
        Field element = field.getChildren().get(0);
        int id = nextId++;
        Type elementType = type(element);
        yield element.isNullable()
            ? Types.ListType.ofOptional(id, elementType)
            : Types.ListType.ofRequired(id, elementType);
      }
      case Struct -> Types.StructType.of(fields(field.getChildren()));
      case Map -> {
        // A map's one child is a struct of key and value.
        List<Field> entry = field.getChildren().get(0).getChildren();
        int keyId = nextId++;
        int valueId = nextId++;
        Type key = type(entry.get(0));
        Type value = type(entry.get(1));
        yield entry.get(1).isNullable()
            ? Types.MapType.ofOptional(keyId, valueId, key, value)
            : Types.MapType.ofRequired(keyId, valueId, key, value);
      }
      default ->
          throw new BadInputException(
              file,
              String.format(
                  "column %s has Arrow type %s, which has no Iceberg type", field.getName(), type));
    };
  }
}
