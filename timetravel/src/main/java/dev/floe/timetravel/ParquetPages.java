package dev.floe.timetravel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The fastest path: Floe's own decoder of flat Parquet columns, writing pages straight into the
 * root's vectors (see {@link PageColumn}). Iceberg's ArrowReader decodes into vectors of its own
 * allocator, which Floe must then copy, and hands out dictionary ids Floe must then decode.
 *
 * <p>Used where it gives exactly the row path's values: the conditions of {@link
 * FileBatches#vectorizableIfWritten}, no encryption, and every projected column a top-level Parquet
 * column or a list of fixed-width values (embeddings), found by field id, whose physical type is
 * the one Iceberg writes for its type (a promoted column is left to the other paths). Row groups
 * are chosen by the task's byte range, as Iceberg does.
 */
final class ParquetPages implements FileBatches {
  private static final Set<Type.TypeID> TYPES =
      Set.of(
          Type.TypeID.BOOLEAN,
          Type.TypeID.INTEGER,
          Type.TypeID.LONG,
          Type.TypeID.FLOAT,
          Type.TypeID.DOUBLE,
          Type.TypeID.DATE,
          Type.TypeID.TIME,
          Type.TypeID.TIMESTAMP,
          Type.TypeID.STRING,
          Type.TypeID.BINARY,
          Type.TypeID.LIST);

  private final ParquetFileReader reader;
  private final List<PageDecoder> columns;
  private final List<Type> types;
  private final int batchSize;
  private long groupLeft;
  private boolean exhausted;

  private ParquetPages(
      ParquetFileReader reader, List<PageDecoder> columns, List<Type> types, int batchSize) {
    this.reader = reader;
    this.columns = columns;
    this.types = types;
    this.batchSize = batchSize;
  }

  static boolean supports(FileScanTask task, Schema projection) {
    return task.file().keyMetadata() == null
        && FileBatches.vectorizableIfWritten(task, projection, FileFormat.PARQUET, TYPES);
  }

  /**
   * Opens the file's footer; returns null, having closed it, when a projected column is not stored
   * as this path expects (the caller then takes another path). Reads no data yet.
   */
  static ParquetPages open(FileIO io, FileScanTask task, Schema projection, int batchSize) {
    // A plain configuration: the default one parses Hadoop's XML defaults, 1.6 ms per file.
    ParquetReadOptions options =
        ParquetReadOptions.builder(new PlainParquetConfiguration())
            .withRange(task.start(), task.start() + task.length())
            .build();
    ParquetFileReader reader;
    try {
      reader = ParquetFileReader.open(new ParquetInput(io.newInputFile(task.file())), options);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open data file " + task.file().location(), e);
    }
    try {
      MessageType file = reader.getFileMetaData().getSchema();
      List<PageDecoder> columns = new ArrayList<>();
      List<org.apache.parquet.schema.Type> requested = new ArrayList<>();
      for (Types.NestedField field : projection.columns()) {
        PageDecoder column = decoder(file, field);
        if (column == null) {
          reader.close();
          return null;
        }
        columns.add(column);
        requested.add(file.getType(column.descriptor().getPath()[0]));
      }
      reader.setRequestedSchema(new MessageType(file.getName(), requested));
      List<Type> types = projection.columns().stream().map(Types.NestedField::type).toList();
      return new ParquetPages(reader, columns, types, batchSize);
    } catch (IOException | RuntimeException e) {
      try {
        reader.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof IOException io2) {
        throw new UncheckedIOException("Cannot read data file " + task.file().location(), io2);
      }
      throw (RuntimeException) e;
    }
  }

  /**
   * The decoder of {@code field}: a top-level primitive column, or a list of fixed-width values in
   * Iceberg's three-level layout ({@code name.list.element}), found by field ids; null otherwise.
   */
  private static PageDecoder decoder(MessageType file, Types.NestedField field) {
    Type type = field.type();
    int leafId = type.isListType() ? type.asListType().elementId() : field.fieldId();
    Type leafType = type.isListType() ? type.asListType().elementType() : type;
    for (ColumnDescriptor column : file.getColumns()) {
      PrimitiveType leaf = column.getPrimitiveType();
      String[] path = column.getPath();
      if (leaf.getId() == null
          || leaf.getId().intValue() != leafId
          || !storedAsExpected(leaf, leafType)) {
        continue;
      }
      if (!type.isListType() && path.length == 1) {
        return new PageColumn(column, field.name());
      }
      boolean fixedWidth = leafType.typeId() != Type.TypeID.BOOLEAN && !binary(leafType);
      org.apache.parquet.schema.Type top = file.getType(path[0]);
      if (type.isListType()
          && fixedWidth
          && path.length == 3
          && column.getMaxRepetitionLevel() == 1
          && top.getId() != null
          && top.getId().intValue() == field.fieldId()
          && top.getLogicalTypeAnnotation()
              instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
        return new ListColumn(column, field.name(), file.getMaxDefinitionLevel(path[0]));
      }
    }
    return null;
  }

  private static boolean binary(Type type) {
    return type.typeId() == Type.TypeID.STRING || type.typeId() == Type.TypeID.BINARY;
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

  @Override
  public boolean hasNext() {
    while (groupLeft == 0 && !exhausted) {
      PageReadStore group;
      try {
        group = reader.readNextRowGroup();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read a row group of " + reader.getFile(), e);
      }
      if (group == null) {
        exhausted = true;
      } else {
        groupLeft = group.getRowCount();
        for (PageDecoder column : columns) {
          column.start(group.getPageReader(column.descriptor()));
        }
      }
    }
    return groupLeft > 0;
  }

  @Override
  public int next(VectorSchemaRoot root, ContentDigest digest) {
    List<FieldVector> vectors = root.getFieldVectors();
    for (FieldVector vector : vectors) {
      reserve(vector, batchSize);
    }
    int rows = 0;
    while (rows < batchSize && hasNext()) {
      int take = (int) Math.min(batchSize - rows, groupLeft);
      for (int i = 0; i < columns.size(); i++) {
        columns.get(i).read(vectors.get(i), rows, take);
      }
      rows += take;
      groupLeft -= take;
    }
    for (FieldVector vector : vectors) {
      if (vector instanceof BaseVariableWidthVector strings) {
        strings.setLastSet(rows - 1);
      } else if (vector instanceof ListVector list) {
        list.setLastSet(rows - 1);
      }
      vector.setValueCount(rows);
    }
    root.setRowCount(rows);
    if (digest != null) {
      digest.update(root, types);
    }
    return rows;
  }

  // Empties the vector and makes room for `rows` values: the columns then write without checks.
  private static void reserve(FieldVector vector, int rows) {
    vector.reset();
    if (vector instanceof BaseVariableWidthVector strings) {
      while (strings.getValueCapacity() < rows) {
        strings.reallocValidityAndOffsetBuffers();
      }
    } else if (vector instanceof BitVector
        || vector instanceof BaseFixedWidthVector
        || vector instanceof ListVector) {
      while (vector.getValueCapacity() < rows) {
        vector.reAlloc();
      }
    } else {
      throw new IllegalStateException("Cannot decode Parquet into " + vector.getField());
    }
  }

  @Override
  public boolean vectorized() {
    return true;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close data file " + reader.getFile(), e);
    }
  }
}
