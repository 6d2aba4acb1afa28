package dev.floe.columnar;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Writes Arrow vectors into a table's data files without a row object per value: the entry point of
 * this module. Files get the field ids, layout and metrics (value, null and NaN counts, bounds, as
 * the table's metrics config says) that Iceberg's own writers give for the same rows.
 *
 * <pre>{@code
 * ColumnarFiles files = ColumnarFiles.forTable(table).schema(schema).spec(spec).build();
 * try (PartitionWriter writer = files.open(partitionKey)) {
 *   writer.write(root, order, 0, order.length);
 *   dataFiles = writer.finish();
 * }
 * }</pre>
 *
 * <p>Thread-safe: each thread opens its own {@link PartitionWriter}.
 */
public final class ColumnarFiles {
  private static final Set<Type.TypeID> COLUMNAR =
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
  private final Table table;
  private final Schema schema;
  private final PartitionSpec spec;
  private final FileFormat format;
  private final long targetFileSize;
  private final OutputFileFactory files;

  private ColumnarFiles(Builder builder) {
    this.table = builder.table;
    this.schema = builder.schema != null ? builder.schema : table.schema();
    this.spec = builder.spec != null ? builder.spec : table.spec();
    this.format = builder.format != null ? builder.format : defaultFormat(table);
    this.targetFileSize =
        builder.targetFileSize > 0
            ? builder.targetFileSize
            : PropertyUtil.propertyAsLong(
                table.properties(),
                TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
                TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    this.files =
        OutputFileFactory.builderFor(table, builder.partitionId, builder.taskId)
            .format(format)
            .operationId(builder.operationId)
            .build();
  }

  public static Builder forTable(Table table) {
    return new Builder(Objects.requireNonNull(table, "table"));
  }

  /** A writer of the partition {@code partition} (null for an unpartitioned spec). */
  public PartitionWriter open(StructLike partition) {
    return open(partition, null);
  }

  /**
   * A writer of {@code partition} whose Parquet and ORC files carry the {@link Provenance} of their
   * rows, as {@code provenance} logs them (the caller logs rows before writing them); null for
   * none. Files of Iceberg's generic writers (Avro, types the columnar writers do not write) carry
   * none.
   */
  public PartitionWriter open(StructLike partition, ProvenanceLog provenance) {
    Preconditions.checkArgument(
        spec.isUnpartitioned() == (partition == null),
        "Invalid partition %s for spec %s",
        partition,
        spec);
    return switch (format) {
      case PARQUET ->
          columnar(Set.of())
              ? new ParquetPartitionWriter(this, partition, provenance)
              : new GenericPartitionWriter(this, partition, provenance);
      case ORC ->
          columnar(Set.of(Type.TypeID.TIMESTAMP_NANO))
              ? new OrcPartitionWriter(this, partition, provenance)
              : new GenericPartitionWriter(this, partition, provenance);
      case AVRO -> new GenericPartitionWriter(this, partition, provenance);
      default -> throw new UnsupportedOperationException("Cannot write data files as " + format);
    };
  }

  // Types the columnar writers do not write yet (nanosecond timestamps in Parquet, v3's variant
  // and geo types) go through Iceberg's own writers: slower, never refused.
  private boolean columnar(Set<Type.TypeID> extra) {
    return TypeUtil.find(
            schema, type -> !COLUMNAR.contains(type.typeId()) && !extra.contains(type.typeId()))
        == null;
  }

  public Table table() {
    return table;
  }

  public Schema schema() {
    return schema;
  }

  public PartitionSpec spec() {
    return spec;
  }

  public FileFormat format() {
    return format;
  }

  public long targetFileSize() {
    return targetFileSize;
  }

  /** Where the files go: names unique per writer, under the table's data location. */
  public OutputFileFactory outputFiles() {
    return files;
  }

  private static FileFormat defaultFormat(Table table) {
    return FileFormat.fromString(
        table
            .properties()
            .getOrDefault(
                TableProperties.DEFAULT_FILE_FORMAT, TableProperties.DEFAULT_FILE_FORMAT_DEFAULT));
  }

  /** Settings of a {@link ColumnarFiles}; each defaults to what the table says. */
  public static final class Builder {
    private final Table table;
    private Schema schema;
    private PartitionSpec spec;
    private FileFormat format;
    private long targetFileSize;
    private int partitionId;
    private long taskId;
    private String operationId = UUID.randomUUID().toString();

    private Builder(Table table) {
      this.table = table;
    }

    /** The schema rows are written in (default: the table's current schema). */
    public Builder schema(Schema writeSchema) {
      this.schema = Objects.requireNonNull(writeSchema, "schema");
      return this;
    }

    /** The partition spec files belong to (default: the table's current spec). */
    public Builder spec(PartitionSpec partitionSpec) {
      this.spec = Objects.requireNonNull(partitionSpec, "spec");
      return this;
    }

    /** The file format (default: the table's {@code write.format.default}). */
    public Builder format(FileFormat fileFormat) {
      this.format = Objects.requireNonNull(fileFormat, "format");
      return this;
    }

    /** Bytes at which a file is closed and the next begun (default: the table's target). */
    public Builder targetFileSize(long bytes) {
      Preconditions.checkArgument(bytes > 0, "Invalid target file size: %s", bytes);
      this.targetFileSize = bytes;
      return this;
    }

    /** The ids that make file names unique across writers, as Iceberg's OutputFileFactory. */
    public Builder fileIds(int partition, long task, String operation) {
      this.partitionId = partition;
      this.taskId = task;
      this.operationId = Objects.requireNonNull(operation, "operation");
      return this;
    }

    public ColumnarFiles build() {
      return new ColumnarFiles(this);
    }
  }
}
