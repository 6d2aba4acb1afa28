package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Any world size an int holds is a valid shard request: the dealing costs the units, not the
 * shards, and deals exactly as the rank-by-rank scan always did (a rank's rows must not change
 * between Floe versions).
 */
class ShardsAtAnyWorldSizeTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);

  @Test
  void dealsExactlyAsTheRankByRankScan() {
    Random random = new Random(5);
    for (int trial = 0; trial < 500; trial++) {
      List<Shards.Unit> units = new ArrayList<>();
      int count = random.nextInt(60);
      for (int i = 0; i < count; i++) {
        long rows = random.nextInt(3) == 0 ? random.nextInt(3) : random.nextInt(1_000);
        units.add(Shards.Unit.wholeFile(i, "f" + i, rows));
      }
      int worldSize = 1 + random.nextInt(80);

      assertThat(Shards.deal(units, worldSize))
          .as("trial %s: %s units, world size %s", trial, count, worldSize)
          .isEqualTo(scan(units, worldSize));
    }
  }

  @Test
  void theLargestWorldSizeDealsWithoutOneListPerShard() {
    List<Shards.Unit> units = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      units.add(Shards.Unit.wholeFile(i, "f" + i, 10 + i));
    }

    List<List<Shards.Unit>> shards = Shards.deal(units, Integer.MAX_VALUE);

    assertThat(shards).hasSize(Integer.MAX_VALUE);
    for (int rank = 0; rank < 5; rank++) {
      assertThat(shards.get(rank)).containsExactly(units.get(rank));
    }
    assertThat(shards.get(5)).isEmpty();
    assertThat(shards.get(Integer.MAX_VALUE - 1)).isEmpty();
  }

  @Test
  void aRehydrationOfTheLargestWorldSizeReadsItsRankOnly() {
    Floe floe = temp.floe();
    BufferAllocator allocator = temp.resource(BufferAllocator.class);
    Table table = TestEvents.create(floe);
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 40));
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 40, 100));
    TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME).commit();
    List<Long> all = ids(TimeTravel.rehydrate(floe, lock), allocator);

    int units = Shards.units(lock).size();
    List<Long> union = new ArrayList<>();
    for (int rank = 0; rank < units; rank++) {
      List<Long> shard =
          ids(TimeTravel.rehydrate(floe, lock).shard(rank, Integer.MAX_VALUE), allocator);
      assertThat(shard).as("rank %s", rank).isNotEmpty();
      assertThat(union).as("rank %s", rank).doesNotContainAnyElementsOf(shard);
      union.addAll(shard);
    }
    List<Long> last =
        ids(
            TimeTravel.rehydrate(floe, lock).shard(Integer.MAX_VALUE - 1, Integer.MAX_VALUE),
            allocator);

    assertThat(union).containsExactlyInAnyOrderElementsOf(all);
    assertThat(last).isEmpty();
  }

  /** The dealing as first written: a scan of every rank for the fewest rows, per unit. */
  private static List<List<Shards.Unit>> scan(List<Shards.Unit> units, int worldSize) {
    List<List<Shards.Unit>> shards = new ArrayList<>();
    long[] rows = new long[worldSize];
    for (int r = 0; r < worldSize; r++) {
      shards.add(new ArrayList<>());
    }
    for (Shards.Unit unit : units) {
      int smallest = 0;
      for (int r = 1; r < worldSize; r++) {
        if (rows[r] < rows[smallest]) {
          smallest = r;
        }
      }
      shards.get(smallest).add(unit);
      rows[smallest] += unit.rows();
    }
    return shards;
  }

  private static List<Long> ids(Rehydration rehydration, BufferAllocator allocator) {
    List<Long> ids = new ArrayList<>();
    try (ArrowBatches batches = rehydration.arrow(allocator)) {
      for (VectorSchemaRoot batch : batches) {
        BigIntVector id = (BigIntVector) batch.getVector("id");
        for (int i = 0; i < batch.getRowCount(); i++) {
          ids.add(id.get(i));
        }
      }
    }
    return ids;
  }
}
