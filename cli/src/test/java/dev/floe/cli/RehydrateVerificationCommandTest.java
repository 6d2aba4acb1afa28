package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.iceberg.PartitionSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** floe rehydrate leaves verified data or nothing, and says NOT verified when it cannot check. */
class RehydrateVerificationCommandTest {
  @TempDir Path dir;
  private String warehouse;
  private Path lockFile;

  @BeforeEach
  void table() {
    warehouse = dir.resolve("wh").toString();
    try (Floe floe = Floe.open(FloeConfig.embedded(dir.resolve("wh")))) {
      BranchCommandTest.append(
          floe.tables()
              .createIfAbsent("ml.events", BranchCommandTest.SCHEMA, PartitionSpec.unpartitioned()),
          "main",
          1,
          2,
          3,
          4,
          5);
    }
    lockFile = dir.resolve("run.lock.json");
  }

  @Test
  void tamperedDigestExitsOneAndLeavesNoFileInEitherFormat() throws IOException {
    pin();
    edit(VerifyDeepCommandTest::tamperFirstFileDigest);
    for (String format : List.of("arrow", "parquet")) {
      Path out = dir.resolve("out-" + format);

      CliRun run = rehydrate("--out", out.toString(), "--format", format);

      assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
      assertThat(run.err()).contains("content digest mismatch");
      assertThat(run.out()).doesNotContain("Rehydrated");
      assertThat(listing(out)).as(format).isEmpty();
    }
  }

  @Test
  void lockWithoutDigestIsNotVerifiedAndExitsOneUnlessUnverifiedIsAsked() throws IOException {
    for (boolean pinnedWithout : List.of(true, false)) {
      if (pinnedWithout) {
        pin("--no-digest");
      } else {
        pin();
        edit(n -> n.remove("contentDigest"));
      }
      Path out = dir.resolve("out-" + pinnedWithout);

      CliRun refused = rehydrate("--out", out.toString());
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err()).contains("NOT verified").contains("--unverified");
      assertThat(refused.out()).doesNotContain("verified");
      assertThat(listing(out)).isEmpty();

      CliRun verify = CliRun.floe("verify", lockFile.toString(), "-w", warehouse);
      assertThat(verify.out()).contains("OK: ml.events").contains("NOT verified");

      for (String format : List.of("arrow", "parquet")) {
        CliRun unverified = rehydrate("--out", out.toString(), "--format", format, "--unverified");
        assertThat(unverified.exitCode()).as(unverified.err()).isZero();
        assertThat(unverified.out())
            .contains(": 5 rows, NOT verified (no digest pinned; --unverified)");
      }
      assertThat(listing(out)).containsExactly("ml.events.arrow", "ml.events.parquet");
    }
  }

  @Test
  void editedRecordsAndDataFilesAreReportedByName() throws IOException {
    pin();
    edit(n -> n.put("records", 500).put("dataFiles", 3));

    CliRun verify = CliRun.floe("verify", lockFile.toString(), "-w", warehouse);
    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.out())
        .contains("MISMATCH: ml.events")
        .contains("lock field 'records' says 500")
        .contains("has 5 data records")
        .contains("lock field 'dataFiles' says 3");

    Path out = dir.resolve("out");
    CliRun rehydrate = rehydrate("--out", out.toString());
    assertThat(rehydrate.exitCode()).isEqualTo(1);
    assertThat(rehydrate.err()).contains("lock field 'records' says 500");
    assertThat(listing(out)).isEmpty();
  }

  private void pin(String... options) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("pin", "ml.events", "--out", lockFile.toString(), "-w", warehouse, "--force"));
    args.addAll(List.of(options));
    CliRun pin = CliRun.floe(args.toArray(new String[0]));
    assertThat(pin.exitCode()).as(pin.err()).isZero();
  }

  private CliRun rehydrate(String... options) {
    List<String> args =
        new java.util.ArrayList<>(List.of("rehydrate", lockFile.toString(), "-w", warehouse));
    args.addAll(List.of(options));
    return CliRun.floe(args.toArray(new String[0]));
  }

  private void edit(Consumer<ObjectNode> change) throws IOException {
    ObjectNode node = (ObjectNode) BranchCommandTest.JSON.readTree(Files.readString(lockFile));
    change.accept(node);
    Files.writeString(lockFile, BranchCommandTest.JSON.writeValueAsString(node));
  }

  /** Every file in the folder, hidden ones included; empty when there is no folder. */
  static List<String> listing(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (var files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
