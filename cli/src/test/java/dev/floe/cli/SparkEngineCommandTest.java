package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.spark.SparkEngine;
import dev.floe.spark.SparkProperties;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code floe compact|expire|maintain --engine spark} against a SPARK_HOME laid out like a Spark
 * 3.5 installation (the spark module's copy of Spark's jars and iceberg-spark-runtime). Spark
 * starts once for the class: the test holds an engine on the same jars and master, and every
 * command joins it.
 */
class SparkEngineCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SPARK_HOME = Path.of(System.getProperty("floe.test.spark-home", "-"));

  @TempDir static Path shared;
  private static SparkEngine held;

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    assertThat(SPARK_HOME.resolve("jars"))
        .as("the spark module's test SPARK_HOME (mvn -pl cli -am test makes it)")
        .isDirectory();
    FloeConfig config =
        FloeConfig.embedded(shared.resolve("wh")).with(SparkProperties.MASTER, "local[2]");
    held = SparkEngine.builder(config).sparkHome(SPARK_HOME).start();
  }

  @AfterAll
  static void stopSpark() {
    if (held != null) {
      held.close();
    }
  }

  @Test
  void compactsOnSparkAndExpiresKeepingThePinAndTheLedger() throws IOException {
    Path[] files = ingestSixFiles();
    Table table = temp.floe().tables().load("db.t");
    long pinned = table.currentSnapshot().parentId();
    table.manageSnapshots().createTag("floe-pin-test", pinned).commit();
    List<Record> pinnedRows = GenericData.read(table, pinned);

    CliRun compact = floe("compact", "--engine", "spark", "--json", "db.t");
    assertThat(compact.exitCode()).as(compact.err()).isZero();
    JsonNode done = JSON.readTree(compact.out());
    assertThat(done.get("engine").asText()).isEqualTo("spark");
    assertThat(done.get("rewritten_files").asInt()).isEqualTo(6);
    assertThat(done.get("added_files").asInt()).isEqualTo(1);
    assertThat(done.get("ledger_carried").asBoolean()).isTrue();
    table.refresh();
    assertThat(dataFiles(table)).isEqualTo(1);
    assertThat(rows(table)).isEqualTo(12);
    assertThat(sum(table)).isEqualTo(sumOfSixFiles());
    String ledger = table.currentSnapshot().summary().get("floe.ledger");
    assertThat(ledger).isNotNull();

    CliRun expire =
        floe(
            "expire",
            "--engine",
            "spark",
            "--older-than",
            "0s",
            "--retain-last",
            "1",
            "--json",
            "db.t");
    assertThat(expire.exitCode()).as(expire.err()).isZero();
    assertThat(JSON.readTree(expire.out()).get("expired_snapshots").asInt()).isPositive();
    table.refresh();
    assertThat(table.snapshot(pinned)).isNotNull();
    assertThat(GenericData.read(table, pinned)).hasSameElementsAs(pinnedRows);
    assertThat(Files.exists(local(ledger))).isTrue();
    assertThat(sum(table)).isEqualTo(sumOfSixFiles());

    // The ledger survived both jobs: the same bytes again append nothing.
    CliRun again = floe("ingest", "--json", "db.t", files[0].toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    table.refresh();
    assertThat(rows(table)).isEqualTo(12);
  }

  @Test
  void maintainsOnSparkWithADryRunForOrphans() throws IOException {
    ingestSixFiles();
    Table table = temp.floe().tables().load("db.t");
    Path stray = local(table.location()).resolve("data/stray.parquet");
    Files.writeString(stray, "a crashed writer's file");
    Files.setLastModifiedTime(stray, java.nio.file.attribute.FileTime.fromMillis(0));

    CliRun run = floe("maintain", "--engine", "spark", "--json", "db.t");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode m = JSON.readTree(run.out());
    assertThat(m.at("/compaction/added_files").asInt()).isEqualTo(1);
    assertThat(m.at("/orphans/deleted").asBoolean()).isFalse();
    assertThat(m.at("/orphans/files").toString()).contains("stray.parquet");
    assertThat(stray).exists();
    table.refresh();
    assertThat(sum(table)).isEqualTo(sumOfSixFiles());
  }

  @Test
  void withoutSparkItSaysWhatToSetAndExitsOne() throws IOException {
    ingestSixFiles();
    CliRun run = CliRun.floe("compact", "--engine", "spark", "-w", temp.path().toString(), "db.t");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().lines().findFirst().orElseThrow())
        .startsWith("floe: Cannot run on Spark: no Spark found; set SPARK_HOME");
    assertThat(dataFiles(temp.floe().tables().load("db.t"))).isEqualTo(6);
  }

  @Test
  void aSparkHomeWithoutIcebergsRuntimeNamesTheJarToAdd() throws IOException {
    ingestSixFiles();
    Path home = dir.resolve("spark");
    Files.createDirectories(home.resolve("jars"));
    try (Stream<Path> jars = Files.list(SPARK_HOME.resolve("jars"))) {
      for (Path jar : jars.toList()) {
        if (!jar.getFileName().toString().startsWith("iceberg-spark-runtime")) {
          Files.createSymbolicLink(home.resolve("jars").resolve(jar.getFileName()), jar);
        }
      }
    }
    CliRun run = floe(home, "expire", "--engine", "spark", "db.t");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().lines().findFirst().orElseThrow())
        .startsWith("floe: Cannot run on Spark: iceberg-spark-runtime-3.5_2.12 is not in")
        .contains("add iceberg-spark-runtime-3.5_2.12-1.11.0.jar");
  }

  @Test
  void benchSparkWithoutSparkSaysHowToGetOneAndExitsTwo() {
    Path out = dir.resolve("bench");
    CliRun run = CliRun.floe("bench", "spark", "--quick", "--out", out.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("no Spark found; set SPARK_HOME")
        .contains("org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.11.0");
    assertThat(out).doesNotExist();
  }

  @Test
  void compactsABranchOnSparkLeavingMainAsItIs() throws IOException {
    Path[] files = ingestSixFiles();
    Table table = temp.floe().tables().load("db.t");
    long main = table.currentSnapshot().snapshotId();
    table.manageSnapshots().createBranch("exp", main).commit();
    Path extra = dir.resolve("extra.csv");
    Files.writeString(extra, "id,v\n100,1000\n101,1\n");
    CliRun ingest = floe("ingest", "db.t@exp", extra.toString());
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();

    CliRun compact = floe("compact", "--engine", "spark", "--json", "db.t@exp");
    assertThat(compact.exitCode()).as(compact.err()).isZero();
    JsonNode done = JSON.readTree(compact.out());
    assertThat(done.get("table").asText()).isEqualTo("db.t@exp");
    assertThat(done.get("rewritten_files").asInt()).isEqualTo(7);
    assertThat(done.get("added_files").asInt()).isEqualTo(1);
    assertThat(done.get("ledger_carried").asBoolean()).isTrue();
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(main);
    assertThat(table.snapshot("exp").snapshotId()).isEqualTo(done.get("snapshot_id").asLong());
    assertThat(dataFiles(table)).isEqualTo(6);
    assertThat(GenericData.read(table, "exp"))
        .hasSize(14)
        .extracting(r -> (Long) r.getField("v"))
        .containsOnlyOnce(1000L);

    CliRun maintain = floe("maintain", "--engine", "spark", "--json", "db.t@exp");
    assertThat(maintain.exitCode()).as(maintain.err()).isZero();
    assertThat(JSON.readTree(maintain.out()).at("/compaction/table").asText())
        .isEqualTo("db.t@exp");
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(main);

    // The branch's ledger came through: the same bytes again append nothing there.
    CliRun again = floe("ingest", "--json", "db.t@exp", extra.toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    CliRun old = floe("ingest", "--json", "db.t@exp", files[0].toString());
    assertThat(old.exitCode()).as(old.err()).isZero();
    table.refresh();
    assertThat(GenericData.read(table, "exp")).hasSize(14);
  }

  @Test
  void aTagOrAMissingBranchIsRefusedBeforeSparkStarts() throws IOException {
    ingestSixFiles();
    Table table = temp.floe().tables().load("db.t");
    table.manageSnapshots().createTag("floe-pin-1", table.currentSnapshot().snapshotId()).commit();

    CliRun compact = floe("compact", "--engine", "spark", "db.t@floe-pin-1");
    assertThat(compact.exitCode()).isEqualTo(1);
    assertThat(compact.err()).contains("'floe-pin-1' is a tag").contains("cannot be written");
    CliRun maintain = floe("maintain", "--engine", "spark", "db.t@floe-pin-1");
    assertThat(maintain.exitCode()).isEqualTo(1);
    assertThat(maintain.err()).contains("tag 'floe-pin-1' is read-only");
    CliRun missing = floe("compact", "--engine", "spark", "db.t@nope");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("nope");
    table.refresh();
    assertThat(dataFiles(table)).isEqualTo(6);
  }

  private Path[] ingestSixFiles() throws IOException {
    Path schema = dir.resolve("schema.json");
    Files.writeString(
        schema,
        "{\"columns\": [{\"name\": \"id\", \"type\": \"long\"}, {\"name\": \"v\", \"type\": \"long\"}]}");
    CliRun create = floe("table", "create", "--schema", schema.toString(), "db.t");
    assertThat(create.exitCode()).as(create.err()).isZero();
    Path[] files = new Path[6];
    for (int i = 0; i < 6; i++) {
      files[i] = dir.resolve("part-" + i + ".csv");
      Files.writeString(
          files[i], "id,v\n" + (2 * i) + "," + (i * 10) + "\n" + (2 * i + 1) + ",7\n");
      CliRun ingest = floe("ingest", "db.t", files[i].toString());
      assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    }
    return files;
  }

  private static long sumOfSixFiles() {
    long sum = 0;
    for (int i = 0; i < 6; i++) {
      sum += i * 10 + 7;
    }
    return sum;
  }

  private CliRun floe(String... args) {
    return floe(SPARK_HOME, args);
  }

  // The command with SPARK_HOME set and a config file naming the warehouse and Spark's master.
  private CliRun floe(Path sparkHome, String... args) {
    Path config = dir.resolve("floe.properties");
    try {
      Files.writeString(
          config, "floe.warehouse=" + temp.path() + "\n" + SparkProperties.MASTER + "=local[2]\n");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    String[] all =
        Stream.concat(Stream.of(args), Stream.of("--config", config.toString()))
            .toArray(String[]::new);
    return CliRun.floe(
        new CliEnvironment(Map.of("SPARK_HOME", sparkHome.toString()), null, null, false), all);
  }

  private static long dataFiles(Table table) throws IOException {
    long n = 0;
    try (CloseableIterable<org.apache.iceberg.FileScanTask> tasks = table.newScan().planFiles()) {
      for (org.apache.iceberg.FileScanTask task : tasks) {
        DataFile file = task.file();
        n += file != null ? 1 : 0;
      }
    }
    return n;
  }

  private static long rows(Table table) {
    return GenericData.read(table, "main").size();
  }

  private static long sum(Table table) {
    return GenericData.read(table, "main").stream().mapToLong(r -> (Long) r.getField("v")).sum();
  }

  private static Path local(String location) {
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }
}
