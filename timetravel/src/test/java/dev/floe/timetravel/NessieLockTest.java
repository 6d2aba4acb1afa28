package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.exceptions.LockVerificationException;
import dev.floe.catalog.exceptions.NoSuchRefException;
import dev.floe.catalog.testing.NessieServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.projectnessie.client.NessieClientBuilder;
import org.projectnessie.client.api.NessieApiV2;
import org.projectnessie.model.Tag;

/** Reads at Nessie commits and locks over Nessie branches, against a real Nessie server. */
class NessieLockTest {
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  @TempDir Path warehouse;
  @TempDir Path runs;
  private Floe floe;
  private BufferAllocator allocator;
  private String events;
  private String exp;

  @BeforeEach
  void open() {
    floe = Floe.open(FloeConfig.nessie(nessie.uri(), warehouse.toString()));
    allocator = new RootAllocator();
    events = nessie.uniqueName("ns") + ".events";
    Table table = TestEvents.create(floe, events);
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 10));
    exp = nessie.uniqueName("exp");
    floe.experiments().create(exp).commit();
  }

  @AfterEach
  void close() {
    allocator.close();
    floe.close();
  }

  @Test
  void readsATableAsOfANessieCommitHashFullOrShort() {
    append(events + "@" + exp, 10, 20);
    String hash = floe.nessieCommits(exp, Instant.EPOCH).get(0).hash();
    append(events + "@" + exp, 20, 30);

    assertThat(ids(events + "@" + exp + "#" + hash)).hasSize(20);
    assertThat(ids(events + "@" + exp + "#" + hash.substring(0, 12))).hasSize(20);
    // Nessie finds a commit through any reference: db.t#hash reads through the catalog's branch.
    assertThat(ids(events + "#" + hash)).hasSize(20);
    assertThat(ids(events + "@" + exp)).hasSize(30);
    assertThat(floe.tables().resolve(events + "@" + exp + "#" + hash).isTag()).isTrue();
  }

  @Test
  void unknownCommitHashIsNamedInTheError() {
    String unknown = "ab".repeat(32);
    assertThatThrownBy(() -> TimeTravel.read(floe, events + "@" + exp + "#" + unknown))
        .isInstanceOf(NoSuchRefException.class)
        .hasMessageContaining("No Nessie commit '" + unknown + "'");
    assertThatThrownBy(() -> TimeTravel.read(floe, events + "@" + exp + "#deadbeef00"))
        .isInstanceOf(NoSuchRefException.class)
        .hasMessageContaining("No Nessie commit 'deadbeef00'");
    assertThatThrownBy(() -> TimeTravel.read(floe, events + "@" + exp + "#not-a-hash"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'not-a-hash' after '#' is not a Nessie commit hash");
  }

  @Test
  void lockOverABranchKeepsItsCommitThroughLaterCommitsMergeAndDrop() {
    append(events + "@" + exp, 10, 25);
    Path lockFile = runs.resolve("floe.lock.json");

    TrainingLock pinned = TimeTravel.pin(floe, events + "@" + exp).writeTo(lockFile);

    String head = floe.tables().nessieHash(exp);
    assertThat(pinned.nessieRef()).isEqualTo(exp);
    assertThat(pinned.nessieHash()).isEqualTo(head);
    assertThat(pinned.formatVersion()).isEqualTo(5);
    assertThat(pinned.records()).isEqualTo(25);
    assertThat(floe.tables().isNessieTag(pinned.tag())).isTrue();
    assertThat(floe.tables().nessieHash(pinned.tag())).isEqualTo(head);
    TrainingLock lock = TrainingLock.read(lockFile);
    assertThat(lock).isEqualTo(pinned);

    append(events + "@" + exp, 25, 40);
    assertThat(rehydratedIds(lock)).hasSize(25);
    assertThat(TimeTravel.verify(floe, lock).problems()).isEmpty();

    floe.experiments().merge(exp);
    assertThat(ids(events)).hasSize(40);
    assertThat(TimeTravel.verify(floe, lock).problems()).isEmpty();

    floe.experiments().drop(exp);
    assertThat(TimeTravel.verify(floe, lock).problems()).isEmpty();
    assertThat(rehydratedIds(lock)).hasSize(25).doesNotHaveDuplicates();
  }

  @Test
  void verifyReportsWhenThePinnedDataIsGone() throws IOException {
    append(events + "@" + exp, 10, 15);
    TrainingLock lock = TimeTravel.pin(floe, events + "@" + exp).commit();
    ResolvedTable pinned = floe.tables().resolve(events + "@" + exp + "#" + lock.nessieHash());
    String file =
        pinned
            .table()
            .currentSnapshot()
            .addedDataFiles(pinned.table().io())
            .iterator()
            .next()
            .location();

    try (NessieApiV2 api =
        NessieClientBuilder.createClientBuilderFromSystemSettings()
            .withUri(nessie.uri())
            .build(NessieApiV2.class)) {
      api.deleteReference().reference(Tag.of(lock.tag(), lock.nessieHash())).delete();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    Files.delete(Path.of(java.net.URI.create(file).getPath()));

    assertThat(TimeTravel.verify(floe, lock).problems())
        .anyMatch(p -> p.contains("missing data file " + file))
        .anyMatch(p -> p.contains("Nessie tag " + lock.tag() + " no longer exists"));
    assertThatThrownBy(() -> TimeTravel.rehydrate(floe, lock).arrow(allocator))
        .isInstanceOf(LockVerificationException.class)
        .hasMessageContaining("missing data file");

    TrainingLock gone = withHash(lock, "cd".repeat(32));
    assertThat(TimeTravel.verify(floe, gone).problems())
        .anyMatch(p -> p.contains("Nessie commit " + "cd".repeat(32) + " no longer exists"));
  }

  @Test
  void multiTableLockPinsFeaturesAndLabelsAtOneCommit() {
    String labels = events.replace(".events", ".labels");
    Table table = TestEvents.create(floe, labels);
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 4));
    floe.experiments().drop(exp);
    floe.experiments().create(exp).commit();
    append(events + "@" + exp, 10, 12);
    Path lockFile = runs.resolve("run.lock.json");

    LockFile file =
        TimeTravel.pinAll(floe, List.of(events + "@" + exp, labels + "@" + exp))
            .configure(labels + "@" + exp, pin -> pin.select("id", "label"))
            .writeTo(lockFile);

    assertThat(file.locks())
        .extracting(TrainingLock::nessieHash)
        .containsOnly(file.locks().get(0).nessieHash());
    assertThat(file.locks()).extracting(TrainingLock::records).containsExactly(12L, 4L);
    assertThat(file.locks().get(1).columns()).containsExactly("id", "label");
    assertThat(LockFile.read(lockFile)).isEqualTo(file);
    assertThatThrownBy(() -> TrainingLock.read(lockFile)).hasMessageContaining("it pins 2 tables");
    append(labels + "@" + exp, 4, 9);
    assertThat(TimeTravel.verify(floe, file).ok()).isTrue();
    assertThat(rehydratedIds(file.locks().get(1))).hasSize(4);
  }

  private void append(String tableAtRef, long from, long to) {
    ResolvedTable resolved = floe.tables().resolve(tableAtRef);
    dev.floe.catalog.testing.GenericData.append(
        resolved.table(),
        resolved.ref(),
        FileFormat.PARQUET,
        TestEvents.rows(resolved.table(), from, to));
  }

  private List<Long> ids(String tableAtRef) {
    List<Long> ids = new ArrayList<>();
    try (CloseableIterable<Record> rows =
        TimeTravel.read(floe, tableAtRef).select("id").records()) {
      rows.forEach(row -> ids.add((Long) row.get(0)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return ids;
  }

  private List<Object> rehydratedIds(TrainingLock lock) {
    List<Object> ids = new ArrayList<>();
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      ArrowRows.drain(batches).forEach(row -> ids.add(row.get(0)));
    }
    return ids;
  }

  private static TrainingLock withHash(TrainingLock lock, String hash) {
    return TrainingLock.builderFrom(lock).nessieCommit(lock.nessieRef(), hash).build();
  }
}
