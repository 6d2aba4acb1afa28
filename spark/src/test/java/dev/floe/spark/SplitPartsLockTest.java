package dev.floe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.MlEvents;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.lockformat.Lock;
import dev.floe.lockformat.LockParser;
import dev.floe.timetravel.FileDigest;
import dev.floe.timetravel.Split;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Spark's lock parser reads a lock whose units carry per-part digests ({@code parts}). */
class SplitPartsLockTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path runs;

  @Test
  void readsTheUnitsOfALockWithPerPartDigests() throws Exception {
    Table table =
        temp.floe()
            .tables()
            .createIfAbsent("db.events", MlEvents.SCHEMA, PartitionSpec.unpartitioned());
    GenericData.append(table, "main", FileFormat.PARQUET, FloeSparkReadTest.rows(table, 0, 120));
    Path file = runs.resolve("split.lock.json");
    TrainingLock pinned =
        TimeTravel.pin(temp.floe(), "db.events")
            .split(new Split("id", 0.8, 0.1, 0.1, 42))
            .writeTo(file);
    String json = Files.readString(file);
    assertThat(json).contains("\"parts\"");

    List<Lock> locks = LockParser.parse(json);
    assertThat(locks).hasSize(1);
    List<Lock.FileEntry> files = locks.get(0).files();
    assertThat(files).hasSize(pinned.fileDigests().size());
    for (int i = 0; i < files.size(); i++) {
      FileDigest want = pinned.fileDigests().get(i);
      assertThat(files.get(i).digest()).isEqualTo(want.digest());
      assertThat(files.get(i).units())
          .containsExactlyElementsOf(
              want.units().stream()
                  .map(
                      u ->
                          new Lock.Unit(
                              u.offset(), u.count(), u.rows(), u.digest(), lockParts(u.parts())))
                  .toList());
    }
  }

  private static Map<Lock.Part, Lock.PartRows> lockParts(
      Map<Split.Part, FileDigest.PartRows> parts) {
    Map<Lock.Part, Lock.PartRows> converted = new EnumMap<>(Lock.Part.class);
    parts.forEach(
        (part, rows) ->
            converted.put(
                Lock.Part.valueOf(part.name()), new Lock.PartRows(rows.rows(), rows.digest())));
    return converted;
  }
}
