package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphansTest {
  @TempDir Path warehouse;
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = Floe.open(FloeConfig.embedded(warehouse));
    table = Events.create(floe, "ml.events", FileFormat.PARQUET);
  }

  @AfterEach
  void close() {
    floe.close();
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

    List<OrphanFile> dryRun = Orphans.of(table).plan();

    assertThat(dryRun)
        .extracting(o -> Path.of(java.net.URI.create(ReachableFiles.normalize(o.location()))))
        .containsExactlyInAnyOrder(oldData, oldMeta);
    assertThat(oldData).exists();
    List<Long> mainIds = Events.ids(table, "main");

    List<OrphanFile> deleted = Orphans.of(table).deleteOrphans();

    assertThat(deleted).hasSize(2);
    assertThat(oldData).doesNotExist();
    assertThat(oldMeta).doesNotExist();
    assertThat(young).exists();
    assertThat(Events.ids(table, "main")).isEqualTo(mainIds);
    assertThat(Events.ids(table, "exp")).hasSize(150);
    assertThat(Events.ids(table, "pin")).hasSize(100);
    table.snapshots().forEach(s -> Events.rows(table, s.snapshotId()));
    assertThat(Orphans.of(table).olderThan(Duration.ZERO).plan())
        .extracting(OrphanFile::location)
        .allMatch(l -> l.endsWith("in-flight.parquet"));
  }

  @Test
  void windowDefaultsToThreeDays() throws IOException {
    Events.append(table, "main", 0, 10, "a");
    Path file = stray("data", "two-days.parquet");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

    assertThat(Orphans.of(table).plan()).isEmpty();
    assertThat(Orphans.of(table).now(Instant.now().plus(Duration.ofDays(2))).plan()).hasSize(1);
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
    assertThatThrownBy(() -> Orphans.of(table).plan())
        .isInstanceOf(org.apache.iceberg.exceptions.ValidationException.class)
        .hasMessageContaining("gc.enabled is false");
  }

  @Test
  void rejectsNegativeWindow() {
    assertThatThrownBy(() -> Orphans.of(table).olderThan(Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid orphan window");
  }
}
