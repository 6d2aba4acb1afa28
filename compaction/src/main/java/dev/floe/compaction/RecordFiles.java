package dev.floe.compaction;

import dev.floe.columnar.RecordReads;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.formats.ReadBuilder;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.NameMappingParser;

/**
 * The record side of a group rewrite: a data file's live rows as Iceberg generic records, in any
 * format, with every kind of delete file applied by Iceberg's generic delete filter. Slower than
 * {@link PageFiles}, and never refused.
 */
final class RecordFiles {
  private final Table table;
  private final Schema schema;
  private final String nameMapping;

  RecordFiles(Table table, Schema schema) {
    this.table = table;
    this.schema = schema;
    // Files imported without field ids can only be read through the table's name mapping.
    this.nameMapping = table.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
  }

  /**
   * The rows of {@code file} that no delete file of the group deletes; {@code tally.read} counts
   * every row read, deleted or not, and {@code origins} moves on as each is read (the filters are
   * lazy, so a live row's origin is current when the caller gets it). The caller closes the
   * iterable.
   */
  CloseableIterable<Record> liveRows(
      FileGroup group,
      DataFile file,
      GroupDeleteFilter.Cache cache,
      PageFiles.Tally tally,
      RowOrigins origins) {
    FileScanTask task = group.deletesOf(file);
    if (task == null) {
      return counted(read(file, schema), tally, origins);
    }
    GenericDeleteFilter deletes = new GroupDeleteFilter(table.io(), task, schema, cache);
    Schema required = deletes.requiredSchema();
    // The filter reads row positions (and equality columns) as extra columns after the table's:
    // the writers take fields by position, so the table's columns must come first, in order.
    int columns = schema.columns().size();
    if (required.columns().size() < columns
        || !required.columns().subList(0, columns).equals(schema.columns())) {
      throw new IllegalStateException(
          String.format(
              "Cannot apply the deletes of %s: the delete filter reads %s, not the table columns"
                  + " first",
              file.location(), required));
    }
    return deletes.filter(counted(read(file, required), tally, origins));
  }

  private static CloseableIterable<Record> counted(
      CloseableIterable<Record> rows, PageFiles.Tally tally, RowOrigins origins) {
    return CloseableIterable.transform(
        rows,
        row -> {
          tally.read++;
          origins.next();
          return row;
        });
  }

  /**
   * Every row of {@code file} in {@code projection}, maps in file order (also for ORC: {@link
   * RecordReads}); the caller closes the iterable.
   */
  CloseableIterable<Record> read(DataFile file, Schema projection) {
    ReadBuilder<Record, Object> builder =
        RecordReads.<Object>builder(file.format(), table.io().newInputFile(file))
            .project(projection);
    if (nameMapping != null) {
      builder = builder.withNameMapping(NameMappingParser.fromJson(nameMapping));
    }
    return builder.build();
  }
}
