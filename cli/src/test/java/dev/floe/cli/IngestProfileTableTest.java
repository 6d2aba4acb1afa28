package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.ingest.IngestProperties;
import dev.floe.ingest.profile.Profile;
import dev.floe.ingest.profile.ProfileTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code floe ingest} into a table that profiles its commits also writes each commit's profile to
 * {@code NAMESPACE.floe_profiles} (unless {@code --no-profile-table}); {@code floe profile} shows
 * the ingested commits.
 */
class IngestProfileTableTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "label", Types.StringType.get()),
          Types.NestedField.optional(3, "score", Types.DoubleType.get()));

  @TempDir Path dir;
  private Path warehouse;
  private Path csv;

  @BeforeEach
  void create() throws IOException {
    warehouse = dir.resolve("wh");
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Map<String, String> on = Map.of(IngestProperties.PROFILE_ENABLED, "true");
      floe.tables().createIfAbsent("ml.profiled", SCHEMA, PartitionSpec.unpartitioned(), on);
      floe.tables().createIfAbsent("ml.quiet", SCHEMA, PartitionSpec.unpartitioned(), on);
      floe.tables().createIfAbsent("ml.plain", SCHEMA, PartitionSpec.unpartitioned());
    }
    StringBuilder text = new StringBuilder("id,label,score\n");
    for (int i = 0; i < 500; i++) {
      text.append(i).append(',').append(i % 3 == 0 ? "click" : "view").append(',').append(i / 10.0);
      text.append('\n');
    }
    csv = Files.writeString(dir.resolve("events.csv"), text.toString());
  }

  private CliRun ingest(String table, String... more) {
    String[] args = new String[4 + more.length];
    args[0] = "ingest";
    args[1] = table;
    args[2] = csv.toString();
    args[3] = "-w=" + warehouse;
    System.arraycopy(more, 0, args, 4, more.length);
    return CliRun.floe(args);
  }

  @Test
  void ingestWritesTheCommitsProfileToTheNamespacesProfilesTable() {
    CliRun run = ingest("ml.profiled");

    assertThat(run.exitCode()).as(run.err()).isZero();
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table = floe.tables().load("ml.profiled");
      long snapshot = table.currentSnapshot().snapshotId();
      assertThat(table.currentSnapshot().summary()).containsKey(ProfileTable.COMMIT_ID_PROPERTY);
      Profile written = ProfileTable.of(floe, "ml").read(table, snapshot);
      assertThat(written).isNotNull();
      assertThat(written.rows()).isEqualTo(500);
      assertThat(written.column("label").ndv()).isEqualTo(2);
      assertThat(written.column("score").max()).isEqualTo(49.9);
      CliRun profile = CliRun.floe("profile", "ml.profiled", "-w=" + warehouse);
      assertThat(profile.exitCode()).as(profile.err()).isZero();
      assertThat(profile.out()).startsWith("ml.profiled snapshot " + snapshot + ": 500 rows");
    }
  }

  @Test
  void noProfileTableKeepsTheProfileInTheStatisticsFileOnly() {
    CliRun run = ingest("ml.quiet", "--no-profile-table");

    assertThat(run.exitCode()).as(run.err()).isZero();
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table = floe.tables().load("ml.quiet");
      assertThat(table.currentSnapshot().summary())
          .doesNotContainKey(ProfileTable.COMMIT_ID_PROPERTY);
      assertThat(floe.catalog().tableExists(TableIdentifier.of("ml", ProfileTable.NAME))).isFalse();
    }
    CliRun profile = CliRun.floe("profile", "ml.quiet", "-w=" + warehouse);
    assertThat(profile.out()).contains(": 500 rows");
  }

  @Test
  void aTableThatDoesNotProfileGetsNoProfilesTable() {
    CliRun run = ingest("ml.plain");

    assertThat(run.exitCode()).as(run.err()).isZero();
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      assertThat(floe.catalog().tableExists(TableIdentifier.of("ml", ProfileTable.NAME))).isFalse();
    }
  }
}
