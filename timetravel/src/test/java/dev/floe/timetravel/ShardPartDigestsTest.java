package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.LockVerificationException;
import dev.floe.catalog.testing.TempWarehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard of a split part checks the rows it hands out against each unit's part digest in the lock:
 * an edited split (seed, fractions) picks other rows, which the unit's own digest cannot tell.
 */
class ShardPartDigestsTest {
  private static final Split SPLIT = TestEvents.SPLIT;

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private BufferAllocator allocator;
  @TempDir Path dir;
  private TrainingLock lock;

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
    Table table = TestEvents.threeFiles(floe, true);
    lock = TimeTravel.pin(floe, TestEvents.NAME).split(SPLIT).commit();
  }

  @Test
  void aPinRecordsEachUnitsPartRowsAndTheyReadBackFromTheLockFile() {
    TrainingLock read = LockEdits.edited(lock, dir.resolve("a.lock"), node -> {});
    assertThat(read.fileDigests()).isEqualTo(lock.fileDigests());
    for (FileDigest file : read.fileDigests()) {
      assertThat(file.units()).isNotEmpty();
      for (FileDigest.Unit unit : file.units()) {
        assertThat(unit.parts()).containsOnlyKeys(Split.Part.values());
        assertThat(unit.parts().values().stream().mapToLong(FileDigest.PartRows::rows).sum())
            .isEqualTo(unit.rows());
      }
    }
    for (Split.Part part : Split.Part.values()) {
      assertThat(PartUnits.splitDigest(read.fileDigests(), part))
          .isEqualTo(lock.splitDigests().get(part));
    }
  }

  @Test
  void shardsOfEachPartOfAnUneditedLockPassAndTogetherAreThePart() {
    for (Split.Part part : Split.Part.values()) {
      List<Long> whole = ids(lock, r -> r.part(part));
      List<Long> union = new ArrayList<>();
      for (int rank = 0; rank < 3; rank++) {
        int r = rank;
        union.addAll(ids(lock, x -> x.part(part).shard(r, 3)));
      }
      assertThat(union).isNotEmpty().containsExactlyInAnyOrderElementsOf(whole);
    }
  }

  @Test
  void anEditedSeedFailsAShardOfAPartNamingTheUnitAndTheSplit() {
    TrainingLock edited = edit(node -> split(node).put("seed", 8));
    assertThat(edited.split().seed()).isEqualTo(8);
    assertThatThrownBy(() -> ids(edited, r -> r.part(Split.Part.TRAIN).shard(0, 1)))
        .isInstanceOf(LockVerificationException.class)
        .hasMessageContaining("part train of rows ")
        .hasMessageContaining(" of " + lock.fileDigests().get(0).path())
        .hasMessageContaining("split");
  }

  @Test
  void editedFractionsFailAShardOfEachPartTheyMove() {
    // The split cuts the key hash at train, then train + validation: moving 0.1 from train to
    // validation moves rows of both, none of test.
    TrainingLock edited = edit(node -> split(node).put("train", 0.5).put("validation", 0.3));
    for (Split.Part part : List.of(Split.Part.TRAIN, Split.Part.VALIDATION)) {
      assertThatThrownBy(() -> ids(edited, r -> r.part(part).shard(0, 1)))
          .isInstanceOf(LockVerificationException.class)
          .hasMessageContaining("part " + Rehydration.partName(part) + " of rows ")
          .hasMessageContaining("was its split edited?");
    }
    assertThat(ids(edited, r -> r.part(Split.Part.TEST).shard(0, 1)))
        .isEqualTo(ids(lock, r -> r.part(Split.Part.TEST).shard(0, 1)))
        .isNotEmpty();
  }

  @Test
  void aFormat5LockWithoutPartsStillReadsItsShards() {
    TrainingLock old = edit(node -> units(node, unit -> unit.remove("parts")));
    assertThat(old.fileDigests())
        .allSatisfy(f -> assertThat(f.units()).allMatch(u -> u.parts().isEmpty()));
    List<Long> train = ids(lock, r -> r.part(Split.Part.TRAIN));
    List<Long> union = new ArrayList<>();
    union.addAll(ids(old, r -> r.part(Split.Part.TRAIN).shard(0, 2)));
    union.addAll(ids(old, r -> r.part(Split.Part.TRAIN).shard(1, 2)));
    assertThat(union).isNotEmpty().containsExactlyInAnyOrderElementsOf(train);
  }

  @Test
  void aLockWithoutPartsAndAnEditedSplitFailsAShardOfAPart() {
    // Without unit parts the units' digests cover all their rows; the part's digest catches it.
    TrainingLock seed = edit(node -> units(node, unit -> unit.remove("parts")).put("seed", 8));
    assertThatThrownBy(() -> ids(seed, r -> r.part(Split.Part.TRAIN).shard(1, 2)))
        .isInstanceOf(LockVerificationException.class)
        .hasMessageContaining("content digest mismatch in the train part")
        .hasMessageContaining("was its split edited?");
    TrainingLock fractions =
        edit(
            node ->
                units(node, unit -> unit.remove("parts")).put("train", 0.5).put("validation", 0.3));
    assertThatThrownBy(() -> ids(fractions, r -> r.part(Split.Part.VALIDATION).shard(0, 2)))
        .isInstanceOf(LockVerificationException.class)
        .hasMessageContaining("validation part");
    assertThat(ids(fractions, r -> r.part(Split.Part.TEST).shard(0, 1)))
        .isEqualTo(ids(lock, r -> r.part(Split.Part.TEST)));
  }

  @Test
  void partsThatDoNotAddUpToTheSplitDigestsAreRefused() {
    String other = "0".repeat(64);
    assertThatThrownBy(
            () ->
                edit(
                    node ->
                        ((ObjectNode) first(node).get("parts").get("test")).put("digest", other)))
        .hasMessageContaining("split digest of the test part")
        .hasMessageContaining("the lock was edited");
    assertThatThrownBy(() -> edit(node -> first(node).remove("parts")))
        .hasMessageContaining("has no field 'parts'");
    assertThatThrownBy(
            () -> edit(node -> ((ObjectNode) first(node).get("parts")).set("holdout", null)))
        .hasMessageContaining("part 'holdout'");
  }

  private TrainingLock edit(Consumer<ObjectNode> change) {
    return LockEdits.edited(lock, dir.resolve("edited.lock"), change);
  }

  private static ObjectNode split(ObjectNode node) {
    return (ObjectNode) node.get("split");
  }

  private static ObjectNode first(ObjectNode node) {
    return (ObjectNode) node.get("fileDigests").get(0).get("units").get(0);
  }

  /** Changes every digest unit; returns the lock's split, for further edits. */
  private static ObjectNode units(ObjectNode node, Consumer<ObjectNode> change) {
    for (JsonNode file : node.get("fileDigests")) {
      file.get("units").forEach(unit -> change.accept((ObjectNode) unit));
    }
    return split(node);
  }

  private List<Long> ids(TrainingLock of, UnaryOperator<Rehydration> options) {
    List<Long> ids = new ArrayList<>();
    try (ArrowBatches batches = options.apply(TimeTravel.rehydrate(floe, of)).arrow(allocator)) {
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
