package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.exceptions.NoSuchRefException;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import dev.floe.catalog.testing.TempWarehouse;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExperimentsTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  Floe floe;
  Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table =
        floe.tables()
            .createIfAbsent("ml.events", FloeTablesTest.SCHEMA, PartitionSpec.unpartitioned());
    TestRows.append(table, "main", 1, 2, 3);
  }

  @Test
  void writesToExperimentBranchDoNotTouchMain() {
    Experiment exp =
        floe.experiments().create("exp-1").purpose("try new labels").owner("ada").commit();
    ResolvedTable onBranch = floe.tables().resolve("ml.events@" + exp.ref());

    TestRows.append(onBranch.table(), onBranch.ref(), 4);

    table.refresh();
    assertThat(TestRows.ids(table, "main")).containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(TestRows.ids(table, "exp-1")).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
  }

  @Test
  void listsExperimentsWithWhoWhyAndWhen() {
    floe.experiments().create("exp-b").purpose("b").owner("ada").commit();
    floe.experiments().create("exp-a").from("main").purpose("a").owner("bob").commit();

    assertThat(floe.experiments().list())
        .extracting(Experiment::name, Experiment::owner, Experiment::purpose, Experiment::from)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("exp-a", "bob", "a", "main"),
            org.assertj.core.groups.Tuple.tuple("exp-b", "ada", "b", "main"));
    assertThat(floe.experiments().find("exp-a").orElseThrow().createdAt()).isNotNull();
    assertThat(floe.experiments().find("exp-a").orElseThrow().tables())
        .containsExactly("ml.events");
  }

  @Test
  void dropRemovesBranchAndItsMetadata() {
    floe.experiments().create("exp-1").commit();

    floe.experiments().drop("exp-1");

    table.refresh();
    assertThat(table.refs()).doesNotContainKey("exp-1");
    assertThat(table.properties()).noneSatisfy((k, v) -> assertThat(k).contains("exp-1"));
    assertThat(floe.experiments().list()).isEmpty();
  }

  @Test
  void droppingUnknownExperimentFails() {
    assertThatThrownBy(() -> floe.experiments().drop("nope"))
        .isInstanceOf(NoSuchRefException.class)
        .hasMessage("No experiment branch named 'nope'");
  }

  @Test
  void rejectsInvalidExperimentNames() {
    assertThatThrownBy(() -> floe.experiments().create("has space"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Invalid experiment name 'has space'");
    assertThatThrownBy(() -> floe.experiments().create("main"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("main is the shared branch");
  }

  @Test
  void creatingFromUnknownRefFails() {
    assertThatThrownBy(() -> floe.experiments().create("exp-1").from("nope").commit())
        .isInstanceOf(NoSuchRefException.class)
        .hasMessageContaining("no branch or tag 'nope'");
  }

  @Test
  void tagPinsTheSnapshotItNames() {
    long first = table.currentSnapshot().snapshotId();
    TestRows.append(table, "main", 9);

    floe.experiments().tag("ml.events", "train-1", first);

    ResolvedTable tagged = floe.tables().resolve("ml.events@train-1");
    assertThat(tagged.isTag()).isTrue();
    assertThat(tagged.snapshot().snapshotId()).isEqualTo(first);
    assertThat(TestRows.ids(tagged.table(), "train-1")).containsExactlyInAnyOrder(1L, 2L, 3L);
  }

  @Test
  void badTagNamesAreRejectedAsBranchNamesAre() {
    long id = table.currentSnapshot().snapshotId();
    for (String bad : new String[] {"", "x y", "t/1", "v#1", "main"}) {
      assertThatThrownBy(() -> floe.experiments().tag("ml.events", bad, id))
          .as(bad)
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("Invalid tag name '" + bad + "'");
    }
    table.refresh();
    assertThat(table.refs()).containsOnlyKeys("main");
  }

  @Test
  void loadRefusesANameWithARefInsteadOfReturningMain() {
    floe.experiments().create("exp-1").commit();

    assertThatThrownBy(() -> floe.tables().load("ml.events@exp-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot load ml.events@exp-1")
        .hasMessageContaining("use resolve(\"ml.events@exp-1\")");
    assertThat(floe.tables().refs("ml.events")).containsExactly("exp-1", "main");
  }

  @Test
  void taggingUnknownSnapshotFails() {
    assertThatThrownBy(() -> floe.experiments().tag("ml.events", "t", 42L))
        .isInstanceOf(SnapshotNotFoundException.class)
        .hasMessage("Cannot tag t: table ml.events has no snapshot 42");
  }

  @Test
  void diffCountsSnapshotsAndRowsAddedOnTheBranch() {
    floe.experiments().create("exp-1").commit();
    TestRows.append(table, "exp-1", 4, 5);
    TestRows.append(table, "exp-1", 6);

    ExperimentDiff diff = floe.experiments().diff("exp-1");

    assertThat(diff.tables()).hasSize(1);
    ExperimentDiff.TableDiff change = diff.tables().get(0);
    assertThat(change.table()).isEqualTo("ml.events");
    assertThat(change.snapshotsAdded()).isEqualTo(2);
    assertThat(change.rowsAdded()).isEqualTo(3);
    assertThat(change.bytesAdded()).isPositive();
    assertThat(change.mainChanged()).isFalse();
    assertThat(floe.experiments().find("exp-1").orElseThrow().lastCommitAt()).isNotNull();
  }

  @Test
  void mergeFastForwardsMainToTheBranch() {
    floe.experiments().create("exp-1").commit();
    long head = TestRows.append(table, "exp-1", 4);

    floe.experiments().merge("exp-1");

    table.refresh();
    assertThat(table.snapshot("main").snapshotId()).isEqualTo(head);
    assertThat(TestRows.ids(table, "main")).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
    assertThat(floe.experiments().diff("exp-1").isEmpty()).isTrue();
  }

  @Test
  void mergeFailsWithoutChangesWhenMainMovedOnTheSameTable() {
    floe.experiments().create("exp-1").commit();
    TestRows.append(table, "exp-1", 4);
    long mainHead = TestRows.append(table, "main", 5);

    assertThatThrownBy(() -> floe.experiments().merge("exp-1"))
        .isInstanceOf(dev.floe.catalog.exceptions.MergeConflictException.class)
        .hasMessageContaining("main changed ml.events since the experiment branched");

    table.refresh();
    assertThat(table.snapshot("main").snapshotId()).isEqualTo(mainHead);
  }

  @Test
  void mergeOfADiffPublishesExactlyTheAuditedSnapshotNotALaterWrite() {
    floe.experiments().create("exp-1").commit();
    long audited = TestRows.append(table, "exp-1", 4);
    ExperimentDiff diff = floe.experiments().diff("exp-1");
    long late = TestRows.append(table, "exp-1", 666);

    assertThatThrownBy(() -> floe.experiments().merge(diff))
        .isInstanceOf(dev.floe.catalog.exceptions.MergeConflictException.class)
        .hasMessageContaining("its branch moved on ml.events since the diff")
        .hasMessageContaining("nothing was merged");

    table.refresh();
    assertThat(TestRows.ids(table, "main")).containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(table.snapshot("exp-1").snapshotId()).isEqualTo(late);
    // After a fresh diff the merge publishes what that diff saw.
    floe.experiments().merge(floe.experiments().diff("exp-1"));
    table.refresh();
    assertThat(table.snapshot("main").snapshotId()).isEqualTo(late);
    assertThat(table.snapshot(late).parentId()).isEqualTo(audited);
  }

  @Test
  void mergeOfADiffLandsMainOnTheDiffedHeadEvenIfTheBranchMovesDuringTheMerge() {
    floe.experiments().create("exp-1").commit();
    long audited = TestRows.append(table, "exp-1", 4);
    ExperimentDiff diff = floe.experiments().diff("exp-1");

    floe.experiments().merge(diff);
    TestRows.append(table, "exp-1", 666);

    table.refresh();
    assertThat(table.snapshot("main").snapshotId()).isEqualTo(audited);
    assertThat(TestRows.ids(table, "main")).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
    assertThat(diff.head()).isNull();
  }

  @Test
  void dropExpiredDropsOnlyExperimentsWhoseTtlRanOut() {
    Experiment a = floe.experiments().create("exp-a").ttl(java.time.Duration.ofDays(1)).commit();
    floe.experiments().create("exp-b").commit();
    java.time.Instant now = java.time.Instant.now();

    assertThat(floe.experiments().dropExpired(now)).isEmpty();
    assertThat(floe.experiments().find("exp-a").orElseThrow().expiresAt()).isEqualTo(a.expiresAt());
    assertThat(floe.experiments().dropExpired(now.plus(java.time.Duration.ofDays(2))))
        .containsExactly("exp-a");

    assertThat(floe.experiments().list()).extracting(Experiment::name).containsExactly("exp-b");
    assertThatThrownBy(() -> floe.experiments().create("x").ttl(java.time.Duration.ZERO))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Invalid experiment TTL");
  }

  @Test
  void reportSaysWhatEachBranchAndTagKeepsAlive() {
    long mainBytes = TestRows.addedBytes(table, table.currentSnapshot().snapshotId());
    long mainSnapshot = table.currentSnapshot().snapshotId();
    floe.experiments().create("exp-1").commit();
    floe.experiments().tag("ml.events", "train-v1", mainSnapshot);
    table.refresh();
    long expBytes = TestRows.addedBytes(table, TestRows.append(table, "exp-1", 4, 5));

    assertThat(floe.experiments().report())
        .extracting(
            RefReport::name,
            RefReport::kind,
            RefReport::tables,
            RefReport::snapshots,
            RefReport::files,
            RefReport::bytesReferenced,
            RefReport::exclusiveBytes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "exp-1",
                RefReport.Kind.BRANCH,
                java.util.List.of("ml.events"),
                2,
                2L,
                mainBytes + expBytes,
                expBytes),
            org.assertj.core.groups.Tuple.tuple(
                "main",
                RefReport.Kind.BRANCH,
                java.util.List.of("ml.events"),
                1,
                1L,
                mainBytes,
                0L),
            org.assertj.core.groups.Tuple.tuple(
                "train-v1",
                RefReport.Kind.TAG,
                java.util.List.of("ml.events"),
                1,
                1L,
                mainBytes,
                0L));
    assertThat(mainBytes).isPositive();
    assertThat(expBytes).isPositive();
    assertThat(floe.experiments().report()).allMatch(r -> r.unreadableTables().isEmpty());
  }
}
