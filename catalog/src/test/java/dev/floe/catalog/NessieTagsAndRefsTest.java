package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.NessieServerExtension;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tags on a real Nessie server, catalog-wide like experiments: what they resolve to, which
 * snapshots they may name, and what every branch and tag keeps alive.
 */
class NessieTagsAndRefsTest {
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
  void tagsResolveToTheExactSnapshotTheyName() {
    Table main = floe.tables().load(a);
    long first = main.currentSnapshot().snapshotId();
    long second = TestRows.append(main, "main", 3);
    TestRows.append(floe.tables().load(b), "main", 11);
    String early = nessie.uniqueName("train");
    String late = nessie.uniqueName("train");

    floe.experiments().tag(a, early, first);
    floe.experiments().tag(a, late, second);
    TestRows.append(floe.tables().load(a), "main", 5);

    ResolvedTable atEarly = floe.tables().resolve(a + "@" + early);
    assertThat(atEarly.isTag()).isTrue();
    assertThat(atEarly.snapshot().snapshotId()).isEqualTo(first);
    assertThat(TestRows.ids(atEarly.table(), atEarly.ref())).containsExactlyInAnyOrder(1L, 2L);
    ResolvedTable atLate = floe.tables().resolve(a + "@" + late);
    assertThat(atLate.snapshot().snapshotId()).isEqualTo(second);
    // The tag is catalog-wide: b as of the same moment.
    ResolvedTable bAtLate = floe.tables().resolve(b + "@" + late);
    assertThat(TestRows.ids(bAtLate.table(), bAtLate.ref())).containsExactlyInAnyOrder(10L, 11L);
  }

  @Test
  void tagsPinAnExperimentsSnapshotAndUnknownSnapshotsFail() {
    String exp = nessie.uniqueName("exp");
    floe.experiments().create(exp).commit();
    ResolvedTable onBranch = floe.tables().resolve(a + "@" + exp);
    long branchSnapshot = TestRows.append(onBranch.table(), onBranch.ref(), 7);
    String tag = nessie.uniqueName("t");

    floe.experiments().tag(a, tag, branchSnapshot);

    assertThat(floe.tables().resolve(a + "@" + tag).snapshot().snapshotId())
        .isEqualTo(branchSnapshot);
    assertThatThrownBy(() -> floe.experiments().tag(a, nessie.uniqueName("t"), 42L))
        .isInstanceOf(dev.floe.catalog.exceptions.SnapshotNotFoundException.class)
        .hasMessageContaining("Cannot tag snapshot 42 of " + a);
    assertThatThrownBy(() -> floe.experiments().tag(a, "bad..tag", branchSnapshot))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Invalid tag name 'bad..tag'");
  }

  @Test
  void loadRefusesANessieRefAndRefsListEveryBranchAndTagHoldingTheTable() {
    String exp = nessie.uniqueName("exp");
    floe.experiments().create(exp).commit();
    String tag = nessie.uniqueName("t");
    floe.experiments().tag(a, tag, two.create(a).currentSnapshot().snapshotId());

    assertThatThrownBy(() -> floe.tables().load(a + "@" + exp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use resolve(");
    assertThat(floe.tables().refs(a)).contains("main", exp, tag);
    for (String bad : new String[] {"", "x y", "t/1", "v#1"}) {
      assertThatThrownBy(() -> floe.experiments().tag(a, bad, 1L))
          .as(bad)
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("Invalid tag name '" + bad + "'");
    }
  }

  @Test
  void reportSaysWhatEachBranchAndTagKeepsAlive() {
    String exp = nessie.uniqueName("exp");
    String tag = nessie.uniqueName("train");
    Table onMainB = floe.tables().load(b);
    floe.experiments().tag(b, tag, onMainB.currentSnapshot().snapshotId());
    floe.experiments().create(exp).commit();
    ResolvedTable onA = floe.tables().resolve(a + "@" + exp);
    long added = TestRows.addedBytes(onA.table(), TestRows.append(onA.table(), onA.ref(), 3, 4));
    Table mainA = floe.tables().load(a);
    long aBytes = TestRows.addedBytes(mainA, mainA.currentSnapshot().snapshotId());
    long bBytes = TestRows.addedBytes(onMainB, onMainB.currentSnapshot().snapshotId());

    java.util.Map<String, RefReport> byName = new java.util.HashMap<>();
    floe.experiments().report().forEach(r -> byName.put(r.name(), r));

    RefReport main = byName.get("main");
    RefReport branch = byName.get(exp);
    RefReport tagged = byName.get(tag);
    assertThat(branch.kind()).isEqualTo(RefReport.Kind.BRANCH);
    assertThat(branch.tables()).contains(a, b).isEqualTo(main.tables());
    assertThat(branch.snapshots()).isEqualTo(main.snapshots() + 1);
    assertThat(branch.files()).isEqualTo(main.files() + 1);
    assertThat(branch.bytesReferenced()).isEqualTo(main.bytesReferenced() + added);
    assertThat(branch.exclusiveBytes()).isEqualTo(added).isPositive();
    // Tables of other tests on this shared server may live in an S3 bucket that is gone by now.
    assertThat(branch.unreadableTables()).isEqualTo(main.unreadableTables()).doesNotContain(a, b);
    assertThat(main.bytesReferenced()).isGreaterThanOrEqualTo(aBytes + bBytes);
    assertThat(tagged.kind()).isEqualTo(RefReport.Kind.TAG);
    assertThat(tagged.tables()).contains(a, b);
    assertThat(tagged.exclusiveBytes()).isZero();
    assertThat(tagged.bytesReferenced()).isGreaterThanOrEqualTo(aBytes + bBytes);
  }
}
