package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.nio.file.Path;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** floe branch report: what each branch and tag keeps alive, in bytes of the files written. */
class BranchReportCommandTest {
  @TempDir Path warehouse;

  @Test
  void reportsBranchesAndTagsWithTheBytesTheyAloneKeepAlive() throws Exception {
    long mainBytes;
    long expBytes;
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table =
          floe.tables()
              .createIfAbsent("ml.events", BranchCommandTest.SCHEMA, PartitionSpec.unpartitioned());
      BranchCommandTest.append(table, "main", 1, 2);
      mainBytes = added(table, "main");
      floe.experiments().create("exp-1").commit();
      floe.experiments().tag("ml.events", "train-1", table.currentSnapshot().snapshotId());
      table.refresh();
      BranchCommandTest.append(table, "exp-1", 3);
      expBytes = added(table, "exp-1");
    }
    String w = warehouse.toString();

    CliRun run = CliRun.floe("branch", "report", "-w", w, "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = BranchCommandTest.JSON.readTree(run.out());
    assertThat(report).hasSize(3);
    JsonNode exp = report.get(0);
    assertThat(exp.get("name").asText()).isEqualTo("exp-1");
    assertThat(exp.get("kind").asText()).isEqualTo("branch");
    assertThat(exp.get("snapshots").asInt()).isEqualTo(2);
    assertThat(exp.get("bytes_referenced").asLong()).isEqualTo(mainBytes + expBytes);
    assertThat(exp.get("exclusive_bytes").asLong()).isEqualTo(expBytes);
    assertThat(report.get(1).get("name").asText()).isEqualTo("main");
    assertThat(report.get(1).get("bytes_referenced").asLong()).isEqualTo(mainBytes);
    JsonNode tag = report.get(2);
    assertThat(tag.get("name").asText()).isEqualTo("train-1");
    assertThat(tag.get("kind").asText()).isEqualTo("tag");
    assertThat(tag.get("tables").get(0).asText()).isEqualTo("ml.events");
    assertThat(tag.get("bytes_referenced").asLong()).isEqualTo(mainBytes);
    assertThat(tag.get("exclusive_bytes").asLong()).isZero();

    CliRun human = CliRun.floe("branch", "report", "-w", w);
    assertThat(human.out()).contains("ONLY HERE").contains("exp-1").contains("train-1 ");
    assertThat(human.out()).containsPattern("train-1\\s+tag");
  }

  private static long added(Table table, String ref) {
    long bytes = 0;
    for (DataFile f : table.snapshot(ref).addedDataFiles(table.io())) {
      bytes += f.fileSizeInBytes();
    }
    return bytes;
  }
}
