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
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shards of split parts of locks without unit parts, read back whole (with a filter, with columns
 * that leave the split's key out) and edited as a hostile user might (key column, seed) under every
 * equal-length mode and a shuffle: the part's rows, or a failure before any row.
 */
class ShardHostileEditsTest {
  private static final Split SPLIT = TestEvents.SPLIT;

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private BufferAllocator allocator;
  @TempDir Path dir;
  private TrainingLock lock;
  private TrainingLock filtered;

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
    Table table = TestEvents.threeFiles(floe, true);
    lock = TimeTravel.pin(floe, TestEvents.NAME).split(SPLIT).commit();
    filtered =
        TimeTravel.pin(floe, TestEvents.NAME)
            .split(SPLIT)
            .filter(Expressions.greaterThan("id", 55))
            .tag("filtered")
            .commit();
  }

  @Test
  void shardsOfAFilteredLockWithoutPartsAreItsParts() {
    TrainingLock old = edit(filtered, node -> units(node, unit -> unit.remove("parts")));
    for (Split.Part part : Split.Part.values()) {
      List<Long> whole = ids(filtered, r -> r.part(part));
      List<Long> union = new ArrayList<>();
      for (int rank = 0; rank < 4; rank++) {
        int r = rank;
        union.addAll(ids(old, x -> x.part(part).shard(r, 4)));
      }
      assertThat(union).isNotEmpty().containsExactlyInAnyOrderElementsOf(whole);
      assertThat(whole).allMatch(id -> id > 55);
    }
  }

  @Test
  void shardsOfALockSelectingColumnsWithoutTheKeyAreItsParts() {
    TrainingLock narrow =
        TimeTravel.pin(floe, TestEvents.NAME)
            .split(SPLIT)
            .select("amount", "label")
            .tag("narrow")
            .commit();
    TrainingLock old = edit(narrow, node -> units(node, unit -> unit.remove("parts")));
    for (Split.Part part : Split.Part.values()) {
      List<String> whole = labels(narrow, r -> r.part(part));
      List<String> union = new ArrayList<>();
      for (int rank = 0; rank < 2; rank++) {
        int r = rank;
        union.addAll(labels(old, x -> x.part(part).shard(r, 2)));
      }
      assertThat(union).isNotEmpty().containsExactlyInAnyOrderElementsOf(whole);
      List<String> viaParts = new ArrayList<>();
      for (int rank = 0; rank < 2; rank++) {
        int r = rank;
        viaParts.addAll(labels(narrow, x -> x.part(part).shard(r, 2)));
      }
      assertThat(viaParts).containsExactlyInAnyOrderElementsOf(whole);
    }
  }

  private List<String> labels(TrainingLock of, UnaryOperator<Rehydration> options) {
    List<String> out = new ArrayList<>();
    try (ArrowBatches batches = options.apply(TimeTravel.rehydrate(floe, of)).arrow(allocator)) {
      for (VectorSchemaRoot batch : batches) {
        var label = batch.getVector("label");
        var amount = batch.getVector("amount");
        for (int i = 0; i < batch.getRowCount(); i++) {
          out.add(label.getObject(i) + "/" + amount.getObject(i));
        }
      }
    }
    return out;
  }

  @Test
  void anEditedKeyColumnFailsEveryShardOfALockWithoutParts() {
    TrainingLock key =
        edit(lock, node -> units(node, unit -> unit.remove("parts")).put("keyColumn", "user_id"));
    for (Split.Part part : Split.Part.values()) {
      assertThatThrownBy(() -> ids(key, r -> r.part(part).shard(0, 2)))
          .isInstanceOf(LockVerificationException.class);
    }
  }

  @Test
  void anEditedSeedFailsEveryShardUnderPadDropAndShuffle() {
    TrainingLock seed =
        edit(lock, node -> units(node, unit -> unit.remove("parts")).put("seed", 8));
    for (EqualShards equal : EqualShards.values()) {
      for (int rank = 0; rank < 3; rank++) {
        int r = rank;
        assertThatThrownBy(
                () -> ids(seed, x -> x.part(Split.Part.TRAIN).shard(r, 3).equalShards(equal)))
            .as("equal %s rank %s", equal, r)
            .isInstanceOf(LockVerificationException.class);
        assertThatThrownBy(
                () ->
                    ids(
                        seed,
                        x -> x.part(Split.Part.TRAIN).shard(r, 3).equalShards(equal).shuffle()))
            .as("shuffled equal %s rank %s", equal, r)
            .isInstanceOf(LockVerificationException.class);
      }
    }
    assertThatThrownBy(() -> ids(seed, x -> x.part(Split.Part.TRAIN)))
        .isInstanceOf(LockVerificationException.class);
  }

  private TrainingLock edit(TrainingLock of, Consumer<ObjectNode> change) {
    return LockEdits.edited(of, dir.resolve("edited.lock"), change);
  }

  private static ObjectNode units(ObjectNode node, Consumer<ObjectNode> change) {
    for (JsonNode file : node.get("fileDigests")) {
      file.get("units").forEach(unit -> change.accept((ObjectNode) unit));
    }
    return (ObjectNode) node.get("split");
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
