package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.LockVerificationException;
import dev.floe.catalog.testing.GenericDeletes;
import dev.floe.catalog.testing.TempWarehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Shards of a {@code floe-digest/2} lock are made of row groups (stripes): three files of several
 * units each (Parquet with position deletes inside units, Parquet, ORC), so more shards than files
 * still get rows; each rank reads exactly its units' row ranges and checks each unit on its own.
 */
class ShardUnitsTest {
  private static final Split SPLIT =
      Split.by("id").train(0.6).validation(0.2).test(0.2).seed(7).build();
  private static final List<Split.Part> PARTS =
      Arrays.asList(null, Split.Part.TRAIN, Split.Part.VALIDATION, Split.Part.TEST);
  private static final int GROUP = 50;
  private static final Set<Integer> DELETED = Set.of(60, 61, 175);

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private BufferAllocator allocator;
  private Table table;
  private TrainingLock lock;
  // The first id of each data file, by its row count in the lock (each file's rows are distinct).
  private final Map<Long, Integer> firstIdByRows = Map.of(227L, 0, 120L, 230, 170L, 350);

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
    table = UnitTables.create(floe, "db.units", GROUP);
    DataFiles.uncompressed(table);
    UnitTables.append(table, FileFormat.PARQUET, rows(0, 230));
    DataFile first = table.currentSnapshot().addedDataFiles(table.io()).iterator().next();
    GenericDeletes.commit(
        table,
        GenericDeletes.positions(table, first, DELETED.stream().mapToLong(i -> i).toArray()));
    UnitTables.append(table, FileFormat.PARQUET, rows(230, 350));
    UnitTables.append(table, FileFormat.ORC, rows(350, 520));
    lock = TimeTravel.pin(floe, "db.units").split(SPLIT).commit();
    assertThat(lock.digestAlgorithm()).isEqualTo(TrainingLock.DIGEST_V2);
    assertThat(lock.fileDigests()).extracting(f -> f.units().size()).contains(5, 3, 4);
  }

  @Test
  void shardsOfRowGroupsAreDisjointTogetherThePartBalancedAndEachExactlyItsUnitsRows() {
    List<Shards.Unit> units = Shards.units(lock);
    assertThat(units).hasSize(12);
    for (Split.Part part : PARTS) {
      List<Integer> whole = ids(r -> r.part(part));
      for (int worldSize : new int[] {1, 2, 3, 4, 5, 7, 12, 13}) {
        List<List<Shards.Unit>> dealt = Shards.deal(units, worldSize);
        List<Integer> union = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (int rank = 0; rank < worldSize; rank++) {
          int r = rank;
          List<Integer> shard = ids(x -> x.part(part).shard(r, worldSize));
          shard.forEach(
              id -> assertThat(seen.add(id)).as("id %s twice (N %s)", id, worldSize).isTrue());
          if (part == null) {
            assertThat(shard)
                .as("shard %s of %s holds exactly its units' row ranges", rank, worldSize)
                .isEqualTo(unitIds(dealt.get(rank)));
          } else {
            assertThat(whole).containsAll(shard);
          }
          union.addAll(shard);
          smallest = Math.min(smallest, shard.size());
          largest = Math.max(largest, shard.size());
        }
        assertThat(union)
            .as("N %s part %s", worldSize, part)
            .containsExactlyInAnyOrderElementsOf(whole);
        if (part == null) {
          assertThat(largest - smallest).as("N %s", worldSize).isLessThanOrEqualTo(GROUP);
          if (worldSize <= units.size()) {
            assertThat(smallest).as("N %s > 3 files, every shard has rows", worldSize).isPositive();
          }
        }
      }
    }
  }

  @Test
  void everyUnitReadAloneGivesItsRowsOnTheVectorizedAndTheRowPath() {
    for (Shards.Unit unit : Shards.units(lock)) {
      FileDigest.Unit pinned = lock.fileDigests().get(unit.file()).units().get(unit.group());
      FileDigest expected = new FileDigest(unit.path(), pinned.rows(), pinned.digest());
      for (boolean vectorized : new boolean[] {true, false}) {
        Reader reader =
            TimeTravel.fileOrderReader(floe, lock)
                .units(List.of(unit), lock, null)
                .digestUnits(false)
                .verifyFiles(List.of(expected))
                .vectorized(vectorized)
                .batchSize(7);
        List<Integer> ids = new ArrayList<>();
        try (ArrowBatches batches = reader.arrow(allocator)) {
          collect(batches, ids);
        }
        assertThat(ids)
            .as("unit %s, vectorized %s", unit, vectorized)
            .isEqualTo(unitIds(List.of(unit)));
      }
    }
  }

  @Test
  void aShuffledShardPermutesUnitsAndRowsWithinThemReproducibly() {
    List<Integer> plain = ids(r -> r.shard(1, 4));
    List<Integer> shuffled = ids(r -> r.shard(1, 4).epoch(2).shuffle());
    assertThat(ids(r -> r.shard(1, 4).epoch(2).shuffle())).isEqualTo(shuffled);
    assertThat(shuffled).isNotEqualTo(plain).containsExactlyInAnyOrderElementsOf(plain);
    assertThat(ids(r -> r.shard(1, 4).epoch(3).shuffle())).isNotEqualTo(shuffled);
  }

  @Test
  void aTamperedRowGroupFailsOnlyTheShardHoldingItNamingItsRowRange() {
    FileDigest file = lock.fileDigests().stream().filter(f -> f.rows() == 227).findFirst().get();
    int fileIndex = lock.fileDigests().indexOf(file);
    Path local = DataFiles.local(file.path());
    DataFiles.replaceDouble(local, 160 * 1.25, -1.0); // id 160: position 160, unit 4 (150-199)
    int worldSize = 3;
    List<List<Shards.Unit>> dealt = Shards.deal(Shards.units(lock), worldSize);
    int holder = -1;
    for (int rank = 0; rank < worldSize; rank++) {
      for (Shards.Unit unit : dealt.get(rank)) {
        if (unit.file() == fileIndex && unit.group() == 3) {
          holder = rank;
        }
      }
    }

    for (int rank = 0; rank < worldSize; rank++) {
      int r = rank;
      if (rank != holder) {
        assertThat(ids(x -> x.shard(r, worldSize))).isEqualTo(unitIds(dealt.get(rank)));
        continue;
      }
      List<Integer> seen = new ArrayList<>();
      try (ArrowBatches batches =
          TimeTravel.rehydrate(floe, lock).shard(rank, worldSize).arrow(allocator)) {
        assertThatThrownBy(() -> collect(batches, seen))
            .isInstanceOf(LockVerificationException.class)
            .hasMessageStartingWith(
                "content digest mismatch in rows 150-199 of "
                    + file.path()
                    + " (unit 4 of 5, file "
                    + (fileIndex + 1)
                    + " of 3)");
      }
      assertThat(seen).noneMatch(id -> id >= 150 && id < 200);
    }
  }

  @Test
  void aLockOfFormat4StillDealsWholeFiles() {
    TrainingLock pinned = TimeTravel.pin(floe, "db.units").commit();
    List<FileDigest> whole;
    try (ArrowBatches batches =
        TimeTravel.read(table).snapshot(pinned.snapshotId()).digestUnits(false).arrow(allocator)) {
      batches.forEach(batch -> {});
      whole = batches.fileDigests();
    }
    TrainingLock v4 =
        TrainingLock.builderFrom(pinned)
            .formatVersion(TrainingLock.FILE_DIGESTS_VERSION)
            .fileDigests(whole)
            .contentDigest(FileDigest.root(whole))
            .build();
    lock = v4;
    assertThat(Shards.units(v4)).hasSize(3).allMatch(Shards.Unit::whole);
    List<Integer> union = new ArrayList<>();
    for (int rank = 0; rank < 5; rank++) {
      int r = rank;
      List<Integer> shard = ids(x -> x.shard(r, 5));
      assertThat(shard.isEmpty()).isEqualTo(rank >= 3);
      union.addAll(shard);
    }
    assertThat(union).containsExactlyInAnyOrderElementsOf(ids(r -> r));
  }

  // The ids the units hold, in order: rows were written in id order, so a row's id is its file's
  // first id plus its position; deleted positions are left out.
  private List<Integer> unitIds(List<Shards.Unit> units) {
    List<Integer> ids = new ArrayList<>();
    for (Shards.Unit unit : units) {
      int first = firstIdByRows.get(lock.fileDigests().get(unit.file()).rows());
      for (long p = unit.offset(); p < unit.offset() + unit.count(); p++) {
        int id = (int) (first + p);
        if (first != 0 || !DELETED.contains(id)) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  private List<Integer> ids(UnaryOperator<Rehydration> options) {
    List<Integer> ids = new ArrayList<>();
    try (ArrowBatches batches = options.apply(TimeTravel.rehydrate(floe, lock)).arrow(allocator)) {
      collect(batches, ids);
    }
    return ids;
  }

  private static void collect(ArrowBatches batches, List<Integer> ids) {
    for (VectorSchemaRoot batch : batches) {
      IntVector id = (IntVector) batch.getVector("id");
      for (int i = 0; i < batch.getRowCount(); i++) {
        ids.add(id.get(i));
      }
    }
  }

  private static List<Record> rows(int from, int to) {
    List<Record> rows = new ArrayList<>();
    for (int id = from; id < to; id++) {
      rows.add(UnitTables.row(id, id * 0.5f, id % 3 == 0 ? null : id * 1.25, List.of((float) id)));
    }
    return rows;
  }
}
