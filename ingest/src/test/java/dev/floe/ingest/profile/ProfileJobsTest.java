package dev.floe.ingest.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.MlEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProfileJobsTest {
  private BufferAllocator allocator;
  private final List<VectorSchemaRoot> roots = new ArrayList<>();

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    roots.forEach(VectorSchemaRoot::close);
    allocator.close(); // fails the test on a leaked buffer
  }

  private VectorSchemaRoot batch(long first, int count) {
    VectorSchemaRoot root = EventVectors.of(allocator, ProfileTest.rows(first, count));
    roots.add(root);
    return root;
  }

  @Test
  void jobsOnAPoolGiveEachBatchTheProfileItGetsAlone() {
    List<VectorSchemaRoot> batches = List.of(batch(0, 3000), batch(3000, 70_000), batch(9, 1));
    List<Schema> schemas = List.of(MlEvents.SCHEMA, MlEvents.SCHEMA, MlEvents.SCHEMA);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Profile> profiles;
    try (ProfileJobs jobs = ProfileJobs.start(schemas, batches, pool, 3)) {
      profiles = jobs.join();
      assertThat(jobs.profiles()).isCompletedWithValue(profiles); // what dependent stages get
    } finally {
      pool.shutdown();
    }

    assertThat(profiles).hasSize(3);
    for (int i = 0; i < batches.size(); i++) {
      SameSketches.assertSame(Profile.of(MlEvents.SCHEMA, batches.get(i)), profiles.get(i));
    }
    assertThat(profiles.get(1).column("id").min()).isEqualTo(3000L);
  }

  @Test
  void theCallerRunsTheJobsNoThreadTook() {
    List<Runnable> held = new ArrayList<>(); // an executor whose threads never come
    VectorSchemaRoot root = batch(0, 500);
    List<Profile> profiles;
    try (ProfileJobs jobs =
        ProfileJobs.start(List.of(MlEvents.SCHEMA), List.of(root), held::add, 4)) {
      profiles = jobs.join();
    }
    held.forEach(Runnable::run); // late helpers find nothing left

    assertThat(held).hasSize(4);
    SameSketches.assertSame(Profile.of(MlEvents.SCHEMA, root), profiles.get(0));
  }

  @Test
  void closeSkipsJobsNotStartedSoTheVectorsCanBeFreed() {
    List<Runnable> held = new ArrayList<>();
    VectorSchemaRoot root = batch(0, 500);
    ProfileJobs jobs = ProfileJobs.start(List.of(MlEvents.SCHEMA), List.of(root), held::add, 2);
    jobs.close(); // returns without running a job: nothing reads the vectors after this
    assertThat(jobs.profiles()).isCompletedExceptionally();

    roots.remove(root);
    root.close();
    held.forEach(Runnable::run); // a helper that starts late reads nothing
    assertThat(held).hasSize(2);
  }

  @Test
  void refusesABatchThatDoesNotMatchItsSchemaBeforeStartingAnything() {
    List<Runnable> held = new ArrayList<>();
    Schema wider =
        new Schema(
            List.of(
                MlEvents.SCHEMA.columns().get(0),
                Types.NestedField.optional(99, "missing", Types.LongType.get())));
    VectorSchemaRoot root = batch(0, 10);

    assertThatThrownBy(() -> ProfileJobs.start(List.of(wider), List.of(root), held::add, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column missing is missing from its vectors");
    assertThat(held).isEmpty();
  }
}
