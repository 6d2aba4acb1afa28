package dev.floe.bench;

import dev.floe.catalog.Floe;
import dev.floe.columnar.ArrowLayout;
import dev.floe.columnar.RowAppender;
import dev.floe.ingest.AppendResult;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/**
 * The ingest benchmark's Arrow-input case: the same event rows, handed to the writer with group
 * commit as {@link Batch#ofArrow} roots in the table's Arrow layout (what a producer that already
 * holds columns sends). Building the roots is not timed.
 */
final class ArrowIngestCase {
  static final String SUBJECT = "floe TableWriter, group commit, Arrow input";

  private ArrowIngestCase() {}

  static BenchCase run(
      Floe floe,
      FileFormat format,
      int rep,
      String workload,
      int rows,
      List<List<Record>> batches) {
    Table table = IngestBenchmark.table(floe, "floe_arrow_" + format + "_" + rep, format);
    List<VectorSchemaRoot> roots = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      try {
        for (List<Record> batch : batches) {
          VectorSchemaRoot root =
              VectorSchemaRoot.create(ArrowLayout.of(EventData.SCHEMA), allocator);
          roots.add(root);
          RowAppender appender = RowAppender.into(root, EventData.SCHEMA);
          batch.forEach(appender::append);
          appender.finish();
        }
        long start = System.nanoTime();
        long bytes = grouped(table, format, roots);
        return new BenchCase(SUBJECT, workload, rows, bytes, Trials.secondsSince(start));
      } finally {
        roots.forEach(VectorSchemaRoot::close);
      }
    }
  }

  private static long grouped(Table table, FileFormat format, List<VectorSchemaRoot> roots) {
    List<CompletableFuture<AppendResult>> pending = new ArrayList<>();
    try (TableWriter writer =
        TableWriter.forTable(table)
            .producerId("bench")
            .format(format)
            .groupCommit(Duration.ofMillis(200), IngestBenchmark.GROUP_BYTES)
            .build()) {
      long sequence = writer.lastCommittedSequence() + 1;
      for (VectorSchemaRoot root : roots) {
        pending.add(writer.appendAsync(Batch.ofArrow(sequence++, root)));
      }
      return pending.stream().mapToLong(future -> future.join().bytes()).sum();
    }
  }
}
