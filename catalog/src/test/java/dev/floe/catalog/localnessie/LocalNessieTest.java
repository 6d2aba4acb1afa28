package dev.floe.catalog.localnessie;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.nio.file.Path;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real runner (about 6-10 s), uses it, stops it. */
class LocalNessieTest {
  @TempDir Path warehouse;

  @AfterEach
  void stopLeftovers() {
    LocalNessie.in(warehouse).stop();
  }

  @Test
  void startsAnswersRecordsItsPidAndStops() {
    LocalNessie nessie = LocalNessie.in(warehouse);
    assertThat(nessie.status().running()).isFalse();

    LocalNessie.Status started = nessie.start(0);

    assertThat(started.running()).isTrue();
    assertThat(started.uri()).startsWith("http://127.0.0.1:").endsWith("/api/v2");
    assertThat(warehouse.resolve(".nessie/server.properties")).isRegularFile();
    assertThat(started.store()).isDirectory().isEqualTo(warehouse.resolve(".nessie/rocksdb"));
    // A second start finds the running server instead of launching another.
    assertThat(nessie.start(0).pid()).isEqualTo(started.pid());
    Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
    try (Floe floe = Floe.open(FloeConfig.nessie(started.uri(), warehouse.toString()))) {
      floe.tables().createIfAbsent("ml.t", schema, PartitionSpec.unpartitioned());
      assertThat(floe.tables().exists("ml.t")).isTrue();
    }

    assertThat(nessie.stop()).isTrue();

    assertThat(nessie.status().running()).isFalse();
    assertThat(ProcessHandle.of(started.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(nessie.stop()).isFalse();
  }
}
