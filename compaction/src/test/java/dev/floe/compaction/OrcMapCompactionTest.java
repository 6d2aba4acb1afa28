package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.GenericDeletes;
import dev.floe.catalog.testing.MapRows;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.columnar.RecordReads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Compacting ORC files (the record path, with a position delete applied) keeps each map's entries
 * in the order they were written: a map column, a list of maps and a map in a struct.
 */
class OrcMapCompactionTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();

  @Test
  void compactedOrcFilesKeepEachMapsEntryOrder() {
    Table table =
        temp.floe()
            .tables()
            .createIfAbsent(
                "db.maps",
                MapRows.SCHEMA,
                PartitionSpec.unpartitioned(),
                Map.of(TableProperties.DEFAULT_FILE_FORMAT, "orc"));
    List<Record> rows = MapRows.rows(table.schema(), 600);
    GenericData.append(table, "main", FileFormat.ORC, rows.subList(0, 200));
    List<DataFile> second = GenericData.write(table, FileFormat.ORC, rows.subList(200, 450));
    table.newAppend().appendFile(second.get(0)).commit();
    GenericData.append(table, "main", FileFormat.ORC, rows.subList(450, 600));
    GenericDeletes.commit(table, GenericDeletes.positions(table, second.get(0), 3, 7));
    List<Record> live = new ArrayList<>(rows);
    live.remove(207);
    live.remove(203);

    CompactionResult result = Compaction.binPack(table).commit();

    assertThat(result.rewrittenFiles()).isEqualTo(3);
    List<DataFile> files = dataFiles(table);
    assertThat(files).hasSize(1).allMatch(file -> file.format() == FileFormat.ORC);
    List<Record> compacted = read(table, files.get(0));
    compacted.sort(Comparator.comparing(row -> (Long) row.getField("id")));
    assertThat(MapRows.ordered(compacted)).isEqualTo(MapRows.ordered(live));
  }

  private static List<DataFile> dataFiles(Table table) {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> files.add(task.file()));
      tasks.forEach(task -> assertThat(task.deletes()).isEmpty());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  // Floe's ORC record reader keeps file order (Iceberg's would hand maps out in hash order).
  private static List<Record> read(Table table, DataFile file) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records =
        RecordReads.builder(FileFormat.ORC, table.io().newInputFile(file))
            .project(table.schema())
            .build()) {
      records.forEach(rows::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
