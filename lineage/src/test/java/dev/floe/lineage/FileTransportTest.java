package dev.floe.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.exceptions.InvalidConfigException;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.compaction.CompactionResult;
import dev.floe.ingest.AppendResult;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FileTransportTest {
  private static final String CORE = "https://openlineage.io/spec/2-0-2/OpenLineage.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();

  private Path lineageFile() {
    return temp.path().resolve("lineage").resolve("events.jsonl");
  }

  private Floe openWithFileTransport() throws IOException {
    Files.createDirectories(lineageFile().getParent());
    return Lakehouse.open(
        temp.path().resolve("wh"),
        Map.of(
            "floe.lineage.transport.type",
            "file",
            "floe.lineage.transport.location",
            lineageFile().toString()));
  }

  private List<JsonNode> events() throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(lineageFile())) {
      if (!line.isBlank()) {
        events.add(JSON.readTree(line));
      }
    }
    return events;
  }

  @Test
  void commitCompactionExpiryPinAndRehydrationEventsValidateAgainstTheOpenLineageSchema()
      throws IOException {
    long pinned;
    try (Floe floe = openWithFileTransport()) {
      Table table = Lakehouse.events(floe);
      Lakehouse.append(table, 1, 3);
      CompactionResult compacted = Lakehouse.compact(table);
      assertThat(compacted.changed()).isTrue();
      TrainingLock lock = TimeTravel.pin(floe, "ml.events").tag("run-42").commit();
      pinned = lock.snapshotId();
      TimeTravel.rehydrate(floe, lock).writeParquet(temp.path().resolve("train.parquet"));
      Lakehouse.expire(table);
    }

    List<JsonNode> events = events();
    assertThat(events)
        .extracting(e -> e.at("/job/name").asText())
        .containsExactly(
            "ml.events.commit",
            "ml.events.commit",
            "ml.events.commit",
            "ml.events.compaction.bin-pack",
            "ml.events.pin",
            "ml.events.verify",
            "ml.events.rehydrate",
            "ml.events.expire-snapshots");
    JsonSchemaCheck check =
        JsonSchemaCheck.openLineage(
            "OpenLineage.json",
            "DatasetVersionDatasetFacet.json",
            "SymlinksDatasetFacet.json",
            "OutputStatisticsOutputDatasetFacet.json",
            "InputStatisticsInputDatasetFacet.json");
    String version = "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json";
    for (JsonNode event : events) {
      assertThat(check.errors(CORE, check.schema(CORE), event)).as(event.toString()).isEmpty();
      for (JsonNode dataset : datasets(event)) {
        for (String facetFile : List.of(version, symlinksId(check))) {
          assertThat(check.errors(facetFile, check.schema(facetFile), dataset.path("facets")))
              .as(dataset.toString())
              .isEmpty();
        }
      }
    }
    assertThat(events.get(4).at("/inputs/0/facets/version/datasetVersion").isTextual()).isTrue();
    assertThat(events.get(4).at("/inputs/0/facets/version/datasetVersion").asText())
        .isEqualTo(Long.toString(pinned));
    assertThat(events.get(4).at("/run/facets/floe/lock/name").asText()).isEqualTo("run-42");
    assertThat(events.get(4).at("/run/facets/floe/lock/fingerprint").asText()).isNotBlank();
    assertThat(events.get(5).at("/eventType").asText()).isEqualTo("COMPLETE");
    assertThat(events.get(6).at("/eventType").asText()).isEqualTo("COMPLETE");
    assertThat(events.get(6).at("/inputs/0/inputFacets/inputStatistics/rowCount").asLong())
        .isEqualTo(9);
  }

  private static String symlinksId(JsonSchemaCheck check) {
    return "https://openlineage.io/spec/facets/1-0-1/SymlinksDatasetFacet.json";
  }

  private static List<JsonNode> datasets(JsonNode event) {
    List<JsonNode> all = new ArrayList<>();
    event.path("inputs").forEach(all::add);
    event.path("outputs").forEach(all::add);
    return all;
  }

  @Test
  void writerCommitNamesTheTableAsSparkDoesWithTheSnapshotIdAsAStringVersion() throws IOException {
    Path warehouse = temp.path().resolve("wh");
    List<AppendResult> appended;
    try (Floe floe = openWithFileTransport()) {
      appended = Lakehouse.append(Lakehouse.events(floe), 1, 1);
    }

    JsonNode event = events().get(0);
    JsonNode output = event.at("/outputs/0");
    assertThat(event.at("/eventType").asText()).isEqualTo("COMPLETE");
    assertThat(output.at("/namespace").asText()).isEqualTo("file");
    assertThat(output.at("/name").asText())
        .isEqualTo(warehouse.toAbsolutePath().resolve("ml/events").toString());
    assertThat(output.at("/facets/symlinks/identifiers/0/name").asText()).isEqualTo("ml.events");
    assertThat(output.at("/facets/symlinks/identifiers/0/type").asText()).isEqualTo("TABLE");
    assertThat(output.at("/facets/symlinks/identifiers/0/namespace").asText())
        .isEqualTo(warehouse.toAbsolutePath().toUri().toString());
    assertThat(output.at("/facets/version/datasetVersion").asText())
        .isEqualTo(Long.toString(appended.get(0).snapshotId()));
    assertThat(output.at("/outputFacets/outputStatistics/rowCount").asLong()).isEqualTo(3);
    JsonNode batch = event.at("/run/facets/floe/batches/0");
    assertThat(batch.at("/producer").asText()).isEqualTo("trainer-feed");
    assertThat(batch.at("/sequences/0").asLong()).isEqualTo(1);
    assertThat(batch.at("/rows").asLong()).isEqualTo(3);
  }

  @Test
  void schemaCheckRejectsANumericVersionABadRunIdAndAMissingProducer() throws IOException {
    try (Floe floe = openWithFileTransport()) {
      Lakehouse.append(Lakehouse.events(floe), 1, 1);
    }
    JsonSchemaCheck check =
        JsonSchemaCheck.openLineage("OpenLineage.json", "DatasetVersionDatasetFacet.json");
    String version = "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json";
    com.fasterxml.jackson.databind.node.ObjectNode event =
        (com.fasterxml.jackson.databind.node.ObjectNode) events().get(0);
    com.fasterxml.jackson.databind.node.ObjectNode facets =
        (com.fasterxml.jackson.databind.node.ObjectNode) event.at("/outputs/0/facets");
    ((com.fasterxml.jackson.databind.node.ObjectNode) facets.get("version"))
        .put("datasetVersion", 1234567890123456789L);
    ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("run")).put("runId", "nope");
    event.remove("producer");

    assertThat(check.errors(version, check.schema(version), facets))
        .anyMatch(e -> e.contains("datasetVersion: expected string"));
    assertThat(check.errors(CORE, check.schema(CORE), event)).isNotEmpty();
    assertThat(check.errors(CORE, check.schema(CORE).at("/$defs/RunEvent"), event))
        .anyMatch(e -> e.contains("runId: not a uuid"))
        .anyMatch(e -> e.contains("missing required producer"));
  }

  @Test
  void anUnknownTransportOrOneWithoutATypeFailsToOpenNamingTheKey() {
    Path warehouse = temp.path().resolve("wh");
    assertThatThrownBy(
            () -> Lakehouse.open(warehouse, Map.of("floe.lineage.transport.type", "pigeon")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid lineage transport pigeon");
    assertThatThrownBy(
            () ->
                Lakehouse.open(
                    warehouse, Map.of("floe.lineage.transport.url", "http://127.0.0.1:1")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("floe.lineage.transport.type is required");
  }

  @Test
  void transportComesFromAnOpenLineageYmlOrFromOpenLineageVariables() throws IOException {
    Files.createDirectories(lineageFile().getParent());
    Path yml = temp.path().resolve("openlineage.yml");
    Files.writeString(
        yml, "transport:\n  type: file\n  location: " + lineageFile().toAbsolutePath() + "\n");
    try (Floe floe =
        Lakehouse.open(
            temp.path().resolve("wh"), Map.of("floe.lineage.config-file", yml.toString()))) {
      Lakehouse.append(Lakehouse.events(floe), 1, 1);
    }
    assertThat(events()).hasSize(1);

    Path fromEnv = temp.path().resolve("lineage").resolve("env.jsonl");
    FloeConfig config =
        FloeConfig.builder()
            .set("floe.warehouse", temp.path().resolve("wh").toString())
            .set("floe.user-home", temp.path().resolve("home").toString())
            .env(
                Map.of(
                    "OPENLINEAGE__TRANSPORT__TYPE",
                    "file",
                    "OPENLINEAGE__TRANSPORT__LOCATION",
                    fromEnv.toString()))
            .build();
    try (Floe floe = Floe.open(config)) {
      Lakehouse.append(Lakehouse.events(floe), 2, 2);
    }
    assertThat(Files.readAllLines(fromEnv))
        .hasSize(1)
        .allMatch(l -> l.contains("ml.events.commit"));
  }

  @Test
  void noEventsWithoutLineageSettings() throws IOException {
    try (Floe floe = Lakehouse.open(temp.path().resolve("wh"), Map.of())) {
      Lakehouse.append(Lakehouse.events(floe), 1, 2);
      assertThat(floe.events().active()).isFalse();
      assertThat(floe.events().published()).isZero();
    }
    assertThat(lineageFile()).doesNotExist();
  }
}
