package dev.floe.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.events.FloeEventMetrics;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Lives here rather than in catalog because it drives the real jobs of every module. */
class FloeEventMetricsTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();

  @Test
  void metersCountCompactionExpiryReadsAndVerificationOfTheirTable() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Floe floe = Lakehouse.open(temp.path().resolve("wh"), Map.of())) {
      new FloeEventMetrics(floe.events()).bindTo(registry);
      Table table = Lakehouse.events(floe);
      Lakehouse.append(table, 1, 3);
      Lakehouse.compact(table);
      TrainingLock lock = TimeTravel.pin(floe, "ml.events").commit();
      TimeTravel.rehydrate(floe, lock).writeParquet(temp.path().resolve("train.parquet"));
      assertThat(TimeTravel.verify(floe, lock).ok()).isTrue();
      Lakehouse.expire(table);
      assertThat(floe.events().flush(Duration.ofSeconds(30))).isTrue();
    }

    assertThat(count(registry, "floe.compaction.files.rewritten", "kind", "bin-pack")).isEqualTo(3);
    assertThat(count(registry, "floe.compaction.files.written", "kind", "bin-pack")).isEqualTo(1);
    assertThat(count(registry, "floe.compaction.bytes.written", "kind", "bin-pack")).isPositive();
    assertThat(count(registry, "floe.compaction.failures", "kind", "bin-pack")).isZero();
    assertThat(count(registry, "floe.expiry.snapshots", "kind", "expire-snapshots")).isPositive();
    assertThat(count(registry, "floe.read.rows", "table", "ml.events")).isEqualTo(9);
    // Rehydrating verifies the lock first: two lock checks.
    assertThat(count(registry, "floe.verify.checks", "check", "lock")).isEqualTo(2);
    assertThat(count(registry, "floe.verify.checks", "check", "digest")).isEqualTo(1);
    assertThat(count(registry, "floe.verify.failures", "check", "digest")).isZero();
    assertThat(registry.get("floe.compaction.duration").tag("table", "ml.events").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("floe.events.dropped").functionCounter().count()).isZero();
  }

  private static double count(SimpleMeterRegistry registry, String name, String tag, String value) {
    return registry.get(name).tag("table", "ml.events").tag(tag, value).counter().count();
  }
}
