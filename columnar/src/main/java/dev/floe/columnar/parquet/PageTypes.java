package dev.floe.columnar.parquet;

import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Which Iceberg types the page decoder reads, and whether a file stores a column the way it
 * expects. The first is a cheap check before a file is opened; the second, made per column once the
 * footer is read, is what {@link PageDecoders#decoderFor} answers with null.
 */
public final class PageTypes {
  private PageTypes() {}

  /**
   * Whether a projected top-level column of {@code type} may be decoded: the primitives below, and
   * lists, maps and structs of them.
   */
  public static boolean supports(Type.TypeID type) {
    return switch (type) {
      case LIST, MAP, STRUCT, DECIMAL -> true;
      default -> physical(type) != null;
    };
  }

  // The physical type Iceberg's writer uses for each primitive this decoder reads, else null.
  private static PrimitiveTypeName physical(Type.TypeID type) {
    return switch (type) {
      case BOOLEAN -> PrimitiveTypeName.BOOLEAN;
      case INTEGER, DATE -> PrimitiveTypeName.INT32;
      case LONG, TIMESTAMP, TIME -> PrimitiveTypeName.INT64;
      case FLOAT -> PrimitiveTypeName.FLOAT;
      case DOUBLE -> PrimitiveTypeName.DOUBLE;
      case STRING, BINARY -> PrimitiveTypeName.BINARY;
      case UUID, FIXED -> PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
      default -> null;
    };
  }

  /**
   * A decimal in an int32, an int64 or at most 16 big-endian bytes (Iceberg writes the smallest
   * that holds the precision; other writers may use a wider one), annotated with the column's own
   * precision and scale: values of a file written before a precision widening are left to Iceberg's
   * readers, which promote them.
   */
  private static boolean decimal(PrimitiveType stored, Types.DecimalType type) {
    boolean physical =
        switch (stored.getPrimitiveTypeName()) {
          case INT32, INT64 -> true;
          case FIXED_LEN_BYTE_ARRAY -> stored.getTypeLength() <= 16;
          default -> false;
        };
    return physical
        && stored.getLogicalTypeAnnotation()
            instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation annotation
        && annotation.getPrecision() == type.precision()
        && annotation.getScale() == type.scale();
  }

  /** Whether {@code stored} holds {@code type} as Iceberg's writer does: physical type and unit. */
  static boolean storedAsExpected(PrimitiveType stored, Type type) {
    if (type instanceof Types.DecimalType decimal) {
      return decimal(stored, decimal);
    }
    LogicalTypeAnnotation logical = stored.getLogicalTypeAnnotation();
    // A decimal annotation makes the decoder fill a 16-byte vector: never for another type.
    if (stored.getPrimitiveTypeName() != physical(type.typeId())
        || logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
      return false;
    }
    return switch (type.typeId()) {
      case TIMESTAMP ->
          logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
              && ts.getUnit() == TimeUnit.MICROS;
      case TIME ->
          logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation time
              && time.getUnit() == TimeUnit.MICROS;
      // The vector's width is the type's: a file that stores another length is not read here.
      case UUID -> stored.getTypeLength() == 16;
      case FIXED -> stored.getTypeLength() == ((Types.FixedType) type).length();
      default -> true;
    };
  }
}
