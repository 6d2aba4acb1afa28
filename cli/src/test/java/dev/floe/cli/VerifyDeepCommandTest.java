package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.timetravel.FileDigest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** floe verify --deep reads every data file and reports each; plain verify reads none. */
class VerifyDeepCommandTest {
  @TempDir Path dir;
  private String warehouse;
  private Path lockFile;

  @BeforeEach
  void table() {
    warehouse = dir.resolve("wh").toString();
    try (Floe floe = Floe.open(FloeConfig.embedded(dir.resolve("wh")))) {
      Table table =
          floe.tables()
              .createIfAbsent("ml.events", BranchCommandTest.SCHEMA, PartitionSpec.unpartitioned());
      BranchCommandTest.append(table, "main", 1, 2, 3);
      BranchCommandTest.append(table, "main", 4, 5);
    }
    lockFile = dir.resolve("run.lock.json");
    CliRun pin =
        CliRun.floe("pin", "ml.events", "--out", lockFile.toString(), "-w", warehouse, "--force");
    assertThat(pin.exitCode()).as(pin.err()).isZero();
  }

  @Test
  void deepVerifyReportsEveryFileAsJson() throws IOException {
    CliRun run = CliRun.floe("verify", lockFile.toString(), "-w", warehouse, "--deep", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode table = BranchCommandTest.JSON.readTree(run.out()).get("tables").get(0);
    assertThat(table.get("deep").asBoolean()).isTrue();
    assertThat(table.get("files")).hasSize(2);
    for (JsonNode file : table.get("files")) {
      assertThat(file.get("status").asText()).isEqualTo("ok");
      assertThat(file.get("digest").asText()).isEqualTo(file.get("expected_digest").asText());
      assertThat(file.get("error").isNull()).isTrue();
    }
    JsonNode plain =
        BranchCommandTest.JSON.readTree(
            CliRun.floe("verify", lockFile.toString(), "-w", warehouse, "--json").out());
    assertThat(plain.get("tables").get(0).get("files").isNull()).isTrue();
  }

  @Test
  void deepVerifyNamesTheFileWhoseDigestDiffersAndExitsOne() throws IOException {
    ObjectNode node = (ObjectNode) BranchCommandTest.JSON.readTree(Files.readString(lockFile));
    tamperFirstFileDigest(node);
    Files.writeString(lockFile, BranchCommandTest.JSON.writeValueAsString(node));
    String path = node.get("fileDigests").get(0).get("path").asText();

    CliRun plain = CliRun.floe("verify", lockFile.toString(), "-w", warehouse);
    CliRun deep = CliRun.floe("verify", lockFile.toString(), "-w", warehouse, "--deep");

    assertThat(plain.exitCode()).as("metadata only: " + plain.err()).isZero();
    assertThat(deep.exitCode()).isEqualTo(1);
    assertThat(deep.out())
        .contains(
            "MISMATCH",
            "content digest mismatch in rows 0-",
            path + " (unit 1 of 1, file 1 of 2)",
            "1 of 2 data files match");
  }

  /**
   * Replaces the first file's first digest unit in a lock file's JSON and recomputes the file
   * digest over the units and the root to match, as a consistent edit would.
   */
  static void tamperFirstFileDigest(ObjectNode lock) {
    ArrayNode files = (ArrayNode) lock.get("fileDigests");
    ObjectNode first = (ObjectNode) files.get(0);
    ((ObjectNode) first.get("units").get(0)).put("digest", "00".repeat(32));
    List<FileDigest> digests = new ArrayList<>();
    for (JsonNode file : files) {
      List<FileDigest.Unit> units = new ArrayList<>();
      for (JsonNode unit : file.get("units")) {
        units.add(
            new FileDigest.Unit(
                unit.get("offset").asLong(),
                unit.get("count").asLong(),
                unit.get("rows").asLong(),
                unit.get("digest").asText()));
      }
      ((ObjectNode) file).put("digest", FileDigest.over(units));
      digests.add(
          new FileDigest(
              file.get("path").asText(), file.get("rows").asLong(), FileDigest.over(units), units));
    }
    lock.put("contentDigest", FileDigest.root(digests));
  }
}
