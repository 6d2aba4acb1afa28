package dev.floe.compaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Conversions;

/**
 * Position and equality delete files for the {@link Events} table, written with Iceberg's writers.
 */
final class DeleteFixtures {
  private DeleteFixtures() {}

  /** The {@code index}-th file of {@code category} in append order. */
  static DataFile fileAt(Table table, String category, int index) {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().includeColumnStats().planFiles()) {
      tasks.forEach(t -> files.add(t.file()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files.stream()
        .filter(f -> category.equals(f.partition().get(0, String.class)))
        .sorted((x, y) -> Long.compare(x.dataSequenceNumber(), y.dataSequenceNumber()))
        .toList()
        .get(index);
  }

  /** The id of the row at {@code pos} of {@code file}: rows are written in id order. */
  static long idAt(Table table, DataFile file, long pos) {
    return minId(table, file) + pos;
  }

  static long minId(Table table, DataFile file) {
    return Conversions.fromByteBuffer(Events.SCHEMA.findType("id"), file.lowerBounds().get(1));
  }

  static DeleteFile positionDeletes(Table table, DataFile file, Long... positions)
      throws IOException {
    GenericFileWriterFactory writers = new GenericFileWriterFactory.Builder(table).build();
    OutputFileFactory files = OutputFileFactory.builderFor(table, 8, 8).build();
    PositionDeleteWriter<Record> writer =
        writers.newPositionDeleteWriter(
            files.newOutputFile(table.spec(), file.partition()), table.spec(), file.partition());
    try (writer) {
      for (Long pos : positions) {
        writer.write(PositionDelete.<Record>create().set(file.location(), pos));
      }
    }
    return writer.toDeleteFile();
  }

  static DeleteFile equalityDeletes(Table table, String category, Long... ids) throws IOException {
    Schema idOnly = table.schema().select("id");
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(table)
            .equalityFieldIds(new int[] {1})
            .equalityDeleteRowSchema(idOnly)
            .build();
    OutputFileFactory files = OutputFileFactory.builderFor(table, 9, 9).build();
    DataFile sample = fileAt(table, category, 0);
    EqualityDeleteWriter<Record> writer =
        writers.newEqualityDeleteWriter(
            files.newOutputFile(table.spec(), sample.partition()),
            table.spec(),
            sample.partition());
    try (writer) {
      for (Long id : ids) {
        GenericRecord row = GenericRecord.create(idOnly);
        row.setField("id", id);
        writer.write(row);
      }
    }
    return writer.toDeleteFile();
  }

  static List<String> deleteFiles(Table table) {
    List<String> deletes = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(t -> t.deletes().forEach(d -> deletes.add(d.location())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return deletes.stream().distinct().toList();
  }
}
