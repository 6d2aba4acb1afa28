package dev.floe.bench;

import dev.floe.catalog.Floe;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/**
 * A table of small files as some writer leaves it: the files (written once, shared by every table
 * of the shape: compaction never deletes them) and the commits that added them, which decide how
 * many manifests a rewrite has to read and rewrite. Each run gets a fresh table of the same shape.
 */
record CompactionShape(
    String key, String description, PartitionSpec spec, int rows, List<List<DataFile>> commits) {
  CompactionShape {
    commits = commits.stream().map(List::copyOf).toList();
  }

  /** The 1,000-file case: 10 day partitions, every file listed by one commit. */
  static CompactionShape oneThousandFiles(Floe floe, int rows) {
    PartitionSpec spec = PartitionSpec.builderFor(EventData.SCHEMA).day("event_ts").build();
    List<DataFile> files =
        write(floe, "inputs", spec, rows, 100, 10).stream().flatMap(List::stream).toList();
    return new CompactionShape(
        "", "in one commit over 10 day partitions", spec, rows, List.of(files));
  }

  /** {@code floe demo}'s shape: 21 batches over 160 partitions (day x user bucket), 3,360 files. */
  static CompactionShape demo(Floe floe, int rows) {
    List<List<DataFile>> batches = write(floe, "demo_inputs", EventData.SPEC, rows, 21, 10);
    return new CompactionShape(
        "demo_", "in 21 commits over 160 partitions (floe demo)", EventData.SPEC, rows, batches);
  }

  /** Streaming ingest: 50 commits of one file per day partition, 500 files, 50 manifests. */
  static CompactionShape streaming(Floe floe, int rows) {
    PartitionSpec spec = PartitionSpec.builderFor(EventData.SCHEMA).day("event_ts").build();
    List<List<DataFile>> batches = write(floe, "stream_inputs", spec, rows, 50, 10);
    return new CompactionShape(
        "streaming_",
        "in 50 commits over 10 day partitions (streaming ingest)",
        spec,
        rows,
        batches);
  }

  int files() {
    return commits.stream().mapToInt(List::size).sum();
  }

  String workload() {
    return String.format(Locale.ROOT, "%,d rows in %,d files %s", rows, files(), description);
  }

  /** A fresh table that lists the shape's files, added in the shape's commits. */
  Table newTable(Floe floe, String name) {
    Table table = table(floe, name, spec);
    for (List<DataFile> commit : commits) {
      AppendFiles append = table.newAppend();
      commit.forEach(append::appendFile);
      append.commit();
    }
    return table;
  }

  /** A fresh table that lists the first {@code n} files of the shape in one commit. */
  Table newTable(Floe floe, String name, int n) {
    Table table = table(floe, name, spec);
    AppendFiles append = table.newAppend();
    commits.stream().flatMap(List::stream).limit(n).forEach(append::appendFile);
    append.commit();
    return table;
  }

  /**
   * Writes {@code rows} rows as {@code batches} batches, each spread over {@code days} days and
   * fanned out by partition; no commit. Returns each batch's files.
   */
  private static List<List<DataFile>> write(
      Floe floe, String name, PartitionSpec spec, int rows, int batches, int days) {
    Table table = table(floe, name, spec);
    int batchRows = rows / batches;
    List<List<DataFile>> files = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      List<Record> batch = EventData.generate((long) b * batchRows, batchRows, days, 0, 7);
      files.add(GenericWriterBaseline.write(table, FileFormat.PARQUET, b, batch));
    }
    return files;
  }

  private static Table table(Floe floe, String name, PartitionSpec spec) {
    return floe.tables()
        .createIfAbsent(
            "bench_compaction." + name,
            EventData.SCHEMA,
            spec,
            Map.of("write.format.default", "parquet"));
  }
}
