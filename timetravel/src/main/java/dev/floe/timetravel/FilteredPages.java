package dev.floe.timetravel;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * {@link ParquetPages} with a file's delete files, its residual row filter and a split part applied
 * on the decoded vectors ({@link FilteredBatches}), where they can be: the fastest path for
 * merge-on-read files and filtered reads.
 */
final class FilteredPages {
  private FilteredPages() {}

  // Floe's page decoder, with the file's delete files, residual filter and split part applied on
  // vectors when it can apply them; null when another path must read the file.
  static FileBatches open(
      Table table,
      FileScanTask task,
      Schema projection,
      SnapshotFiles.SplitPart split,
      VectorSchemaRoot root,
      int batchSize) {
    boolean deletes = !task.deletes().isEmpty();
    boolean filtered = !task.residual().equals(Expressions.alwaysTrue());
    if (deletes && !DeletedRows.checkable(task, projection)
        || filtered && !VectorRow.evaluates(projection, task.residual())
        || split != null && !readsKey(split, projection)) {
      return null;
    }
    // The footer first: delete files are loaded only for a file this path takes.
    ParquetPages pages = ParquetPages.open(table.io(), task, projection, batchSize);
    if (pages == null || !deletes && !filtered && split == null) {
      return pages;
    }
    try {
      DeletedRows deleted = deletes ? DeletedRows.load(table, task, projection) : null;
      FilteredBatches.Keep keep =
          keep(deleted, filtered ? task.residual() : null, split, projection);
      List<Type> types = projection.columns().stream().map(Types.NestedField::type).toList();
      BufferAllocator allocator = root.getFieldVectors().get(0).getAllocator();
      return new FilteredBatches(pages, keep, types, root, allocator, batchSize);
    } catch (RuntimeException e) {
      pages.close();
      throw e;
    }
  }

  // Whether the vectorized path can read the split's key; a key of a type Split cannot hash is
  // left to the row path, which reports it.
  private static boolean readsKey(SnapshotFiles.SplitPart split, Schema projection) {
    Types.NestedField key = projection.findField(split.split().keyColumn());
    return key != null
        && VectorRow.reads(projection, key.fieldId())
        && switch (key.type().typeId()) {
          case INTEGER, LONG, STRING, BINARY -> true;
          default -> false;
        };
  }

  private static FilteredBatches.Keep keep(
      DeletedRows deleted, Expression residual, SnapshotFiles.SplitPart split, Schema projection) {
    // The evaluator compares Iceberg's internal values, which VectorRow gives; a split key's
    // internal value (long, int, string, bytes) is the value the row path hashes.
    Evaluator evaluator = residual == null ? null : RowFilter.evaluator(projection, residual);
    VectorRow values = new VectorRow(projection, projection);
    int key =
        split == null
            ? -1
            : projection.columns().indexOf(projection.findField(split.split().keyColumn()));
    return (position, batch, row) ->
        (deleted == null || !deleted.isDeleted(position, batch, row))
            && (evaluator == null || evaluator.eval(values.at(batch, row)))
            && (split == null
                || split.split().partOf(values.at(batch, row).get(key, Object.class))
                    == split.part());
  }
}
