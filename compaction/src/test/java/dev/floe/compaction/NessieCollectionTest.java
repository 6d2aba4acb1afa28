package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.NessieServerExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Orphan collection across every Nessie branch and tag, on a real Nessie server. */
class NessieCollectionTest {
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  @TempDir Path warehouse;
  private Floe floe;
  private String name;
  private String tag;
  private String exp;
  private Set<String> tagFiles;
  private Set<String> branchOnlyFiles;
  private Set<String> mainFiles;

  @BeforeEach
  void open() {
    floe = Floe.open(FloeConfig.nessie(nessie.uri(), warehouse.toString()));
    name = nessie.uniqueName("ns") + ".events";
    tag = nessie.uniqueName("pin");
    exp = nessie.uniqueName("exp");
  }

  @AfterEach
  void close() {
    floe.close();
  }

  /**
   * main: s1 (40 rows), s2 (+40); tag at s1; branch from s2 with one more append (+20); then main
   * compacts (one partition, so one commit) and forgets s1 and s2, so their files are used only by
   * the tag and the branch.
   */
  private Table history() {
    Table main = Events.create(floe, name, FileFormat.PARQUET);
    Events.append(main, "main", 0, 40, "a");
    long s1 = main.currentSnapshot().snapshotId();
    tagFiles = paths(Events.files(main, "main"));
    Events.append(main, "main", 100, 40, "a");
    Set<String> oldMain = paths(Events.files(main, "main"));
    floe.experiments().tag(name, tag, s1);
    floe.experiments().create(exp).commit();
    Table onBranch = onRef(exp);
    Events.append(onBranch, "main", 200, 20, "a");
    branchOnlyFiles = paths(Events.files(onBranch, "main"));
    branchOnlyFiles.removeAll(tagFiles);

    main.refresh();
    Compaction.binPack(main).minInputFiles(2).commit();
    forgetAllButCurrent(main);
    mainFiles = paths(Events.files(main, "main"));
    assertThat(mainFiles).doesNotContainAnyElementsOf(oldMain);
    assertThat(branchOnlyFiles).containsAll(minus(oldMain, tagFiles)).hasSize(2);
    // Main's own metadata no longer reaches the old files: only the tag and the branch keep them.
    assertThat(ReachableFiles.of(main)).doesNotContainAnyElementsOf(oldMain);
    return main;
  }

  @Test
  void keepsFilesThatAnyBranchOrTagUses() throws IOException {
    Table main = history();
    Path oldStray = stray(main, "data/category=a/crashed-writer.parquet");
    ageEverything(main);
    Path young = stray(main, "data/category=b/in-flight.parquet");

    List<OrphanFile> dryRun = Compaction.removeNessieOrphans(floe, name).plan();

    assertThat(dryRun).extracting(NessieCollectionTest::path).containsExactly(oldStray);
    assertThat(oldStray).exists();

    List<OrphanFile> deleted = Compaction.removeNessieOrphans(floe, name).deleteOrphans();

    assertThat(deleted).extracting(NessieCollectionTest::path).containsExactly(oldStray);
    assertThat(oldStray).doesNotExist();
    assertThat(young).exists();
    assertThat(Events.ids(main, "main")).hasSize(80);
    assertThat(Events.ids(onRef(tag), "main")).hasSize(40);
    assertThat(Events.ids(onRef(exp), "main")).hasSize(100);
    // With no window the young file is the only candidate left.
    assertThat(Compaction.removeNessieOrphans(floe, name).olderThan(Duration.ZERO).plan())
        .extracting(NessieCollectionTest::path)
        .containsExactly(young);
  }

  @Test
  void droppingTheBranchMakesItsExclusiveFilesCollectable() throws IOException {
    Table main = history();
    ageEverything(main);
    // Heads only: main's own recent commits (before the compaction) would keep the files too.
    assertThat(headsOnly().plan()).isEmpty();

    floe.experiments().drop(exp);
    List<OrphanFile> deleted = headsOnly().deleteOrphans();

    Set<String> collected =
        deleted.stream()
            .map(o -> ReachableFiles.normalize(o.location()))
            .collect(Collectors.toSet());
    assertThat(collected)
        .containsAll(branchOnlyFiles)
        .doesNotContainAnyElementsOf(tagFiles)
        .doesNotContainAnyElementsOf(mainFiles);
    assertThat(Events.ids(main, "main")).hasSize(80);
    assertThat(Events.ids(onRef(tag), "main")).hasSize(40);
    assertThat(headsOnly().plan()).isEmpty();
  }

  /**
   * main: s1 writes file A, s2 deletes it, then main's metadata forgets s1: only the metadata at
   * the Nessie commit of s1 (and s2's, whose metadata still lists s1) reaches A.
   */
  @Test
  void keepsFilesOfRecentCommitsUntilTheyLeaveTheHistoryWindow() throws IOException {
    Table main = Events.create(floe, name, FileFormat.PARQUET);
    Events.append(main, "main", 0, 10, "a");
    Set<String> onlyInHistory = paths(Events.files(main, "main"));
    String s1ManifestList = ReachableFiles.normalize(main.currentSnapshot().manifestListLocation());
    onlyInHistory.add(s1ManifestList);
    main.newDelete()
        .deleteFromRowFilter(org.apache.iceberg.expressions.Expressions.alwaysTrue())
        .commit();
    Events.append(main, "main", 100, 10, "b");
    forgetAllButCurrent(main);
    Set<String> current = paths(Events.files(main, "main"));
    assertThat(ReachableFiles.of(main)).doesNotContainAnyElementsOf(onlyInHistory);
    ageEverything(main);

    // Every file is a week old, past the 3-day margin: only the commits, minutes old and inside
    // the default 7-day history window, keep the deleted file and s1's manifests.
    assertThat(Compaction.removeNessieOrphans(floe, name).plan()).isEmpty();
    Instant inTenDays = Instant.now().plus(Duration.ofDays(10));
    NessieCollection inWindow =
        Compaction.removeNessieOrphans(floe, name)
            .now(inTenDays)
            .retainHistory(Duration.ofDays(11));
    assertThat(inWindow.plan()).isEmpty();

    // Ten days on, the 7-day window no longer holds the old commits: their files go.
    List<OrphanFile> dryRun = Compaction.removeNessieOrphans(floe, name).now(inTenDays).plan();
    Set<String> planned =
        dryRun.stream()
            .map(o -> ReachableFiles.normalize(o.location()))
            .collect(Collectors.toSet());
    assertThat(planned).containsAll(onlyInHistory).doesNotContainAnyElementsOf(current);
    assertThat(planned).noneMatch(p -> p.equals(metadataLocation(main)));
    List<OrphanFile> deleted =
        Compaction.removeNessieOrphans(floe, name).now(inTenDays).deleteOrphans();
    assertThat(deleted).hasSameSizeAs(dryRun);
    for (String file : onlyInHistory) {
      assertThat(Path.of(URI.create(file))).doesNotExist();
    }
    assertThat(Events.ids(main, "main")).hasSize(10);
    // Idempotent: what is left is reached from main's head.
    assertThat(Compaction.removeNessieOrphans(floe, name).now(inTenDays).plan()).isEmpty();
  }

  @Test
  void rejectsANegativeHistoryWindow() {
    Events.create(floe, name, FileFormat.PARQUET);
    assertThatThrownBy(
            () -> Compaction.removeNessieOrphans(floe, name).retainHistory(Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid history window");
  }

  @Test
  void windowDefaultsToThreeDaysUnlessTheTableSetsOne() throws IOException {
    Table main = Events.create(floe, name, FileFormat.PARQUET);
    Events.append(main, "main", 0, 10, "a");
    Path file = stray(main, "data/two-days.parquet");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

    assertThat(Compaction.removeNessieOrphans(floe, name).plan()).isEmpty();
    assertThat(
            Compaction.removeNessieOrphans(floe, name)
                .now(Instant.now().plus(Duration.ofDays(2)))
                .plan())
        .hasSize(1);
    main.updateProperties()
        .set(
            CompactionProperties.ORPHAN_OLDER_THAN_MS,
            String.valueOf(Duration.ofDays(1).toMillis()))
        .commit();
    assertThat(Compaction.removeNessieOrphans(floe, name).plan())
        .extracting(NessieCollectionTest::path)
        .containsExactly(file);
  }

  @Test
  void icebergOrphansRefuseNessieTables() {
    Table main = Events.create(floe, name, FileFormat.PARQUET);
    assertThatThrownBy(() -> Compaction.removeOrphans(main).plan())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("use Compaction.removeNessieOrphans");
  }

  @Test
  void embeddedCatalogIsRefusedClearly(@TempDir Path embedded) {
    try (Floe local = Floe.open(FloeConfig.embedded(embedded))) {
      Events.create(local, "ml.events", FileFormat.PARQUET);
      assertThatThrownBy(() -> Compaction.removeNessieOrphans(local, "ml.events"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("not a Nessie catalog")
          .hasMessageContaining("use Compaction.removeOrphans");
    }
  }

  /** Collection that counts each reference's head only, not its recent commits. */
  private NessieCollection headsOnly() {
    return Compaction.removeNessieOrphans(floe, name).retainHistory(Duration.ZERO);
  }

  private Table onRef(String ref) {
    return floe.tables().resolve(name + "@" + ref).table();
  }

  /** What an expire on main would leave: only the current snapshot, files untouched. */
  private static void forgetAllButCurrent(Table table) {
    TableOperations ops = ((HasTableOperations) table).operations();
    TableMetadata base = ops.refresh();
    long current = base.currentSnapshot().snapshotId();
    List<Long> old =
        base.snapshots().stream().map(Snapshot::snapshotId).filter(id -> id != current).toList();
    ops.commit(base, TableMetadata.buildFrom(base).removeSnapshots(old).build());
    table.refresh();
  }

  private static String metadataLocation(Table table) {
    return ReachableFiles.normalize(
        ((HasTableOperations) table).operations().current().metadataFileLocation());
  }

  private static Set<String> paths(List<DataFile> files) {
    return files.stream()
        .map(f -> ReachableFiles.normalize(f.location()))
        .collect(Collectors.toCollection(java.util.HashSet::new));
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> out = new java.util.HashSet<>(a);
    out.removeAll(b);
    return out;
  }

  private static Path path(OrphanFile file) {
    return Path.of(URI.create(ReachableFiles.normalize(file.location())));
  }

  private static Path tableDir(Table table) {
    return Path.of(URI.create(ReachableFiles.normalize(table.location())));
  }

  private static Path stray(Table table, String relative) throws IOException {
    Path file = tableDir(table).resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "not committed");
    return file;
  }

  /** Makes every file of the table look a week old, so only reachability protects it. */
  private static void ageEverything(Table table) throws IOException {
    FileTime weekAgo = FileTime.from(Instant.now().minus(Duration.ofDays(7)));
    try (Stream<Path> files = Files.walk(tableDir(table))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(file, weekAgo);
      }
    }
  }
}
