package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.LockVerificationException;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
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
 * A lock with per-file digests pins each split part's digest too: an edited split (seed, fractions)
 * picks other rows for a part, which the files' digests cannot tell. Parquet exports of a part, all
 * parts side by side, and the parts of a shuffled lock check the part's digest before they publish
 * or hand out a row.
 */
class PartExportEditedSplitTest {
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
    Table table = TestEvents.threeFiles(floe, false);
    lock = TimeTravel.pin(floe, TestEvents.NAME).split(SPLIT).commit();
  }

  @Test
  void aParquetExportOfAPartOfAnEditedSplitFailsAndWritesNothing() throws IOException {
    TrainingLock seed = edit(lock, node -> split(node).put("seed", 8));
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    assertThatThrownBy(
            () ->
                TimeTravel.rehydrate(floe, seed)
                    .part(Split.Part.TRAIN)
                    .writeParquet(out.resolve("train.parquet")))
        .isInstanceOf(LockVerificationException.class)
        .hasMessageContaining("train part");
    assertThat(listing(out)).isEmpty();
    long rows =
        TimeTravel.rehydrate(floe, lock)
            .part(Split.Part.TRAIN)
            .writeParquet(out.resolve("train.parquet"));
    assertThat(rows).isEqualTo(ids(lock, Split.Part.TRAIN).size());
  }

  @Test
  void allPartsOfAnEditedSplitFailInEveryFormatAndPublishNothing() throws IOException {
    TrainingLock fractions =
        edit(lock, node -> split(node).put("train", 0.5).put("validation", 0.3));
    Path out = dir.resolve("all");
    Files.createDirectories(out);
    assertThatThrownBy(() -> TimeTravel.rehydrate(floe, fractions).allParts().writeParquet(out))
        .isInstanceOf(LockVerificationException.class)
        .hasMessageContaining("part");
    assertThatThrownBy(
            () -> TimeTravel.rehydrate(floe, fractions).allParts().writeArrow(out, allocator))
        .isInstanceOf(LockVerificationException.class);
    assertThatThrownBy(
            () -> TimeTravel.rehydrate(floe, fractions).allParts().writeArrowStream(out, allocator))
        .isInstanceOf(LockVerificationException.class);
    assertThat(listing(out)).isEmpty();
    assertThat(TimeTravel.rehydrate(floe, lock).allParts().writeParquet(out))
        .extracting(AllParts.PartFile::rows)
        .containsExactly(
            (long) ids(lock, Split.Part.TRAIN).size(),
            (long) ids(lock, Split.Part.VALIDATION).size(),
            (long) ids(lock, Split.Part.TEST).size());
  }

  @Test
  void allPartsOfALockWithoutPartDigestsAreRefusedUnlessAskedUnverified() throws IOException {
    TrainingLock bare =
        edit(
            lock,
            node -> {
              for (var file : node.get("fileDigests")) {
                file.get("units").forEach(unit -> ((ObjectNode) unit).remove("parts"));
              }
              split(node).put("seed", 8).remove("digests");
            });
    assertThat(bare.splitDigests()).isEmpty();
    Path out = dir.resolve("bare");
    Files.createDirectories(out);
    assertThat(TimeTravel.rehydrate(floe, bare).allParts().verified()).isFalse();
    assertThatThrownBy(() -> TimeTravel.rehydrate(floe, bare).allParts().writeParquet(out))
        .isInstanceOf(LockVerificationException.class)
        .hasMessageContaining("NOT verified");
    assertThat(listing(out)).isEmpty();
    assertThat(TimeTravel.rehydrate(floe, bare).unverified().allParts().writeParquet(out))
        .hasSize(3);
  }

  @Test
  void aPartOfAShuffledLockWithAnEditedSplitFails() {
    TrainingLock shuffled =
        TimeTravel.pin(floe, TestEvents.NAME).split(SPLIT).shuffle(11).tag("shuffled").commit();
    List<Long> train = ids(shuffled, Split.Part.TRAIN);
    assertThat(train).containsExactlyInAnyOrderElementsOf(ids(lock, Split.Part.TRAIN));
    TrainingLock seed = edit(shuffled, node -> split(node).put("seed", 8));
    assertThatThrownBy(() -> ids(seed, Split.Part.TRAIN))
        .isInstanceOf(LockVerificationException.class)
        .hasMessageContaining("train part");
  }

  private TrainingLock edit(TrainingLock of, Consumer<ObjectNode> change) {
    return LockEdits.edited(of, dir.resolve("edited.lock"), change);
  }

  private static ObjectNode split(ObjectNode node) {
    return (ObjectNode) node.get("split");
  }

  private static List<String> listing(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  private List<Long> ids(TrainingLock of, Split.Part part) {
    List<Long> ids = new ArrayList<>();
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, of).part(part).arrow(allocator)) {
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
