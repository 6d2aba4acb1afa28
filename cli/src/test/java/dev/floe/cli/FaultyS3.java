package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.FaultProxy;
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

/**
 * A table {@code ml.events} on an S3Proxy warehouse, reached two ways: {@link #floe} through a
 * {@link FaultProxy} that tests make misbehave, {@link #open()} and {@link #direct()} straight to
 * the server, to check what the faulty runs left behind. Close it to stop the proxy.
 */
final class FaultyS3 implements AutoCloseable {
  static final String DATA = ".*\\.parquet";
  static final String METADATA_JSON = ".*/metadata/[^/]*\\.metadata\\.json";

  private final S3ProxyExtension s3;
  private final Path dir;
  private final FaultProxy proxy;
  private final Path faulty;
  private final Path direct;

  FaultyS3(S3ProxyExtension s3, Path dir) throws IOException {
    this.s3 = s3;
    this.dir = dir;
    this.proxy = FaultProxy.start(s3.endpoint());
    String prefix = "faults-" + dir.getFileName();
    this.faulty = config("faulty.properties", prefix, proxy.endpoint());
    this.direct = config("direct.properties", prefix, s3.endpoint());
    try (Floe floe = open()) {
      floe.tables()
          .createIfAbsent("ml.events", BranchCommandTest.SCHEMA, PartitionSpec.unpartitioned());
    }
  }

  FaultProxy proxy() {
    return proxy;
  }

  /** The config file that reaches the server directly. */
  Path direct() {
    return direct;
  }

  @Override
  public void close() {
    proxy.close();
  }

  CliRun floe(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config", faulty.toString()));
    return CliRun.floe(all.toArray(String[]::new));
  }

  CliRun ingest(Path input, String... options) {
    List<String> args = new ArrayList<>(List.of("ingest", "--table", "ml.events"));
    args.addAll(List.of(options));
    args.addAll(List.of("--config", faulty.toString(), input.toString()));
    return CliRun.floe(args.toArray(String[]::new));
  }

  CliRun ingestDirect(Path input, String... options) {
    List<String> args = new ArrayList<>(List.of("ingest", "--table", "ml.events"));
    args.addAll(List.of(options));
    args.addAll(List.of("--config", direct.toString(), input.toString()));
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

  /** A failure that printed lines of its own (compaction's failed groups) ends with one line. */
  static void assertFailureOnLastLine(CliRun run) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    List<String> lines = run.err().lines().toList();
    assertThat(lines.get(lines.size() - 2)).startsWith("floe: ");
    assertThat(run.err()).doesNotContain("\tat ");
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
