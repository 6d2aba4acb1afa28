package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random histories of appends, deletes, compactions, pins, expirations and orphan removals: every
 * pin (a tag) reads back exactly the rows recorded when it was made, and main its own ledger.
 */
class PinSafetyPropertyTest {
  private static final int OPERATIONS = 20;
  private static final String[] CATEGORIES = {"a", "b", "c"};

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;

  @BeforeEach
  void open() {
    floe = temp.floe();
  }

  /** 15 histories by default (a CI-sized run); {@code -Dfloe.test.pin-histories=300} for more. */
  static java.util.stream.LongStream seeds() {
    return java.util.stream.LongStream.range(0, Long.getLong("floe.test.pin-histories", 15));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyPinReadsItsRowsAfterAnyHistory(long seed) {
    Random random = new Random(seed);
    Table table = Events.create(floe, "ml.events_" + seed, FileFormat.PARQUET);
    Map<String, List<Long>> pins = new LinkedHashMap<>();
    List<String> log = new ArrayList<>();
    long nextId = 0;
    for (int op = 0; op < OPERATIONS; op++) {
      int kind = random.nextInt(10);
      if (kind < 4 || table.currentSnapshot() == null) {
        int rows = 1 + random.nextInt(30);
        nextId = Events.append(table, "main", nextId, rows, pick(random));
        log.add("append " + rows);
      } else if (kind == 4) {
        List<DataFile> files = Events.files(table, "main");
        if (!files.isEmpty()) {
          table.newDelete().deleteFile(files.get(random.nextInt(files.size()))).commit();
          log.add("delete file");
        }
      } else if (kind == 5) {
        CompactionResult r = Compaction.binPack(table).parallelism(1 + random.nextInt(2)).commit();
        log.add("compact " + r.groups());
      } else if (kind == 6) {
        String tag = "pin-" + op;
        table.manageSnapshots().createTag(tag, table.currentSnapshot().snapshotId()).commit();
        pins.put(tag, Events.ids(table, tag));
        log.add(tag);
      } else if (kind < 9) {
        Duration age = Duration.ofMillis(random.nextInt(2) == 0 ? 0 : random.nextInt(200));
        RetentionResult r =
            Compaction.expireSnapshots(table)
                .maxSnapshotAge(age)
                .minSnapshotsToKeep(1 + random.nextInt(3))
                .now(Instant.now().plusMillis(random.nextInt(100)))
                .commit();
        log.add("expire " + r.expiredSnapshots() + "/" + r.deletedDataFiles());
      } else {
        int deleted =
            Compaction.removeOrphans(table).olderThan(Duration.ZERO).deleteOrphans().size();
        log.add("orphans " + deleted);
      }
    }

    table.refresh();
    for (Map.Entry<String, List<Long>> pin : pins.entrySet()) {
      assertThat(Events.ids(table, pin.getKey()))
          .as("pin %s after %s", pin.getKey(), log)
          .isEqualTo(pin.getValue());
    }
    // Everything that is left (every kept snapshot) is still readable.
    table.snapshots().forEach(s -> Events.rows(table, s.snapshotId()));
  }

  private static String[] pick(Random random) {
    int n = 1 + random.nextInt(CATEGORIES.length);
    String[] chosen = new String[n];
    for (int i = 0; i < n; i++) {
      chosen[i] = CATEGORIES[(i + random.nextInt(CATEGORIES.length)) % CATEGORIES.length];
    }
    return java.util.Arrays.stream(chosen).distinct().toArray(String[]::new);
  }
}
