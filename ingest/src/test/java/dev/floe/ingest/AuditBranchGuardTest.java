package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.NoSuchRefException;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.ingest.contract.Contract;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An audit never stages on, publishes from or drops an experiment branch it did not make. */
class AuditBranchGuardTest {
  static final Contract ANY = Contract.parse("{\"rules\": []}", "any");

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table events;
  private Table devices;

  @BeforeEach
  void open() {
    floe = temp.floe();
    events = Events.create(floe);
    devices = Events.createDevices(floe);
    append(TableWriter.forTable(events), "main-p", Events.batch(0, 0, 20));
  }

  @Test
  void dropRefusesAnExperimentBranchSpanningOtherTables() {
    floe.experiments().create("exp-1").from("main").commit();
    append(
        TableWriter.forTable(floe.tables().resolve("ml.events@exp-1")),
        "exp-p",
        Events.batch(0, 50, 5));

    assertThatThrownBy(() -> audit("exp-1").drop())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("it is no audit branch of ml.events");
    events.refresh();
    devices.refresh();
    assertThat(events.refs()).containsKey("exp-1");
    assertThat(devices.refs()).containsKey("exp-1");
  }

  @Test
  void stageRefusesAnExistingExperimentBranch() {
    floe.experiments().create("exp-1").from("main").commit();

    assertThatThrownBy(() -> audit("exp-1").stage())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Cannot stage on ml.events@exp-1");
  }

  @Test
  void anAuditBranchItMadeIsReusedAndDropped() {
    Audit audit = audit("audit-1");
    append(audit.writer(), "p", Events.batch(0, 100, 5));
    append(audit("audit-1").writer(), "p", Events.batch(1, 200, 5));

    audit("audit-1").drop();

    events.refresh();
    assertThat(events.refs()).doesNotContainKey("audit-1");
    assertThat(floe.experiments().find("audit-1")).isEmpty();
  }

  @Test
  void aTargetThatIsNoBranchIsRefusedNotCreated() {
    Audit staging = audit("audit-1");
    append(staging.writer(), "p", Events.batch(0, 100, 5));
    floe.experiments().tag("ml.events", "rel-1", head("main"));

    assertThatThrownBy(() -> audit("audit-1").target("mian").publish())
        .isInstanceOf(NoSuchRefException.class)
        .hasMessageContaining("ml.events has no branch mian (it has: [audit-1, main, rel-1])");
    assertThatThrownBy(() -> audit("audit-1").target("rel-1").check())
        .isInstanceOf(NoSuchRefException.class)
        .hasMessageContaining("has no branch rel-1");
    events.refresh();
    assertThat(events.refs()).doesNotContainKey("mian");
    assertThat(audit("audit-1").publish().isPublished()).isTrue();
  }

  private long head(String ref) {
    events.refresh();
    return events.snapshot(ref).snapshotId();
  }

  private Audit audit(String branch) {
    return Audit.of(floe, "ml.events").branch(branch).contract(ANY);
  }

  private static void append(TableWriter.Builder builder, String producer, Batch batch) {
    try (TableWriter writer = builder.producerId(producer).build()) {
      assertThat(writer.append(batch).duplicate()).isFalse();
    }
  }
}
