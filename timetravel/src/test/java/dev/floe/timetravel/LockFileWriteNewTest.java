package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.exceptions.LockFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LockFile#writeNew}: of writers racing for one path, one writes and none replaces it. */
class LockFileWriteNewTest {
  @TempDir Path dir;

  @Test
  void refusesAnExistingFileAndLeavesIt() throws Exception {
    Path path = dir.resolve("lock.json");
    lock(1).writeNew(path);

    assertThatThrownBy(() -> lock(2).writeNew(path))
        .isInstanceOf(LockFileException.class)
        .hasMessageContaining("Cannot write lock file " + path + ": it exists");

    assertThat(LockFile.read(path).locks().get(0).snapshotId()).isEqualTo(1);
    assertThat(files()).containsExactly(path);
  }

  @Test
  void exactlyOneOfRacingWritersWrites() throws Exception {
    Path path = dir.resolve("race.json");
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int round = 0; round < 20; round++) {
        Files.deleteIfExists(path);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> results = new ArrayList<>();
        for (int w = 1; w <= writers; w++) {
          long id = w;
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    try {
                      lock(id).writeNew(path);
                      return id;
                    } catch (LockFileException e) {
                      return -1L;
                    }
                  }));
        }
        start.countDown();
        List<Long> won = new ArrayList<>();
        for (Future<Long> result : results) {
          if (result.get() > 0) {
            won.add(result.get());
          }
        }

        assertThat(won).as("round %s", round).hasSize(1);
        assertThat(LockFile.read(path).locks().get(0).snapshotId()).isEqualTo(won.get(0));
        assertThat(files()).containsExactly(path);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  private static LockFile lock(long snapshotId) {
    return new LockFile(
        List.of(
            TrainingLock.builderFor("db.t", snapshotId)
                .catalog("floe")
                .files("f".repeat(64), 0, 0)
                .tag("t")
                .pinnedAt(Instant.EPOCH)
                .build()));
  }
}
