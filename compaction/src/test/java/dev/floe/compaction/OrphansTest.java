package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrphansTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.create(floe, "ml.events", FileFormat.PARQUET);
  }

  private Path tableDir() {
    return Path.of(java.net.URI.create(ReachableFiles.normalize(table.location())));
  }

  /** Makes every file of the table look a week old, so only reachability protects it. */
  private void ageEverything() throws IOException {
    FileTime weekAgo = FileTime.from(Instant.now().minus(Duration.ofDays(7)));
    try (Stream<Path> files = Files.walk(tableDir())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(file, weekAgo);
      }
    }
  }

  private Path stray(String folder, String name) throws IOException {
    Path file = tableDir().resolve(folder).resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "not committed");
    return file;
  }

  @Test
  void findsOldUnreferencedFilesAndKeepsEveryReferencedOne() throws IOException {
    Events.append(table, "main", 0, 50, "a", "b");
    table.manageSnapshots().createTag("pin", table.currentSnapshot().snapshotId()).commit();
    table.manageSnapshots().createBranch("exp").commit();
    Events.append(table, "exp", 100, 50, "a");
    Events.append(table, "main", 200, 50, "b");
    Compaction.binPack(table).commit();
    Path oldData = stray("data/category=a", "crashed-writer.parquet");
    Path oldMeta = stray("metadata", "abandoned-manifest.avro");
    ageEverything();
    Path young = stray("data/category=b", "in-flight.parquet");

    List<OrphanFile> dryRun = Compaction.removeOrphans(table).plan();

    assertThat(dryRun)
        .extracting(o -> Path.of(java.net.URI.create(ReachableFiles.normalize(o.location()))))
        .containsExactlyInAnyOrder(oldData, oldMeta);
    assertThat(oldData).exists();
    List<Long> mainIds = Events.ids(table, "main");

    List<OrphanFile> deleted = Compaction.removeOrphans(table).deleteOrphans();

    assertThat(deleted).hasSize(2);
    assertThat(oldData).doesNotExist();
    assertThat(oldMeta).doesNotExist();
    assertThat(young).exists();
    assertThat(Events.ids(table, "main")).isEqualTo(mainIds);
    assertThat(Events.ids(table, "exp")).hasSize(150);
    assertThat(Events.ids(table, "pin")).hasSize(100);
    table.snapshots().forEach(s -> Events.rows(table, s.snapshotId()));
    assertThat(Compaction.removeOrphans(table).olderThan(Duration.ZERO).plan())
        .extracting(OrphanFile::location)
        .allMatch(l -> l.endsWith("in-flight.parquet"));
  }

  @Test
  void windowDefaultsToThreeDays() throws IOException {
    Events.append(table, "main", 0, 10, "a");
    Path file = stray("data", "two-days.parquet");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

    assertThat(Compaction.removeOrphans(table).plan()).isEmpty();
    assertThat(Compaction.removeOrphans(table).now(Instant.now().plus(Duration.ofDays(2))).plan())
        .hasSize(1);
  }

  @Test
  void normalisesPathSpellings() {
    assertThat(ReachableFiles.normalize("file:/tmp/t/a.parquet"))
        .isEqualTo(ReachableFiles.normalize("file:///tmp/t/a.parquet"))
        .isEqualTo(ReachableFiles.normalize("/tmp/t/a.parquet"))
        .isEqualTo(ReachableFiles.normalize("/tmp//t/a.parquet"))
        .isEqualTo("file:/tmp/t/a.parquet");
    assertThat(ReachableFiles.normalize("s3a://bucket/w/a.parquet"))
        .isEqualTo(ReachableFiles.normalize("s3://bucket/w//a.parquet"))
        .isEqualTo(ReachableFiles.normalize("s3n://bucket/w/a.parquet"))
        .isEqualTo("s3://bucket/w/a.parquet");
    assertThat(ReachableFiles.normalize("s3://bucket/a")).isNotEqualTo("s3://other/a");
  }

  @Test
  void refusesTablesWithGcDisabled() {
    table.updateProperties().set("gc.enabled", "false").commit();
    assertThatThrownBy(() -> Compaction.removeOrphans(table).plan())
        .isInstanceOf(org.apache.iceberg.exceptions.ValidationException.class)
        .hasMessageContaining("gc.enabled is false");
  }

  @Test
  void rejectsNegativeWindow() {
    assertThatThrownBy(() -> Compaction.removeOrphans(table).olderThan(Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid orphan window");
  }

  /** Old stray files under data/, one folder per ten. */
  private List<Path> oldStrays(int count) throws IOException {
    List<Path> strays = new ArrayList<>();
    FileTime weekAgo = FileTime.from(Instant.now().minus(Duration.ofDays(7)));
    for (int i = 0; i < count; i++) {
      Path file = stray("data/crashed=" + (i / 10), "f-" + i + ".parquet");
      Files.setLastModifiedTime(file, weekAgo);
      strays.add(file);
    }
    return strays;
  }

  @Test
  void planSurvivesFilesDeletedWhileItLists() throws Exception {
    Events.append(table, "main", 0, 10, "a");
    List<Path> strays = oldStrays(2_000);
    Set<String> strayLocations = new HashSet<>();
    strays.forEach(p -> strayLocations.add(ReachableFiles.normalize(p.toString())));
    List<Path> shuffled = new ArrayList<>(strays);
    Collections.shuffle(shuffled, new Random(7));
    CompletableFuture<Void> deleter =
        CompletableFuture.runAsync(
            () -> {
              for (Path file : shuffled) {
                try {
                  Files.deleteIfExists(file);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            });

    int plans = 0;
    while (!deleter.isDone() || plans == 0) {
      List<OrphanFile> orphans = Compaction.removeOrphans(table).plan();
      assertThat(orphans)
          .allMatch(o -> strayLocations.contains(ReachableFiles.normalize(o.location())));
      plans++;
    }
    deleter.get(60, TimeUnit.SECONDS);

    assertThat(Compaction.removeOrphans(table).plan()).isEmpty();
    assertThat(Events.ids(table, "main")).hasSize(10);
  }

  @Test
  void planSurvivesAConcurrentAppendAndExpire() throws Exception {
    long first = Events.append(table, "main", 0, 10, "a");
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Integer> writer =
        CompletableFuture.supplyAsync(
            () -> {
              Table other = floe.tables().load("ml.events");
              long next = first;
              int commits = 0;
              while (!stop.get()) {
                next = Events.append(other, "main", next, 5, "a", "b");
                // Deletes the manifest lists of the snapshots a plan may be reading.
                other.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).commit();
                commits++;
              }
              return commits;
            });
    int plans = 0;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (System.nanoTime() < deadline || plans < 20) {
        assertThat(Compaction.removeOrphans(table).plan()).isEmpty();
        plans++;
      }
    } finally {
      stop.set(true);
    }
    int commits = writer.get(60, TimeUnit.SECONDS);
    System.out.printf("%d orphan plans beside %d append+expire commits%n", plans, commits);
  }

  /** Not a speed assertion: prints what planning costs for 10,000 listed files (target < 2 s). */
  @Test
  void plansTenThousandFilesWithoutASubprocessPerFile() throws IOException {
    Events.append(table, "main", 0, 10, "a");
    oldStrays(10_000);

    long started = System.nanoTime();
    List<OrphanFile> orphans = Compaction.removeOrphans(table).plan();
    long millis = (System.nanoTime() - started) / 1_000_000;

    System.out.printf("Orphans.plan: %d orphans found in %d ms%n", orphans.size(), millis);
    assertThat(orphans).hasSize(10_000);
  }
}
