package dev.floe.ingest.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.MlEvents;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Freshness on a table whose files keep no column bounds (metrics mode none): the newest event time
 * comes from the per-commit profiles, "now" from the injected clock, so a table nobody writes to
 * goes stale.
 */
class ContractFreshnessTest {
  private static final OffsetDateTime T0 =
      OffsetDateTime.of(2026, 11, 1, 8, 0, 0, 0, ZoneOffset.UTC);
  private static final Contract FRESH_WITHIN_AN_HOUR =
      Contract.parse(
          "{\"rules\": [{\"rule\": \"freshness\", \"column\": \"event_ts\", \"max_lag\": \"1h\"}]}",
          "c");

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();

  private Table table(String name, boolean profile) {
    Table table =
        temp.floe()
            .tables()
            .createIfAbsent(
                name,
                MlEvents.SCHEMA,
                PartitionSpec.unpartitioned(),
                Map.of(TableProperties.DEFAULT_WRITE_METRICS_MODE, "none"));
    List<Record> rows = new ArrayList<>();
    for (long id = 0; id < 100; id++) {
      rows.add(MlEvents.row(MlEvents.SCHEMA, id, id % 7, T0.plusMinutes(id), "a", null));
    }
    try (TableWriter writer =
        TableWriter.forTable(table).producerId("p").profile(profile).build()) {
      writer.append(Batch.of(1, MlEvents.SCHEMA, rows));
    }
    table.refresh();
    return table;
  }

  private static RuleResult check(Table table, Duration sinceNewest) {
    Clock clock = Clock.fixed(T0.plusMinutes(99).plus(sinceNewest).toInstant(), ZoneOffset.UTC);
    return FRESH_WITHIN_AN_HOUR.check(table).clock(clock).get().results().get(0);
  }

  @Test
  void readsTheNewestEventTimeFromTheProfilesWhenFilesKeepNoBounds() {
    Table table = table("ml.fresh", true);

    RuleResult fresh = check(table, Duration.ofMinutes(59));
    assertThat(fresh.status()).as(fresh.message()).isEqualTo(RuleResult.Status.PASSED);
    assertThat(fresh.message())
        .startsWith("newest (from the profiles) event_ts 2026-11-01T09:39:00Z is PT59M old");
    assertThat(check(table, Duration.ofMinutes(61)).status()).isEqualTo(RuleResult.Status.FAILED);
  }

  @Test
  void failsNamingWhyWithoutBoundsOrProfiles() {
    RuleResult result = check(table("ml.bare", false), Duration.ZERO);

    assertThat(result.status()).isEqualTo(RuleResult.Status.FAILED);
    assertThat(result.message())
        .isEqualTo("no upper bound for event_ts in the manifests, and no profiles to read it");
  }
}
