package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dealing of digest units to shards, over many unit lists and world sizes. */
class ShardsTest {
  @Test
  void dealingIsDisjointCompleteInLockOrderAndWithinOneUnit() {
    Random random = new Random(11);
    for (int trial = 0; trial < 500; trial++) {
      List<Shards.Unit> units = new ArrayList<>();
      int count = random.nextInt(40);
      for (int i = 0; i < count; i++) {
        long rows = random.nextInt(4) == 0 ? 0 : random.nextInt(100_000);
        units.add(Shards.Unit.wholeFile(i, "f" + i, rows));
      }
      int worldSize = 1 + random.nextInt(50);
      List<List<Shards.Unit>> shards = Shards.deal(units, worldSize);

      assertThat(shards).hasSize(worldSize);
      Set<Integer> seen = new HashSet<>();
      long smallest = Long.MAX_VALUE;
      long largest = 0;
      for (List<Shards.Unit> shard : shards) {
        assertThat(shard).isSortedAccordingTo((a, b) -> Integer.compare(a.index(), b.index()));
        shard.forEach(unit -> assertThat(seen.add(unit.index())).isTrue());
        smallest = Math.min(smallest, Shards.rows(shard));
        largest = Math.max(largest, Shards.rows(shard));
      }
      assertThat(seen).hasSize(units.size());
      long biggestUnit = units.stream().mapToLong(Shards.Unit::rows).max().orElse(0);
      assertThat(largest - smallest).isLessThanOrEqualTo(biggestUnit);
      assertThat(Shards.deal(units, worldSize)).as("the same every time").isEqualTo(shards);
    }
  }

  @Test
  void theShuffleSeedDependsOnTheLockTheEpochAndTheRankOnly() {
    TrainingLock lock = lock("a".repeat(64));
    long seed = Shards.seed(lock, 3, 1);
    assertThat(Shards.seed(lock("a".repeat(64)), 3, 1)).isEqualTo(seed);
    assertThat(Shards.seed(lock, 4, 1)).isNotEqualTo(seed);
    assertThat(Shards.seed(lock, 3, 2)).isNotEqualTo(seed);
    assertThat(Shards.seed(lock("b".repeat(64)), 3, 1)).isNotEqualTo(seed);
    int[] order = Shards.permutation(1000, new Random(seed));
    assertThat(Shards.permutation(1000, new Random(seed))).isEqualTo(order);
    assertThat(order).containsExactlyInAnyOrder(Shards.permutation(1000, new Random(0)));
  }

  private static TrainingLock lock(String digest) {
    return TrainingLock.builderFor("db.t", 1)
        .catalog("floe")
        .files("f".repeat(64), 0, 0)
        .contentDigest(digest)
        .tag("t")
        .pinnedAt(java.time.Instant.EPOCH)
        .build();
  }
}
