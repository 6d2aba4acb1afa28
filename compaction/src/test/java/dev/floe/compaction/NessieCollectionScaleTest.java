package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.NessieServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Nessie-aware scan on a table of many commits, each of which keeps every earlier snapshot:
 * every commit's metadata reaches the manifests of all earlier ones, so reading each manifest list
 * and manifest once (not once per commit) is what keeps the scan linear. Prints the time; {@code
 * -Dfloe.scale.commits=1700} builds a table of 3,400 data files (the size a user measured).
 */
class NessieCollectionScaleTest {
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  @TempDir Path warehouse;

  @Test
  void scansATableOfManyCommitsAndFindsOnlyTheStray() throws IOException {
    int commits = Integer.getInteger("floe.scale.commits", 60);
    String name = nessie.uniqueName("scale") + ".events";
    try (Floe floe = Floe.open(FloeConfig.nessie(nessie.uri(), warehouse.toString()))) {
      Table table = Events.create(floe, name, FileFormat.PARQUET);
      long next = 0;
      for (int i = 0; i < commits; i++) {
        next = Events.append(table, "main", next, 2, "a", "b");
        if (i == commits / 2) {
          floe.experiments().create(nessie.uniqueName("exp")).commit();
        }
      }
      Path tableDir = Path.of(java.net.URI.create(ReachableFiles.normalize(table.location())));
      Path stray = tableDir.resolve("data/category=a/stray.parquet");
      Files.writeString(stray, "crashed writer");
      FileTime weekAgo = FileTime.from(Instant.now().minus(Duration.ofDays(7)));
      try (var files = Files.walk(tableDir)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Files.setLastModifiedTime(file, weekAgo);
        }
      }

      long started = System.nanoTime();
      List<OrphanFile> orphans = Compaction.removeNessieOrphans(floe, name).plan();
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      System.out.printf(
          "NessieCollection.plan: %d commits, %d data files: %d ms%n",
          commits, 2 * commits, took.toMillis());
      assertThat(orphans)
          .extracting(o -> o.location())
          .singleElement()
          .asString()
          .endsWith("stray.parquet");
      assertThat(Events.ids(table, "main")).hasSize(4 * commits);
    }
  }
}
