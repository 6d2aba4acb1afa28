package dev.floe.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.MlEvents;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.timetravel.Split;
import dev.floe.timetravel.TimeTravel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A part read on Spark picks its rows by the lock's split, which the units' digests do not cover:
 * an edited split fails the job (each unit's part rows are checked against the lock's digest of
 * them), and a lock without those digests is refused for a part, read whole.
 */
@ExtendWith(LocalSpark.class)
class SparkEditedSplitTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path runs;
  private Path lockFile;

  @BeforeEach
  void pin() {
    Floe floe = temp.floe();
    Table table =
        floe.tables().createIfAbsent("db.events", MlEvents.SCHEMA, PartitionSpec.unpartitioned());
    GenericData.append(table, "main", FileFormat.PARQUET, FloeSparkReadTest.rows(table, 0, 120));
    GenericData.append(table, "main", FileFormat.ORC, FloeSparkReadTest.rows(table, 120, 200));
    lockFile = runs.resolve("floe.lock.json");
    TimeTravel.pin(floe, "db.events")
        .split(Split.by("id").train(0.6).validation(0.2).test(0.2).seed(7).build())
        .writeTo(lockFile);
  }

  @Test
  void anEditedSeedFailsTheJobOfAPart() throws IOException {
    edit(node -> ((ObjectNode) node.get("split")).put("seed", 8));

    assertThatThrownBy(() -> LocalSpark.readLock(settings(), lockFile, "TRAIN"))
        .hasMessageContaining("LockMismatchException")
        .hasMessageContaining("the train part of rows ")
        .hasMessageContaining("was it edited?");
  }

  @Test
  void aLockWithoutUnitPartDigestsIsRefusedForAPartAndReadWhole() throws IOException {
    edit(
        node -> {
          for (JsonNode file : node.get("fileDigests")) {
            file.get("units").forEach(unit -> ((ObjectNode) unit).remove("parts"));
          }
        });

    assertThatThrownBy(() -> LocalSpark.readLock(settings(), lockFile, "TEST"))
        .hasMessageContaining("pins no digest of each unit's test rows");
    assertThat(LocalSpark.readLock(settings(), lockFile, null)).hasSize(200);
  }

  private void edit(Consumer<ObjectNode> change) throws IOException {
    ObjectNode node = (ObjectNode) JSON.readTree(Files.readString(lockFile));
    JsonNode root = node.has("tables") ? node.get("tables").get(0) : node;
    change.accept((ObjectNode) root);
    Files.writeString(lockFile, JSON.writeValueAsString(node));
  }

  private Map<String, String> settings() {
    return SparkCatalogs.settings(temp.floe().config());
  }
}
