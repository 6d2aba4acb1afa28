package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.GenericDeletes;
import dev.floe.timetravel.TrainingLock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On merge-on-read tables every command counts the rows a read returns. */
class MergeOnReadCountsCommandTest {
  @TempDir Path dir;

  @Test
  void positionDeletesAndDeletionVectorsAreSubtractedEverywhere() throws IOException {
    Path wh = dir.resolve("wh");
    try (Floe floe = Floe.open(FloeConfig.embedded(wh))) {
      Table positions = table(floe, "ml.positions", "2");
      DataFile file = onlyFile(positions);
      // Position 3 twice: the delete files hold 4 records but hide 3 rows.
      GenericDeletes.commit(
          positions,
          GenericDeletes.positions(positions, file, 0, 3),
          GenericDeletes.positions(positions, file, 3, 7));
      Table vectors = table(floe, "ml.vectors", "3");
      GenericDeletes.commit(
          vectors, GenericDeletes.deletionVector(vectors, onlyFile(vectors), 1, 2, 9));
    }
    String w = wh.toString();

    CliRun tables = CliRun.floe("tables", "-w", w);
    assertThat(tables.out().lines().filter(l -> l.startsWith("ml.positions")))
        .singleElement()
        .asString()
        .matches("ml\\.positions\\s+7\\s+1\\s.*");
    assertThat(tables.out().lines().filter(l -> l.startsWith("ml.vectors")))
        .singleElement()
        .asString()
        .matches("ml\\.vectors\\s+7\\s+1\\s.*");
    assertThat(CliRun.floe("table", "describe", "ml.positions", "-w", w).out())
        .contains("Size      7 rows, 1 files");
    JsonNode listed =
        BranchCommandTest.JSON.readTree(CliRun.floe("table", "list", "--json", "-w", w).out());
    assertThat(listed.get(0).get("rows").asLong()).isEqualTo(7);
    assertThat(listed.get(0).get("rows_exact").asBoolean()).isTrue();
    assertThat(listed.get(0).get("data_records").asLong()).isEqualTo(10);

    Path lockFile = dir.resolve("lock.json");
    CliRun pin = CliRun.floe("pin", "ml.positions", "--out", lockFile.toString(), "-w", w);
    assertThat(pin.out()).contains(": 1 files, 7 rows,");
    assertThat(TrainingLock.read(lockFile).rows()).isEqualTo(7);
    assertThat(TrainingLock.read(lockFile).records()).isEqualTo(10);
    assertThat(CliRun.floe("verify", lockFile.toString(), "-w", w).out())
        .contains("still holds the pinned 1 files and 7 rows");
    CliRun rehydrate = CliRun.floe("rehydrate", lockFile.toString(), "-w", w);
    assertThat(rehydrate.exitCode()).as(rehydrate.err()).isZero();
    assertThat(rehydrate.out()).contains(": 7 rows, digest");
  }

  @Test
  void equalityDeletesMakeTheListedCountAnUpperBound() {
    Path wh = dir.resolve("wh");
    try (Floe floe = Floe.open(FloeConfig.embedded(wh))) {
      Table table = table(floe, "ml.keys", "2");
      GenericDeletes.commit(table, GenericDeletes.equality(table, "id", 2L, 4L, 99L));
    }
    String w = wh.toString();

    assertThat(CliRun.floe("tables", "-w", w).out()).containsPattern("ml\\.keys\\s+at most 10\\s");
    assertThat(CliRun.floe("table", "describe", "ml.keys", "-w", w).out())
        .contains("Size      at most 10 rows");
    Path lockFile = dir.resolve("lock.json");
    assertThat(CliRun.floe("pin", "ml.keys", "--out", lockFile.toString(), "-w", w).out())
        .contains(", 8 rows,"); // the pin reads the data and counts exactly
    assertThat(
            CliRun.floe(
                    "pin",
                    "ml.keys",
                    "--no-digest",
                    "--out",
                    lockFile.toString(),
                    "-w",
                    w,
                    "--force")
                .out())
        .contains(", at most 10 rows,");
  }

  private static Table table(Floe floe, String name, String formatVersion) {
    Table table =
        floe.tables()
            .createIfAbsent(
                name,
                BranchCommandTest.SCHEMA,
                PartitionSpec.unpartitioned(),
                Map.of("format-version", formatVersion));
    BranchCommandTest.append(table, "main", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    return table;
  }

  private static DataFile onlyFile(Table table) {
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      return tasks.iterator().next().file();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
