package dev.floe.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.ingest.Audit;
import dev.floe.ingest.AuditResult;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import dev.floe.ingest.contract.Contract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Publishing a branch (an audit, an experiment merge) is an OpenLineage run whose input is the
 * branch (the table at the branch's snapshot, symlinked as db.t@branch) and whose output is the
 * target at its new head; the events validate against the OpenLineage schema.
 */
class PublishEventsTest {
  private static final String CORE = "https://openlineage.io/spec/2-0-2/OpenLineage.json";
  private static final String VERSION =
      "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json";
  private static final String SYMLINKS =
      "https://openlineage.io/spec/facets/1-0-1/SymlinksDatasetFacet.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();

  private Path lineageFile() {
    return temp.path().resolve("lineage").resolve("events.jsonl");
  }

  private Floe open() throws IOException {
    Files.createDirectories(lineageFile().getParent());
    return Lakehouse.open(
        temp.path().resolve("wh"),
        Map.of(
            "floe.lineage.transport.type",
            "file",
            "floe.lineage.transport.location",
            lineageFile().toString()));
  }

  private List<JsonNode> publishEvents() throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(lineageFile())) {
      if (!line.isBlank() && JSON.readTree(line).at("/job/name").asText().endsWith(".publish")) {
        events.add(JSON.readTree(line));
      }
    }
    return events;
  }

  private static void append(TableWriter.Builder writer, long seq) {
    try (TableWriter w = writer.producerId("feed").build()) {
      w.append(Batch.ofRows(seq, List.of(Map.<String, Object>of("id", seq, "label", "x"))));
    }
  }

  @Test
  void auditPublishAndExperimentMergeAreRunsFromTheBranchToTheTarget() throws IOException {
    long audited;
    long published;
    long branchHead;
    try (Floe floe = open()) {
      Table table = Lakehouse.events(floe);
      Lakehouse.append(table, 1, 1);
      Audit audit =
          Audit.of(floe, "ml.events")
              .branch("audit-1")
              .contract(
                  Contract.parse("{\"rules\": [{\"rule\": \"row_count\", \"min\": 1}]}", "rows"));
      append(audit.writer(), 1);
      AuditResult result = audit.publish();
      assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.FAST_FORWARD);
      audited = result.audited().snapshotId();
      published = result.published();

      floe.experiments().create("exp-1").commit();
      ResolvedTable onBranch = floe.tables().resolve("ml.events@exp-1");
      append(TableWriter.forTable(onBranch), 2);
      onBranch.table().refresh();
      branchHead = onBranch.table().snapshot("exp-1").snapshotId();
      floe.experiments().merge("exp-1");
    }

    List<JsonNode> events = publishEvents();
    assertThat(events).hasSize(2);
    JsonNode audit = events.get(0);
    assertThat(audit.at("/run/facets/floe/kind").asText()).isEqualTo("audit-publish");
    assertThat(audit.at("/inputs/0/facets/version/datasetVersion").asText())
        .isEqualTo(Long.toString(audited));
    assertThat(audit.at("/inputs/0/facets/symlinks/identifiers/0/name").asText())
        .isEqualTo("ml.events@audit-1");
    assertThat(audit.at("/outputs/0/facets/version/datasetVersion").asText())
        .isEqualTo(Long.toString(published));
    assertThat(audit.at("/outputs/0/facets/symlinks/identifiers/0/name").asText())
        .isEqualTo("ml.events");
    assertThat(audit.at("/inputs/0/name").asText()).isEqualTo(audit.at("/outputs/0/name").asText());

    JsonNode merge = events.get(1);
    assertThat(merge.at("/run/facets/floe/kind").asText()).isEqualTo("experiment-merge");
    assertThat(merge.at("/run/facets/floe/fromBranch").asText()).isEqualTo("exp-1");
    assertThat(merge.at("/inputs/0/facets/symlinks/identifiers/0/name").asText())
        .isEqualTo("ml.events@exp-1");
    assertThat(merge.at("/outputs/0/facets/version/datasetVersion").asText())
        .isEqualTo(Long.toString(branchHead));

    JsonSchemaCheck check =
        JsonSchemaCheck.openLineage(
            "OpenLineage.json", "DatasetVersionDatasetFacet.json", "SymlinksDatasetFacet.json");
    for (JsonNode event : events) {
      assertThat(check.errors(CORE, check.schema(CORE), event)).as(event.toString()).isEmpty();
      for (JsonNode dataset : List.of(event.at("/inputs/0"), event.at("/outputs/0"))) {
        for (String facet : List.of(VERSION, SYMLINKS)) {
          assertThat(check.errors(facet, check.schema(facet), dataset.path("facets")))
              .as(dataset.toString())
              .isEmpty();
        }
      }
    }
  }
}
