package dev.floe.columnar;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
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
  private final Table table;
  private final Schema schema;
  private final PartitionSpec spec;
  private final FileFormat format;
  private final long targetFileSize;
  private final FileIO io;
  private final Map<String, String> writeProperties;
  private final Map<String, String> properties;
  private final String location;
  private final OutputFileFactory files;
  private final String namePrefix; // of files under `location`, as OutputFileFactory names them
  private final AtomicInteger fileCount = new AtomicInteger();

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
    this.io = builder.io != null ? builder.io : table.io();
    this.writeProperties = Map.copyOf(builder.writeProperties);
    Map<String, String> merged = new HashMap<>(table.properties());
    merged.putAll(writeProperties);
    this.properties = Collections.unmodifiableMap(merged);
    this.location = builder.location;
    FileIO fileIo = io;
    this.files =
        OutputFileFactory.builderFor(table, builder.partitionId, builder.taskId)
            .format(format)
            .operationId(builder.operationId)
            .ioSupplier(() -> fileIo)
            .build();
    this.namePrefix =
        String.format(
            Locale.ROOT, "%05d-%d-%s-", builder.partitionId, builder.taskId, builder.operationId);
  }

  /**
   * Whether the writers take rows of {@code schema} as vectors: every type, however nested, has an
   * {@link ArrowLayout}. v3's variant, geometry, geography and unknown types have none; rows of
   * such a schema go through Iceberg's own writers. (Whether a writer then encodes the vectors
   * itself or hands them to Iceberg's writers, as for nanosecond timestamps in Parquet, is its
   * business: the files are the same.)
   */
  public static boolean takes(Schema schema) {
    return ColumnarTypes.haveLayout(schema);
  }

  public static Builder forTable(Table table) {
    return new Builder(Objects.requireNonNull(table, "table"));
  }

  /** A writer of the partition {@code partition} (null for an unpartitioned spec). */
  public PartitionWriter open(StructLike partition) {
    return open(partition, null);
  }

  /**
   * A writer of {@code partition} whose files carry the {@link Provenance} of their rows, as {@code
   * provenance} logs them (the caller logs rows before writing them); null for none.
   */
  public PartitionWriter open(StructLike partition, ProvenanceLog provenance) {
    Preconditions.checkArgument(
        spec.isUnpartitioned() == (partition == null),
        "Invalid partition %s for spec %s",
        partition,
        spec);
    return switch (format) {
      case PARQUET ->
          ColumnarTypes.written(schema, FileFormat.PARQUET)
              ? new ParquetPartitionWriter(this, partition, provenance)
              : new GenericPartitionWriter(this, partition, provenance);
      case ORC ->
          ColumnarTypes.written(schema, FileFormat.ORC)
              ? new OrcPartitionWriter(this, partition, provenance)
              : new GenericPartitionWriter(this, partition, provenance);
      case AVRO -> new GenericPartitionWriter(this, partition, provenance);
      default -> throw new UnsupportedOperationException("Cannot write data files as " + format);
    };
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

  /** The FileIO files are written (and aborted files deleted) through. */
  public FileIO io() {
    return io;
  }

  /** The table's properties with the builder's {@code writeProperties} over them. */
  public Map<String, String> properties() {
    return properties;
  }

  /** The builder's {@code writeProperties} alone: what Iceberg's writer factories take. */
  Map<String, String> writeProperties() {
    return writeProperties;
  }

  /**
   * A new file of {@code partition} (null for an unpartitioned spec), named as Iceberg's
   * OutputFileFactory names files, unique per writer: under the table's data location, or under the
   * builder's {@code location} with the partition path (plain, never encrypted, there).
   */
  EncryptedOutputFile newOutputFile(StructLike partition) {
    boolean unpartitioned = spec.isUnpartitioned() || partition == null;
    if (location == null) {
      return unpartitioned ? files.newOutputFile() : files.newOutputFile(spec, partition);
    }
    String name =
        namePrefix
            + String.format(Locale.ROOT, "%05d", fileCount.incrementAndGet())
            + format.addExtension("");
    String folder = unpartitioned ? location : location + "/" + spec.partitionToPath(partition);
    return EncryptedFiles.plainAsEncryptedOutput(io.newOutputFile(folder + "/" + name));
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
    private FileIO io;
    private Map<String, String> writeProperties = Map.of();
    private String location;

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

    /**
     * The FileIO to write through (default: the table's), for example one with other S3 settings
     * such as {@code s3.write.storage-class}.
     */
    public Builder io(FileIO fileIo) {
      this.io = Objects.requireNonNull(fileIo, "io");
      return this;
    }

    /**
     * Writer properties over the table's (codec, compression level, row group size ...), the keys
     * of Iceberg's {@code write.*} table properties.
     */
    public Builder writeProperties(Map<String, String> overrides) {
      this.writeProperties = Map.copyOf(Objects.requireNonNull(overrides, "writeProperties"));
      return this;
    }

    /**
     * The folder files go to, each under its partition path (default: the table's data location and
     * location provider). Files there are not encrypted.
     */
    public Builder location(String dataLocation) {
      Objects.requireNonNull(dataLocation, "location");
      Preconditions.checkArgument(
          !dataLocation.isBlank(), "Invalid location: '%s' is blank", dataLocation);
      this.location = dataLocation.replaceAll("/+$", "");
      return this;
    }

    public ColumnarFiles build() {
      return new ColumnarFiles(this);
    }
  }
}
