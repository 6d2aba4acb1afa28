package dev.floe.timetravel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Finds a projected Iceberg column in a Parquet file by field ids and picks its decoder: a
 * top-level primitive ({@link PageColumn}), a list or map of primitives in Iceberg's three-level
 * layouts ({@link ListColumn}, {@link MapColumn}), or a struct of primitives ({@link
 * StructColumn}). Null when the file stores the column otherwise (a promoted type, a column added
 * later, another nesting): the caller then takes another path.
 */
final class PageDecoders {
  private final MessageType file;
  private final Map<Integer, ColumnDescriptor> leaves = new HashMap<>(); // by field id

  /** Indexes {@code file}'s leaf columns once: a wide table asks for many. */
  PageDecoders(MessageType file) {
    this.file = file;
    for (ColumnDescriptor column : file.getColumns()) {
      PrimitiveType leaf = column.getPrimitiveType();
      if (leaf.getId() != null) {
        leaves.putIfAbsent(leaf.getId().intValue(), column);
      }
    }
  }

  PageDecoder of(Types.NestedField field) {
    Type type = field.type();
    if (type.isStructType()) {
      return struct(field);
    }
    if (type.isMapType()) {
      return map(field);
    }
    int leafId = type.isListType() ? type.asListType().elementId() : field.fieldId();
    ColumnDescriptor column = leaf(leafId, type.isListType() ? 3 : 1);
    if (column == null) {
      return null;
    }
    if (type.isPrimitiveType()) {
      return storedAsExpected(column.getPrimitiveType(), type)
          ? new PageColumn(column, field.name())
          : null;
    }
    Type element = type.isListType() ? type.asListType().elementType() : null;
    org.apache.parquet.schema.Type top = file.getType(column.getPath()[0]);
    boolean list =
        element != null
            && element.isPrimitiveType()
            && storedAsExpected(column.getPrimitiveType(), element)
            && column.getMaxRepetitionLevel() == 1
            && hasId(top, field.fieldId())
            && top.getLogicalTypeAnnotation()
                instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation;
    return list
        ? new ListColumn(column, field.name(), file.getMaxDefinitionLevel(column.getPath()[0]))
        : null;
  }

  // Iceberg's map layout: name.key_value.key and name.key_value.value, repeated once.
  private PageDecoder map(Types.NestedField field) {
    Types.MapType type = field.type().asMapType();
    ColumnDescriptor key = leaf(type.keyId(), 3);
    ColumnDescriptor value = leaf(type.valueId(), 3);
    boolean stored =
        key != null
            && value != null
            && type.keyType().isPrimitiveType()
            && type.valueType().isPrimitiveType()
            && storedAsExpected(key.getPrimitiveType(), type.keyType())
            && storedAsExpected(value.getPrimitiveType(), type.valueType())
            && key.getMaxRepetitionLevel() == 1
            && value.getMaxRepetitionLevel() == 1
            && key.getPath()[0].equals(value.getPath()[0])
            && hasId(file.getType(key.getPath()[0]), field.fieldId())
            && file.getType(key.getPath()[0]).getLogicalTypeAnnotation()
                instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation;
    return stored
        ? new MapColumn(key, value, field.name(), file.getMaxDefinitionLevel(key.getPath()[0]))
        : null;
  }

  private PageDecoder struct(Types.NestedField field) {
    List<PageColumn> fields = new ArrayList<>();
    for (Types.NestedField child : field.type().asStructType().fields()) {
      ColumnDescriptor column = leaf(child.fieldId(), 2);
      if (column == null
          || !child.type().isPrimitiveType()
          || !storedAsExpected(column.getPrimitiveType(), child.type())
          || column.getMaxRepetitionLevel() != 0
          || !hasId(file.getType(column.getPath()[0]), field.fieldId())) {
        return null;
      }
      fields.add(new PageColumn(column, field.name() + "." + child.name()));
    }
    if (fields.isEmpty()) {
      return null;
    }
    String name = fields.get(0).descriptor().getPath()[0];
    return new StructColumn(fields, file.getMaxDefinitionLevel(name));
  }

  // The leaf column with this field id at this depth, or null.
  private ColumnDescriptor leaf(int id, int depth) {
    ColumnDescriptor column = leaves.get(id);
    return column != null && column.getPath().length == depth ? column : null;
  }

  private static boolean hasId(org.apache.parquet.schema.Type type, int id) {
    return type instanceof GroupType && type.getId() != null && type.getId().intValue() == id;
  }

  // The physical type (and unit) Iceberg's writer uses for each type this path reads.
  private static boolean storedAsExpected(PrimitiveType stored, Type type) {
    PrimitiveTypeName physical = stored.getPrimitiveTypeName();
    LogicalTypeAnnotation logical = stored.getLogicalTypeAnnotation();
    return switch (type.typeId()) {
      case BOOLEAN -> physical == PrimitiveTypeName.BOOLEAN;
      case INTEGER, DATE -> physical == PrimitiveTypeName.INT32;
      case LONG -> physical == PrimitiveTypeName.INT64;
      case FLOAT -> physical == PrimitiveTypeName.FLOAT;
      case DOUBLE -> physical == PrimitiveTypeName.DOUBLE;
      case STRING, BINARY -> physical == PrimitiveTypeName.BINARY;
      case TIMESTAMP ->
          physical == PrimitiveTypeName.INT64
              && logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
              && ts.getUnit() == TimeUnit.MICROS;
      case TIME ->
          physical == PrimitiveTypeName.INT64
              && logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation time
              && time.getUnit() == TimeUnit.MICROS;
      default -> false;
    };
  }
}
