package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.exceptions.MergeConflictException;
import dev.floe.catalog.exceptions.NoSuchRefException;
import dev.floe.catalog.testing.NessieServerExtension;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Experiments as catalog-wide branches on a real Nessie server: writes, diffs, merges, where they
 * start and how they end ({@link NessieTagsAndRefsTest}: tags and what refs keep).
 */
class NessieExperimentsTest {
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  @RegisterExtension final NessieTwoTables two = new NessieTwoTables(nessie);
  Floe floe;
  String a;
  String b;

  @BeforeEach
  void open() {
    floe = two.floe();
    a = two.a();
    b = two.b();
  }

  @Test
  void branchWritesStayOffMainUntilOneAtomicMergeOfBothTables() {
    String exp = nessie.uniqueName("exp");
    Experiment created = floe.experiments().create(exp).owner("ada").purpose("relabel").commit();
    assertThat(created.tables()).contains(a, b);

    ResolvedTable onA = floe.tables().resolve(a + "@" + exp);
    ResolvedTable onB = floe.tables().resolve(b + "@" + exp);
    assertThat(onA.ref()).isEqualTo("main");
    TestRows.append(onA.table(), onA.ref(), 3);
    TestRows.append(onB.table(), onB.ref(), 11, 12);

    assertThat(TestRows.ids(floe.tables().load(a), "main")).containsExactlyInAnyOrder(1L, 2L);
    assertThat(TestRows.ids(floe.tables().load(b), "main")).containsExactly(10L);
    Experiment listed = floe.experiments().find(exp).orElseThrow();
    assertThat(listed.owner()).isEqualTo("ada");
    assertThat(listed.purpose()).isEqualTo("relabel");
    assertThat(listed.from()).isEqualTo("main");
    assertThat(listed.createdAt()).isNotNull();
    assertThat(listed.lastCommitAt()).isAfterOrEqualTo(listed.createdAt());
    assertThat(floe.experiments().list()).extracting(Experiment::name).contains(exp);

    ExperimentDiff diff = floe.experiments().diff(exp);
    assertThat(diff.tables())
        .extracting(
            ExperimentDiff.TableDiff::table,
            ExperimentDiff.TableDiff::snapshotsAdded,
            ExperimentDiff.TableDiff::rowsAdded)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(a, 1, 1L),
            org.assertj.core.groups.Tuple.tuple(b, 1, 2L));

    floe.experiments().merge(exp);

    assertThat(TestRows.ids(floe.tables().load(a), "main")).containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(TestRows.ids(floe.tables().load(b), "main"))
        .containsExactlyInAnyOrder(10L, 11L, 12L);
    assertThat(floe.experiments().diff(exp).isEmpty()).isTrue();
    // The start commit is part of main's history now, and still describes the branch.
    assertThat(floe.experiments().find(exp).orElseThrow().owner()).isEqualTo("ada");

    floe.experiments().drop(exp);
    assertThat(floe.experiments().find(exp)).isEmpty();
    assertThat(TestRows.ids(floe.tables().load(b), "main")).hasSize(3);
  }

  @Test
  void mergeOfADiffNeverPublishesAWriteThatLandedAfterTheDiff() {
    String exp = nessie.uniqueName("exp");
    ExperimentDiff audited = writeAndDiff(exp, 3);
    writeAndDiff(exp, 666);

    assertThatThrownBy(() -> floe.experiments().merge(audited))
        .isInstanceOf(MergeConflictException.class)
        .hasMessageContaining("its branch moved since the diff")
        .hasMessageContaining(audited.head());
    assertThat(TestRows.ids(floe.tables().load(a), "main")).containsExactlyInAnyOrder(1L, 2L);

    ExperimentDiff fresh = floe.experiments().diff(exp);
    assertThat(fresh.head()).isNotEqualTo(audited.head());
    floe.experiments().merge(fresh);
    assertThat(TestRows.ids(floe.tables().load(a), "main"))
        .containsExactlyInAnyOrder(1L, 2L, 3L, 666L);
  }

  @Test
  void mainEndsAtExactlyTheAuditedSnapshot() {
    String exp = nessie.uniqueName("exp");
    ExperimentDiff audited = writeAndDiff(exp, 3);
    long auditedSnapshot = audited.tables().get(0).branchSnapshotId();

    floe.experiments().merge(audited);
    writeAndDiff(exp, 666);

    Table mainA = floe.tables().load(a);
    assertThat(mainA.currentSnapshot().snapshotId()).isEqualTo(auditedSnapshot);
    assertThat(TestRows.ids(mainA, "main")).containsExactlyInAnyOrder(1L, 2L, 3L);
  }

  @Test
  void mergeFailsAndMergesNothingWhenMainChangedTheSameTable() {
    String exp = nessie.uniqueName("exp");
    floe.experiments().create(exp).commit();
    ResolvedTable onA = floe.tables().resolve(a + "@" + exp);
    ResolvedTable onB = floe.tables().resolve(b + "@" + exp);
    TestRows.append(onA.table(), onA.ref(), 3);
    TestRows.append(onB.table(), onB.ref(), 11);
    TestRows.append(floe.tables().load(a), "main", 4);

    assertThatThrownBy(() -> floe.experiments().merge(exp))
        .isInstanceOf(MergeConflictException.class)
        .hasMessageContaining("Cannot merge experiment " + exp)
        .hasMessageContaining(a)
        .satisfies(e -> assertThat(((MergeConflictException) e).tables()).containsExactly(a));

    assertThat(TestRows.ids(floe.tables().load(a), "main")).containsExactlyInAnyOrder(1L, 2L, 4L);
    assertThat(TestRows.ids(floe.tables().load(b), "main")).containsExactly(10L);
    assertThat(floe.experiments().diff(exp).tables())
        .filteredOn(ExperimentDiff.TableDiff::mainChanged)
        .extracting(ExperimentDiff.TableDiff::table)
        .containsExactly(a);
  }

  @Test
  void ttlIsRecordedOnTheBranchAndExpiredBranchesAreDropped() {
    String exp = nessie.uniqueName("exp");
    Experiment created = floe.experiments().create(exp).ttl(java.time.Duration.ofHours(1)).commit();

    assertThat(floe.experiments().find(exp).orElseThrow().expiresAt())
        .isEqualTo(created.expiresAt());
    assertThat(floe.experiments().dropExpired(java.time.Instant.now())).doesNotContain(exp);
    assertThat(floe.experiments().dropExpired(created.expiresAt().plusSeconds(1))).contains(exp);
    assertThat(floe.experiments().find(exp)).isEmpty();
  }

  @Test
  void experimentsStartFromATagOrACommitHash() {
    long first = floe.tables().load(a).currentSnapshot().snapshotId();
    String tag = nessie.uniqueName("v");
    floe.experiments().tag(a, tag, first);
    TestRows.append(floe.tables().load(a), "main", 3);

    String fromTag = nessie.uniqueName("exp");
    floe.experiments().create(fromTag).from(tag).commit();
    assertThat(TestRows.ids(floe.tables().resolve(a + "@" + fromTag).table(), "main"))
        .containsExactlyInAnyOrder(1L, 2L);
    assertThat(floe.experiments().find(fromTag).orElseThrow().from()).isEqualTo(tag);

    String tagHash = floe.tables().nessieHash(tag);
    String fromHash = nessie.uniqueName("exp");
    floe.experiments().create(fromHash).from(tagHash.substring(0, 12)).commit();
    assertThat(TestRows.ids(floe.tables().resolve(a + "@" + fromHash).table(), "main"))
        .containsExactlyInAnyOrder(1L, 2L);
  }

  @Test
  void badNamesAndUnknownRefsGetClearErrors() {
    assertThatThrownBy(() -> floe.experiments().create("two..dots"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Invalid experiment name 'two..dots'");
    assertThatThrownBy(() -> floe.experiments().create("has space"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Invalid experiment name 'has space'");
    assertThatThrownBy(() -> floe.experiments().create("main"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("shared branch");
    assertThatThrownBy(
            () -> floe.experiments().create(nessie.uniqueName("e")).from("nope").commit())
        .isInstanceOf(NoSuchRefException.class)
        .hasMessageContaining("no Nessie branch, tag or commit hash 'nope'");
    assertThatThrownBy(() -> floe.tables().resolve(a + "@nope"))
        .isInstanceOf(NoSuchRefException.class)
        .hasMessageContaining("no Nessie branch or tag of that name");
    assertThatThrownBy(() -> floe.experiments().drop("nope"))
        .isInstanceOf(NoSuchRefException.class)
        .hasMessage("No experiment branch named 'nope'");
    String exp = nessie.uniqueName("exp");
    floe.experiments().create(exp).commit();
    assertThatThrownBy(() -> floe.experiments().create(exp).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("a Nessie branch or tag with that name exists");
  }

  /** Appends {@code id} to table a on the experiment (created first if needed), then diffs it. */
  private ExperimentDiff writeAndDiff(String exp, long id) {
    if (floe.experiments().find(exp).isEmpty()) {
      floe.experiments().create(exp).commit();
    }
    ResolvedTable onA = floe.tables().resolve(a + "@" + exp);
    TestRows.append(onA.table(), onA.ref(), id);
    return floe.experiments().diff(exp);
  }
}
