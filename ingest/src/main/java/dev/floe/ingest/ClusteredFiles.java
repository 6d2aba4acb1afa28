package dev.floe.ingest;

import dev.floe.columnar.ColumnarFiles;
import dev.floe.columnar.Contribution;
import dev.floe.columnar.PartitionWriter;
import dev.floe.columnar.ProvenanceLog;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.StructLikeMap;
import org.apache.iceberg.util.Tasks;
import org.apache.iceberg.util.ThreadPools;

/**
 * Writes rows held in vectors into partitioned data files, clustered: the rows of each batch are
 * first grouped by partition (batch order kept within each, no row copied: an index order per
 * partition), then each partition is written whole by one {@link PartitionWriter} on a thread of
 * Iceberg's worker pool, the batches of a group one after another into the same writer, so one file
 * per partition (per target size) and one open file per thread at a time.
 *
 * <p>Why not Iceberg's fan-out writer: it keeps a file open for every partition and interleaves
 * rows across all of them, so the encoders' dictionaries and buffers of every partition compete for
 * the CPU caches; clustered writing with as many threads as cores is about twice as fast on the
 * event benchmark, and it needs the memory of one open file per thread instead of one per
 * partition.
 *
 * <p>With a sort order, each partition's rows, from all the batches of a group, are sorted together
 * ({@link VectorSort}) before they are written, so each file is sorted as a whole, and its files
 * declare the table's equal order.
 */
final class ClusteredFiles {
  private ClusteredFiles() {}

  /**
   * Writes the rows of {@code batches} (vectors in the target's schema and layout) and returns the
   * files; on failure, deletes what was written and rethrows. The vectors stay the caller's. Each
   * file's provenance says which of {@code origins} (one per batch) its rows came from.
   */
  static List<DataFile> write(
      FileTarget target,
      long fileSequence,
      String what,
      List<VectorSchemaRoot> batches,
      List<Contribution> origins) {
    Table table = target.table();
    List<Partition> partitions = partitions(target, batches, origins);
    ColumnarFiles files =
        ColumnarFiles.forTable(table)
            .schema(target.schema())
            .spec(target.spec())
            .format(target.format())
            .targetFileSize(target.targetFileSize())
            .fileIds(0, fileSequence, UUID.randomUUID().toString())
            .build();
    VectorSort sort =
        target.sortOrder().isSorted() ? new VectorSort(target.schema(), target.sortOrder()) : null;
    SortOrder declared = declaredOrder(table, target.sortOrder());
    // Largest first: the threads taking partitions in this order end at about the same time.
    partitions.sort(Comparator.comparingLong((Partition p) -> -p.rows));
    Queue<DataFile> written = new ConcurrentLinkedQueue<>();
    try {
      Tasks.foreach(partitions)
          .executeWith(partitions.size() > 1 ? ThreadPools.getWorkerPool() : null)
          .stopOnFailure()
          .throwFailureWhenFinished()
          .run(
              partition -> {
                // Closing without finish() deletes the files of this partition.
                ProvenanceLog provenance = new ProvenanceLog();
                try (PartitionWriter writer = files.open(partition.key, provenance)) {
                  if (sort == null) {
                    for (Slice slice : partition.slices) {
                      provenance.add(slice.origin(), slice.rows().length);
                      writer.write(slice.root(), slice.rows(), 0, slice.rows().length);
                    }
                    written.addAll(writer.finish());
                  } else {
                    writeSorted(writer, provenance, sort, partition);
                    writer.finish().forEach(file -> written.add(declare(file, target, declared)));
                  }
                }
              });
    } catch (UncheckedIOException e) {
      BatchFiles.delete(table.io(), List.copyOf(written));
      throw new UncheckedIOException(
          String.format("Cannot write %s: %s", what, e.getCause().getMessage()), e.getCause());
    } catch (RuntimeException | Error e) {
      BatchFiles.delete(table.io(), List.copyOf(written));
      throw e;
    }
    return List.copyOf(written);
  }

  /**
   * Writes the rows of a partition in sort order, across its batches: each run of consecutive rows
   * from the same batch goes to the writer in one call.
   */
  private static void writeSorted(
      PartitionWriter writer, ProvenanceLog provenance, VectorSort sort, Partition partition) {
    List<VectorSchemaRoot> roots = partition.slices.stream().map(Slice::root).toList();
    VectorSort.Sorted sorted =
        sort.sort(roots, partition.slices.stream().map(Slice::rows).toList());
    int[] rootOf = sorted.roots();
    int from = 0;
    for (int i = 1; i <= rootOf.length; i++) {
      if (i == rootOf.length || rootOf[i] != rootOf[from]) {
        provenance.add(partition.slices.get(rootOf[from]).origin(), i - from);
        writer.write(roots.get(rootOf[from]), sorted.rows(), from, i);
        from = i;
      }
    }
  }

  /**
   * The order files sorted by {@code order} declare: the table's equal order, else unsorted (id 0,
   * which claims nothing), since a file's sort order id must name one of the table's orders.
   */
  private static SortOrder declaredOrder(Table table, SortOrder order) {
    return table.sortOrders().values().stream()
        .filter(known -> known.sameOrder(order))
        .findFirst()
        .orElse(SortOrder.unsorted());
  }

  private static DataFile declare(DataFile file, FileTarget target, SortOrder declared) {
    return DataFiles.builder(target.spec()).copy(file).withSortOrder(declared).build();
  }

  /** Rows of one batch in one partition, as indexes into its vectors in batch order. */
  private record Slice(VectorSchemaRoot root, int[] rows, Contribution origin) {}

  private static final class Partition {
    private final StructLike key;
    private final List<Slice> slices = new ArrayList<>();
    private long rows;

    private Partition(StructLike key) {
      this.key = key;
    }
  }

  /** Groups rows by partition, in first-seen order, batches in their order within each. */
  private static List<Partition> partitions(
      FileTarget target, List<VectorSchemaRoot> batches, List<Contribution> origins) {
    VectorPartitions keys = new VectorPartitions(target.schema(), target.spec());
    List<Partition> partitions = new ArrayList<>();
    StructLikeMap<Partition> byKey = StructLikeMap.create(target.spec().partitionType());
    Partition unpartitioned = target.spec().isUnpartitioned() ? new Partition(null) : null;
    if (unpartitioned != null) {
      partitions.add(unpartitioned);
    }
    for (int b = 0; b < batches.size(); b++) {
      VectorSchemaRoot batch = batches.get(b);
      for (VectorPartitions.Group group : keys.group(batch)) {
        Partition partition = unpartitioned;
        if (partition == null) {
          partition = byKey.get(group.key());
          if (partition == null) {
            partition = new Partition(group.key());
            byKey.put(group.key(), partition);
            partitions.add(partition);
          }
        }
        partition.slices.add(new Slice(batch, group.rows(), origins.get(b)));
        partition.rows += group.rows().length;
      }
    }
    return partitions;
  }
}
