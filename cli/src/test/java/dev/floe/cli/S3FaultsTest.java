package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.FaultProxy;
import dev.floe.catalog.testing.FaultProxy.Fault;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.S3ProxyExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.LongStream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * floe on an S3 warehouse whose server misbehaves ({@link FaultProxy} in front of S3Proxy).
 * Throttling, server errors and resets are retried by S3FileIO; what keeps failing fails the
 * command with one line, leaves no partial batch and no snapshot pointing at a missing file, and a
 * re-run once the server behaves completes the work.
 */
class S3FaultsTest {
  static final String DATA = ".*\\.parquet";
  static final String METADATA_JSON = ".*/metadata/[^/]*\\.metadata\\.json";

  @RegisterExtension static S3ProxyExtension s3 = new S3ProxyExtension();

  @TempDir Path dir;
  FaultProxy proxy;
  Path faulty;
  Path direct;

  @BeforeEach
  void table() throws IOException {
    proxy = FaultProxy.start(s3.endpoint());
    String prefix = "faults-" + dir.getFileName();
    faulty = config("faulty.properties", prefix, proxy.endpoint());
    direct = config("direct.properties", prefix, s3.endpoint());
    try (Floe floe = open()) {
      floe.tables()
          .createIfAbsent("ml.events", BranchCommandTest.SCHEMA, PartitionSpec.unpartitioned());
    }
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  @Test
  void ingestRetriesThrottlingErrorsAndResetsAndAppendsEveryRowOnce() throws IOException {
    proxy.inject(Fault.SLOW_DOWN, "PUT", DATA, 2);
    proxy.inject(Fault.RESET_MID_REQUEST, "PUT", DATA, 1);
    proxy.inject(Fault.INTERNAL_ERROR, "PUT", METADATA_JSON, 1);
    // The server stores the metadata file, the client never hears so and writes it again.
    proxy.inject(Fault.RESET_MID_RESPONSE, "PUT", METADATA_JSON, 1);
    proxy.inject(Fault.RESET_MID_RESPONSE, "GET", METADATA_JSON, 1);
    proxy.slowMillis(1_000).inject(Fault.SLOW, "PUT", DATA, 1);

    CliRun run = ingest(rows(1, 300), "--batch-rows", "100");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Ingested 300 rows");
    assertThat(ids()).containsExactlyInAnyOrderElementsOf(range(1, 300));
    assertThat(proxy.injected(Fault.SLOW_DOWN)).isEqualTo(2);
    assertThat(proxy.injected(Fault.RESET_MID_REQUEST)).isEqualTo(1);
    assertThat(proxy.injected(Fault.INTERNAL_ERROR)).isEqualTo(1);
    assertThat(proxy.injected(Fault.SLOW)).isEqualTo(1);
    assertEverySnapshotsFilesExist();
  }

  @Test
  void ingestThatKeepsFailingStopsAtABatchBoundaryAndARerunCompletes() throws IOException {
    Path input = rows(1, 300);
    // The first batch's data file goes through, every later one fails on every retry.
    proxy.injectAfter(1, Fault.INTERNAL_ERROR, "PUT", DATA, 1_000);

    CliRun failed = ingest(input, "--batch-rows", "100");

    assertOneLineFailure(failed);
    assertThat(ids()).containsExactlyInAnyOrderElementsOf(range(1, 100));
    assertEverySnapshotsFilesExist();

    proxy.heal();
    CliRun rerun = ingest(input, "--batch-rows", "100");
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(ids()).containsExactlyInAnyOrderElementsOf(range(1, 300));
    assertEverySnapshotsFilesExist();
  }

  @Test
  void commitWhoseMetadataCannotBeWrittenLeavesTheTableAsItWas() throws IOException {
    Path input = rows(1, 50);
    proxy.inject(Fault.INTERNAL_ERROR, "PUT", METADATA_JSON, 1_000);

    CliRun failed = ingest(input);

    assertOneLineFailure(failed);
    assertThat(ids()).isEmpty();
    proxy.heal();
    assertThat(ingest(input).exitCode()).isZero();
    assertThat(ids()).containsExactlyInAnyOrderElementsOf(range(1, 50));
    assertEverySnapshotsFilesExist();
  }

  @Test
  void compactionThatCannotWriteKeepsEveryRowAndARerunCompacts() throws IOException {
    assertThat(ingestDirect(rows(1, 300), "--batch-rows", "50").exitCode()).isZero();
    proxy.inject(Fault.INTERNAL_ERROR, "PUT", DATA, 1_000);

    CliRun failed = floe("compact", "ml.events");

    assertFailureOnLastLine(failed);
    assertThat(failed.err())
        .contains("failed group  (6 files): object store request failed: ")
        .contains("Status Code: 500");
    assertThat(dataFiles()).isEqualTo(6);
    assertThat(ids()).containsExactlyInAnyOrderElementsOf(range(1, 300));
    assertEverySnapshotsFilesExist();

    // What S3FileIO retries does not stop the re-run.
    proxy.heal();
    proxy.inject(Fault.RESET_MID_RESPONSE, "GET", DATA, 2);
    proxy.inject(Fault.SLOW_DOWN, "PUT", DATA, 1);
    CliRun rerun = floe("compact", "ml.events");
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(dataFiles()).isEqualTo(1);
    assertThat(ids()).containsExactlyInAnyOrderElementsOf(range(1, 300));
    assertEverySnapshotsFilesExist();
  }

  @Test
  void expireThatCannotCommitChangesNothingAndARerunExpires() throws IOException {
    assertThat(ingestDirect(rows(1, 100), "--batch-rows", "25").exitCode()).isZero();
    assertThat(CliRun.floe("compact", "ml.events", "--config", direct.toString()).exitCode())
        .isZero();
    int snapshots = snapshots();
    proxy.inject(Fault.INTERNAL_ERROR, "PUT", METADATA_JSON, 1_000);

    CliRun failed = floe("expire", "ml.events", "--older-than", "0s");

    assertOneLineFailure(failed);
    assertThat(snapshots()).isEqualTo(snapshots);
    assertEverySnapshotsFilesExist();

    // Bulk deletes are POSTs to the bucket: throttled once, retried.
    proxy.heal();
    proxy.inject(Fault.SLOW_DOWN, "POST", "/" + s3.bucket(), 1);
    CliRun rerun = floe("expire", "ml.events", "--older-than", "0s");
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(rerun.out()).contains("expired " + (snapshots - 1) + " snapshots");
    assertThat(snapshots()).isEqualTo(1);
    assertThat(ids()).containsExactlyInAnyOrderElementsOf(range(1, 100));
    assertEverySnapshotsFilesExist();
  }

  @Test
  void pinAndRehydrateRetryResetsAndFailCleanlyWhenTheServerKeepsFailing() throws IOException {
    assertThat(ingestDirect(rows(1, 200), "--batch-rows", "100").exitCode()).isZero();
    Path lock = dir.resolve("train.floe.lock.json");
    proxy.inject(Fault.INTERNAL_ERROR, "PUT", METADATA_JSON, 1_000);

    CliRun failedPin = floe("pin", "ml.events", "--tag", "train", "--out", lock.toString());

    assertOneLineFailure(failedPin);
    assertThat(lock).doesNotExist();
    assertThat(tags()).doesNotContain("train");

    proxy.heal();
    proxy.inject(Fault.RESET_MID_RESPONSE, "GET", DATA, 1);
    CliRun pin = floe("pin", "ml.events", "--tag", "train", "--out", lock.toString());
    assertThat(pin.exitCode()).as(pin.err()).isZero();
    assertThat(tags()).contains("train");

    Path out = dir.resolve("export");
    proxy.inject(Fault.RESET_MID_RESPONSE, "GET", DATA, 1);
    proxy.inject(Fault.SLOW_DOWN, "GET", DATA, 1);
    CliRun rehydrate = floe("rehydrate", lock.toString(), "--out", out.toString());
    assertThat(rehydrate.exitCode()).as(rehydrate.err()).isZero();
    assertThat(rehydrate.out()).contains("200 rows, digest").contains("verified");

    proxy.inject(Fault.INTERNAL_ERROR, "GET", DATA, 1_000);
    CliRun failed = floe("rehydrate", lock.toString(), "--out", dir.resolve("x").toString());
    assertOneLineFailure(failed);

    proxy.heal();
    CliRun rerun = floe("rehydrate", lock.toString(), "--out", dir.resolve("x").toString());
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(rerun.out()).contains("200 rows, digest").contains("verified");
  }

  CliRun floe(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config", faulty.toString()));
    return CliRun.floe(all.toArray(String[]::new));
  }

  CliRun ingestDirect(Path input, String... options) {
    List<String> args = new ArrayList<>(List.of("ingest", "--table", "ml.events"));
    args.addAll(List.of(options));
    args.addAll(List.of("--config", direct.toString(), input.toString()));
    return CliRun.floe(args.toArray(String[]::new));
  }

  /** A failure that printed lines of its own (compaction's failed groups) ends with one line. */
  static void assertFailureOnLastLine(CliRun run) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    List<String> lines = run.err().lines().toList();
    assertThat(lines.get(lines.size() - 2)).startsWith("floe: ");
    assertThat(run.err()).doesNotContain("\tat ");
  }

  int dataFiles() {
    try (Floe floe = open()) {
      Table table = floe.tables().load("ml.events");
      return Integer.parseInt(table.currentSnapshot().summary().get("total-data-files"));
    }
  }

  int snapshots() {
    try (Floe floe = open()) {
      int n = 0;
      for (Snapshot ignored : floe.tables().load("ml.events").snapshots()) {
        n++;
      }
      return n;
    }
  }

  java.util.Set<String> tags() {
    try (Floe floe = open()) {
      return floe.tables().load("ml.events").refs().keySet();
    }
  }

  CliRun ingest(Path input, String... options) {
    List<String> args = new ArrayList<>(List.of("ingest", "--table", "ml.events"));
    args.addAll(List.of(options));
    args.addAll(List.of("--config", faulty.toString(), input.toString()));
    return CliRun.floe(args.toArray(String[]::new));
  }

  static void assertOneLineFailure(CliRun run) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    List<String> lines = run.err().lines().toList();
    assertThat(lines).as(run.err()).hasSize(2);
    assertThat(lines.get(0))
        .startsWith("floe: object store request failed: ")
        .contains("Status Code: 500")
        .doesNotContain("\tat ");
    assertThat(lines.get(1)).contains("run with --verbose");
  }

  /** Every file every snapshot uses is on the server: manifest lists, manifests, data files. */
  void assertEverySnapshotsFilesExist() {
    try (Floe floe = open()) {
      Table table = floe.tables().load("ml.events");
      for (Snapshot snapshot : table.snapshots()) {
        assertThat(table.io().newInputFile(snapshot.manifestListLocation()).exists())
            .as(snapshot.manifestListLocation())
            .isTrue();
        for (ManifestFile manifest : snapshot.allManifests(table.io())) {
          assertThat(table.io().newInputFile(manifest.path()).exists())
              .as(manifest.path())
              .isTrue();
        }
        for (DataFile file : snapshot.addedDataFiles(table.io())) {
          assertThat(table.io().newInputFile(file.location()).exists())
              .as(file.location())
              .isTrue();
        }
      }
    }
  }

  List<Long> ids() {
    try (Floe floe = open()) {
      Table table = floe.tables().load("ml.events");
      return table.currentSnapshot() == null
          ? List.of()
          : GenericData.ids(GenericData.read(table, "main"));
    }
  }

  Floe open() {
    return Floe.open(FloeConfig.builder().file(direct).build());
  }

  Path rows(long from, long to) throws IOException {
    StringBuilder text = new StringBuilder();
    for (long id = from; id <= to; id++) {
      text.append("{\"id\": ").append(id).append(", \"label\": \"row-").append(id).append("\"}\n");
    }
    return Files.writeString(dir.resolve("rows-" + from + "-" + to + ".jsonl"), text);
  }

  static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  private Path config(String name, String prefix, String endpoint) throws IOException {
    Properties p = new Properties();
    p.setProperty("floe.warehouse", "s3://" + s3.bucket() + "/" + prefix);
    p.setProperty("floe.embedded.db-dir", dir.resolve("db").toString());
    p.setProperty("s3.endpoint", endpoint);
    p.setProperty("s3.path-style-access", "true");
    p.setProperty("s3.access-key-id", s3.accessKey());
    p.setProperty("s3.secret-access-key", s3.secretKey());
    // Iceberg's retry counts, with short waits so a test does not sleep for minutes.
    p.setProperty("s3.retry.min-wait-ms", "10");
    p.setProperty("s3.retry.max-wait-ms", "100");
    Path file = dir.resolve(name);
    try (var out = Files.newOutputStream(file)) {
      p.store(out, null);
    }
    return file;
  }
}
