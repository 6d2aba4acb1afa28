package dev.floe.columnar;

import java.util.EnumSet;
import java.util.Set;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;

/**
 * Which Iceberg types the columnar writers take: the types with an Arrow layout (what callers ask
 * {@link ColumnarFiles#takes} before handing vectors over), and, among those, the ones each
 * format's writer encodes itself; the others go through Iceberg's own writers, slower but never
 * refused.
 */
final class ColumnarTypes {
  private static final Set<Type.TypeID> ENCODED =
      EnumSet.of(
          Type.TypeID.BOOLEAN,
          Type.TypeID.INTEGER,
          Type.TypeID.LONG,
          Type.TypeID.FLOAT,
          Type.TypeID.DOUBLE,
          Type.TypeID.DATE,
          Type.TypeID.TIME,
          Type.TypeID.TIMESTAMP,
          Type.TypeID.DECIMAL,
          Type.TypeID.STRING,
          Type.TypeID.BINARY,
          Type.TypeID.UUID,
          Type.TypeID.FIXED,
          Type.TypeID.STRUCT,
          Type.TypeID.LIST,
          Type.TypeID.MAP);
  // Every type but these has an Arrow layout (ArrowLayout), so writers take vectors of it.
  private static final Set<Type.TypeID> NO_LAYOUT =
      EnumSet.of(
          Type.TypeID.VARIANT, Type.TypeID.GEOMETRY, Type.TypeID.GEOGRAPHY, Type.TypeID.UNKNOWN);

  private ColumnarTypes() {}

  /** Whether every type of {@code schema}, however nested, has an Arrow layout. */
  static boolean haveLayout(Schema schema) {
    return TypeUtil.find(schema, type -> NO_LAYOUT.contains(type.typeId())) == null;
  }

  /**
   * Whether {@code format}'s columnar writer encodes every type of {@code schema} itself: Parquet
   * leaves nanosecond timestamps to Iceberg's writer, and both leave v3's variant and geo types.
   */
  static boolean written(Schema schema, FileFormat format) {
    Set<Type.TypeID> extra =
        format == FileFormat.ORC ? Set.of(Type.TypeID.TIMESTAMP_NANO) : Set.of();
    return TypeUtil.find(
            schema, type -> !ENCODED.contains(type.typeId()) && !extra.contains(type.typeId()))
        == null;
  }
}
