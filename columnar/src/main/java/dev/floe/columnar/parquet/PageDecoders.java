package dev.floe.columnar.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * The page decoder's entry point: opens a Parquet file through the table's FileIO, then finds each
 * projected Iceberg column in it by field ids and picks its decoder: a top-level primitive ({@link
 * PageColumn}), a list or map of primitives in Iceberg's three-level layouts ({@link ListColumn}),
 * or a struct of primitives ({@link StructColumn}).
 */
public final class PageDecoders {
  private final MessageType file;
  private final Map<Integer, ColumnDescriptor> leaves = new HashMap<>(); // by field id

  private PageDecoders(MessageType file) {
    this.file = file;
    for (ColumnDescriptor column : file.getColumns()) {
      PrimitiveType leaf = column.getPrimitiveType();
      if (leaf.getId() != null) {
        leaves.putIfAbsent(leaf.getId().intValue(), column);
      }
    }
  }

  /**
   * Opens {@code file}'s footer, to read the row groups whose middle lies in {@code [start, start +
   * length)}, as Iceberg splits files. The caller closes the reader.
   */
  public static ParquetFileReader open(InputFile file, long start, long length) {
    return open(file, start, length, null);
  }

  /**
   * As {@link #open(InputFile, long, long)}, decompressing pages with {@code codecs} (null: a codec
   * factory of the reader's own), which the reader leaves open.
   */
  public static ParquetFileReader open(InputFile file, long start, long length, PageCodecs codecs) {
    // A plain configuration: the default one parses Hadoop's XML defaults, 1.6 ms per file.
    ParquetReadOptions.Builder builder =
        ParquetReadOptions.builder(new PlainParquetConfiguration())
            .withRange(start, start + length);
    if (codecs != null) {
      builder.withCodecFactory(codecs.factory());
    }
    ParquetReadOptions options = builder.build();
    try {
      return ParquetFileReader.open(new ParquetInput(file), options);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open data file " + file.location(), e);
    }
  }

  /**
   * The decoders of {@code schema}'s columns in the file {@code reader} has open, in schema order,
   * with the reader asked for those columns only; null (the reader unchanged) when one column is
   * stored otherwise than the decoder expects.
   */
  public static List<PageDecoder> request(ParquetFileReader reader, Schema schema) {
    MessageType stored = reader.getFileMetaData().getSchema();
    PageDecoders decoders = forFile(stored);
    List<PageDecoder> columns = new ArrayList<>();
    List<org.apache.parquet.schema.Type> requested = new ArrayList<>();
    for (Types.NestedField field : schema.columns()) {
      PageDecoder column = decoders.decoderFor(field);
      if (column == null) {
        return null;
      }
      columns.add(column);
      requested.add(stored.getType(column.descriptor().getPath()[0]));
    }
    reader.setRequestedSchema(new MessageType(stored.getName(), requested));
    return columns;
  }

  /** Indexes {@code file}'s leaf columns once: a wide table asks for many. */
  public static PageDecoders forFile(MessageType file) {
    return new PageDecoders(file);
  }

  /**
   * The decoder of {@code field} in this file; null when the file stores it otherwise (a promoted
   * type, a column added later, another nesting): the caller then takes another path.
   */
  public PageDecoder decoderFor(Types.NestedField field) {
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
      return PageTypes.storedAsExpected(column.getPrimitiveType(), type)
          ? new PageColumn(column, field.name())
          : null;
    }
    Type element = type.isListType() ? type.asListType().elementType() : null;
    org.apache.parquet.schema.Type top = file.getType(column.getPath()[0]);
    boolean list =
        element != null
            && element.isPrimitiveType()
            && PageTypes.storedAsExpected(column.getPrimitiveType(), element)
            && column.getMaxRepetitionLevel() == 1
            && hasId(top, field.fieldId())
            && top.getLogicalTypeAnnotation()
                instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation;
    return list
        ? ListColumn.list(column, field.name(), file.getMaxDefinitionLevel(column.getPath()[0]))
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
            && PageTypes.storedAsExpected(key.getPrimitiveType(), type.keyType())
            && PageTypes.storedAsExpected(value.getPrimitiveType(), type.valueType())
            && key.getMaxRepetitionLevel() == 1
            && value.getMaxRepetitionLevel() == 1
            && key.getPath()[0].equals(value.getPath()[0])
            && hasId(file.getType(key.getPath()[0]), field.fieldId())
            && file.getType(key.getPath()[0]).getLogicalTypeAnnotation()
                instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation;
    return stored
        ? ListColumn.map(key, value, field.name(), file.getMaxDefinitionLevel(key.getPath()[0]))
        : null;
  }

  private PageDecoder struct(Types.NestedField field) {
    List<PageColumn> fields = new ArrayList<>();
    for (Types.NestedField child : field.type().asStructType().fields()) {
      ColumnDescriptor column = leaf(child.fieldId(), 2);
      if (column == null
          || !child.type().isPrimitiveType()
          || !PageTypes.storedAsExpected(column.getPrimitiveType(), child.type())
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
}
