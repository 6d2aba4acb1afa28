package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.LockVerificationException;
import dev.floe.catalog.testing.TempWarehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shards of a lock: disjoint, together exactly the part, balanced, stable, seeded by epoch. */
class ShardTest {
  private static final Split SPLIT =
      Split.by("id").train(0.6).validation(0.2).test(0.2).seed(7).build();
  private static final List<Split.Part> PARTS =
      Arrays.asList(null, Split.Part.TRAIN, Split.Part.VALIDATION, Split.Part.TEST);

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private Table table;
  private BufferAllocator allocator;
  private TrainingLock lock;

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
    table = TestEvents.create(floe);
    DataFiles.uncompressed(table);
    // Four appends of different sizes, two files each: eight units of unequal rows.
    long[] ends = {0, 30, 110, 130, 300};
    for (int i = 1; i < ends.length; i++) {
      TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, ends[i - 1], ends[i]));
    }
    lock = TimeTravel.pin(floe, TestEvents.NAME).split(SPLIT).commit();
    assertThat(lock.fileDigests()).hasSize(8);
  }

  @Test
  void shardsAreDisjointAndTogetherExactlyThePartForManyWorldSizes() {
    long largestUnit = lock.fileDigests().stream().mapToLong(FileDigest::rows).max().orElseThrow();
    for (Split.Part part : PARTS) {
      List<Long> whole = ids(r -> r.part(part));
      for (int worldSize : new int[] {1, 2, 3, 5, 12}) {
        List<Long> union = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long smallest = Long.MAX_VALUE;
        long biggest = 0;
        for (int rank = 0; rank < worldSize; rank++) {
          int r = rank;
          List<Long> shard = ids(x -> x.part(part).shard(r, worldSize));
          for (Long id : shard) {
            assertThat(seen.add(id))
                .as("id %s in two shards of %s (part %s)", id, worldSize, part)
                .isTrue();
          }
          union.addAll(shard);
          smallest = Math.min(smallest, shard.size());
          biggest = Math.max(biggest, shard.size());
        }
        assertThat(union)
            .as("union of %s shards of part %s", worldSize, part)
            .containsExactlyInAnyOrderElementsOf(whole);
        if (part == null) {
          assertThat(biggest - smallest).isLessThanOrEqualTo(largestUnit);
        }
      }
    }
  }

  @Test
  void moreShardsThanUnitsGiveEmptyShardsWithoutFailing() {
    assertThat(ids(r -> r.shard(11, 12))).isEmpty();
    assertThat(ids(r -> r.part(Split.Part.TEST).shard(9, 12).shuffle())).isEmpty();
  }

  @Test
  void aShardIsTheSameOnEveryRun() {
    assertThat(ids(r -> r.shard(1, 3))).isEqualTo(ids(r -> r.shard(1, 3))).isNotEmpty();
    assertThat(ids(r -> r.part(Split.Part.TRAIN).shard(2, 3)))
        .isEqualTo(ids(r -> r.part(Split.Part.TRAIN).shard(2, 3)));
  }

  @Test
  void shuffleIsReproducibleFromLockAndEpochAndDiffersForAnotherEpoch() {
    List<Long> plain = ids(r -> r.shard(0, 2));
    List<Long> first = ids(r -> r.shard(0, 2).epoch(7).shuffle());
    assertThat(ids(r -> r.shard(0, 2).epoch(7).shuffle())).isEqualTo(first);
    assertThat(first).isNotEqualTo(plain).containsExactlyInAnyOrderElementsOf(plain);
    assertThat(ids(r -> r.shard(0, 2).epoch(8).shuffle()))
        .isNotEqualTo(first)
        .containsExactlyInAnyOrderElementsOf(plain);
    List<Long> train = ids(r -> r.part(Split.Part.TRAIN).shard(1, 2));
    assertThat(ids(r -> r.part(Split.Part.TRAIN).shard(1, 2).epoch(3).shuffle()))
        .isNotEqualTo(train)
        .containsExactlyInAnyOrderElementsOf(train);
  }

  @Test
  void dropAndPadGiveEveryShardTheSameLength() {
    for (Split.Part part : PARTS) {
      int worldSize = 3;
      List<List<Long>> shards = new ArrayList<>();
      for (int rank = 0; rank < worldSize; rank++) {
        int r = rank;
        shards.add(ids(x -> x.part(part).shard(r, worldSize)));
      }
      int shortest = shards.stream().mapToInt(List::size).min().orElseThrow();
      int longest = shards.stream().mapToInt(List::size).max().orElseThrow();
      assertThat(longest).as("part %s shards differ", part).isGreaterThan(shortest);
      for (int rank = 0; rank < worldSize; rank++) {
        int r = rank;
        List<Long> own = shards.get(rank);
        List<Long> dropped =
            ids(x -> x.part(part).shard(r, worldSize).equalShards(EqualShards.DROP));
        assertThat(dropped).isEqualTo(own.subList(0, shortest));
        List<Long> padded = ids(x -> x.part(part).shard(r, worldSize).equalShards(EqualShards.PAD));
        assertThat(padded).hasSize(longest).startsWith(own.toArray(Long[]::new));
        for (int i = own.size(); i < longest; i++) {
          // Repeats the shard's first rows, again from the start if it is less than half as long.
          assertThat(padded.get(i)).isEqualTo(own.get(i % own.size()));
        }
      }
    }
  }

  @Test
  void padRefusesAnEmptyShardAndARankOutsideTheWorldIsRefused() {
    assertThatThrownBy(() -> ids(r -> r.shard(10, 12).equalShards(EqualShards.PAD)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot pad shard 10 of 12");
    assertThat(ids(r -> r.shard(10, 12).equalShards(EqualShards.DROP))).isEmpty();
    assertThatThrownBy(() -> TimeTravel.rehydrate(floe, lock).shard(3, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid rank 3 for world size 3: must be 0 to 2");
    assertThatThrownBy(() -> TimeTravel.rehydrate(floe, lock).shard(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid world size 0: must be at least 1");
  }

  @Test
  void aTamperedUnitFailsItsShardBeforeAnyOfItsRows() {
    FileDigest tampered = lock.fileDigests().get(0);
    Path file = DataFiles.local(tampered.path());
    long anId = firstId(file);
    DataFiles.replaceDouble(file, anId * 1.5, -1.0);

    List<Long> seen = new ArrayList<>();
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).shard(0, 2).arrow(allocator)) {
      assertThatThrownBy(() -> collect(batches, seen))
          .isInstanceOf(LockVerificationException.class)
          .hasMessageContaining(tampered.path());
    }
    assertThat(seen).isEmpty(); // the tampered file is the shard's first unit
    assertThat(ids(r -> r.shard(1, 2))).isNotEmpty(); // the other shard does not hold it
  }

  private long firstId(Path file) {
    try (ArrowBatches batches = TimeTravel.read(table).select("id").threads(1).arrow(allocator)) {
      for (VectorSchemaRoot batch : batches) {
        if (batches.fileDigests().isEmpty()) {
          return ((BigIntVector) batch.getVector(0)).get(0);
        }
      }
    }
    throw new AssertionError("no rows in " + file);
  }

  private List<Long> ids(UnaryOperator<Rehydration> options) {
    List<Long> ids = new ArrayList<>();
    try (ArrowBatches batches = options.apply(TimeTravel.rehydrate(floe, lock)).arrow(allocator)) {
      collect(batches, ids);
    }
    return ids;
  }

  private static void collect(ArrowBatches batches, List<Long> ids) {
    for (VectorSchemaRoot batch : batches) {
      BigIntVector id = (BigIntVector) batch.getVector("id");
      for (int i = 0; i < batch.getRowCount(); i++) {
        ids.add(id.get(i));
      }
    }
  }
}
