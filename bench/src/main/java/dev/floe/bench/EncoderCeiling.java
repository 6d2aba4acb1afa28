package dev.floe.bench;

import dev.floe.catalog.Floe;
import dev.floe.columnar.ArrowLayout;
import dev.floe.columnar.ColumnarFiles;
import dev.floe.columnar.PartitionWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The one-core encoder ceiling: the 5-column event rows (no embedding) into ONE unpartitioned zstd
 * Parquet file, (1) through parquet-java's {@link ColumnWriteStore} fed from primitive arrays, with
 * no Floe or Iceberg code, and (2) through Floe's columnar Parquet writer ({@link ColumnarFiles})
 * from Arrow vectors. Both run on the calling thread; each is measured in wall time and in that
 * thread's CPU time, so {@code columnar_vs_ceiling} (rows per CPU second over rows per CPU second)
 * says how close the columnar writer gets to what the encoder itself allows.
 */
final class EncoderCeiling {
  private static final long ROW_GROUP_BYTES = 128L << 20;

  private EncoderCeiling() {}

  /** One subject's median run (by CPU time): wall time in {@code wall}, CPU seconds beside. */
  record Run(BenchCase wall, double cpuSeconds) {
    double rowsPerCpuSecond() {
      return wall.rows() / cpuSeconds;
    }
  }

  /** The ceiling's median run, then the columnar writer's, over {@code reps} alternating reps. */
  static List<Run> run(Floe floe, BenchOptions options, int rows, int reps) {
    PrintStream progress = options.progress();
    Schema schema = EventData.SCHEMA.select("id", "user_id", "event_ts", "amount", "label");
    List<Record> records = EventData.generate(0, rows, 10, 0, 7);
    Columns columns = Columns.of(records);
    Table table =
        floe.tables()
            .createIfAbsent(
                "bench.encoder_ceiling",
                schema,
                PartitionSpec.unpartitioned(),
                Map.of("write.parquet.compression-codec", "zstd"));
    Path scratch = Scratch.create(options.workDir(), "ceiling");
    List<Run> ceiling = new ArrayList<>();
    List<Run> columnar = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = columns.toArrow(schema, allocator)) {
      for (int rep = -1; rep < reps; rep++) { // rep -1 warms both up
        Path file = scratch.resolve("ceiling-" + rep + ".parquet");
        Run first = rep % 2 == 0 ? ceiling(columns, file) : columnar(table, root);
        Run second = rep % 2 == 0 ? columnar(table, root) : ceiling(columns, file);
        if (rep >= 0) {
          (rep % 2 == 0 ? ceiling : columnar).add(first);
          (rep % 2 == 0 ? columnar : ceiling).add(second);
          progress.printf(
              Locale.ROOT,
              "encoder ceiling rep %d: parquet-java %,.0f rows/cpu-s, columnar %,.0f rows/cpu-s%n",
              rep + 1,
              ceiling.get(ceiling.size() - 1).rowsPerCpuSecond(),
              columnar.get(columnar.size() - 1).rowsPerCpuSecond());
        }
      }
    } finally {
      Scratch.delete(scratch);
    }
    return List.of(median(ceiling), median(columnar));
  }

  private static Run median(List<Run> runs) {
    List<Run> sorted = new ArrayList<>(runs);
    sorted.sort((a, b) -> Double.compare(a.cpuSeconds(), b.cpuSeconds()));
    return sorted.get(sorted.size() / 2);
  }

  private static Run columnar(Table table, VectorSchemaRoot root) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    List<DataFile> files;
    ColumnarFiles columnarFiles =
        ColumnarFiles.forTable(table).targetFileSize(ROW_GROUP_BYTES * 8).build();
    try (PartitionWriter writer = columnarFiles.open(null)) {
      writer.write(root, null, 0, root.getRowCount());
      files = writer.finish();
    }
    double seconds = Trials.secondsSince(start);
    double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
    long bytes = files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
    files.forEach(f -> table.io().deleteFile(f.location()));
    return new Run(
        new BenchCase("floe columnar parquet writer", WORKLOAD, root.getRowCount(), bytes, seconds),
        cpuSeconds);
  }

  private static final String WORKLOAD = "events 5 columns, one zstd parquet file, one core";

  private static Run ceiling(Columns columns, Path path) {
    MessageType type =
        Types.buildMessage()
            .required(PrimitiveTypeName.INT64)
            .id(1)
            .named("id")
            .required(PrimitiveTypeName.INT64)
            .id(2)
            .named("user_id")
            .required(PrimitiveTypeName.INT64)
            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
            .id(3)
            .named("event_ts")
            .optional(PrimitiveTypeName.DOUBLE)
            .id(4)
            .named("amount")
            .optional(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .id(5)
            .named("label")
            .named("table");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    ParquetProperties props = ParquetProperties.builder().build();
    CompressionCodecFactory.BytesInputCompressor compressor =
        new CodecFactory(new Configuration(false), props.getPageSizeThreshold())
            .getCompressor(CompressionCodecName.ZSTD);
    try {
      ParquetFileWriter file =
          new ParquetFileWriter(
              new LocalOutputFile(path),
              type,
              ParquetFileWriter.Mode.OVERWRITE,
              ROW_GROUP_BYTES,
              0,
              64,
              ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH,
              false);
      file.start();
      ColumnChunkPageWriteStore pages =
          new ColumnChunkPageWriteStore(compressor, type, props.getAllocator(), 64);
      ColumnWriteStore store = props.newColumnWriteStore(type, pages, pages);
      List<ColumnDescriptor> leaves = type.getColumns();
      ColumnWriter id = store.getColumnWriter(leaves.get(0));
      ColumnWriter user = store.getColumnWriter(leaves.get(1));
      ColumnWriter ts = store.getColumnWriter(leaves.get(2));
      ColumnWriter amount = store.getColumnWriter(leaves.get(3));
      ColumnWriter label = store.getColumnWriter(leaves.get(4));
      int rows = columns.ids.length;
      for (int row = 0; row < rows; row++) {
        id.write(columns.ids[row], 0, 0);
        user.write(columns.users[row], 0, 0);
        ts.write(columns.micros[row], 0, 0);
        amount.write(columns.amounts[row], 0, 1);
        label.write(Binary.fromConstantByteArray(columns.labels[row]), 0, 1);
        store.endRecord();
      }
      file.startBlock(rows);
      store.flush();
      pages.flushToFileWriter(file);
      file.endBlock();
      store.close();
      file.end(Map.of());
      double seconds = Trials.secondsSince(start);
      double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
      long bytes = Files.size(path);
      return new Run(
          new BenchCase("parquet-java ColumnWriteStore", WORKLOAD, rows, bytes, seconds),
          cpuSeconds);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path, e);
    } finally {
      compressor.release();
    }
  }

  /** The rows as primitive arrays (the ceiling's input); Arrow vectors made from them. */
  private record Columns(
      long[] ids, long[] users, long[] micros, double[] amounts, byte[][] labels) {
    static Columns of(List<Record> records) {
      int n = records.size();
      Columns columns =
          new Columns(new long[n], new long[n], new long[n], new double[n], new byte[n][]);
      OffsetDateTime epoch = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
      for (int k = 0; k < n; k++) {
        Record row = records.get(k);
        columns.ids[k] = (Long) row.get(0);
        columns.users[k] = (Long) row.get(1);
        columns.micros[k] = ChronoUnit.MICROS.between(epoch, (OffsetDateTime) row.get(2));
        columns.amounts[k] = (Double) row.get(3);
        columns.labels[k] = ((String) row.get(4)).getBytes(StandardCharsets.UTF_8);
      }
      return columns;
    }

    VectorSchemaRoot toArrow(Schema schema, BufferAllocator allocator) {
      VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(schema), allocator);
      root.allocateNew();
      for (int k = 0; k < ids.length; k++) {
        ((BigIntVector) root.getVector(0)).setSafe(k, ids[k]);
        ((BigIntVector) root.getVector(1)).setSafe(k, users[k]);
        ((TimeStampMicroTZVector) root.getVector(2)).setSafe(k, micros[k]);
        ((Float8Vector) root.getVector(3)).setSafe(k, amounts[k]);
        ((VarCharVector) root.getVector(4)).setSafe(k, labels[k]);
      }
      root.setRowCount(ids.length);
      return root;
    }
  }
}
