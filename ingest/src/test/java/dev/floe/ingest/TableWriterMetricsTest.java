package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TableWriterMetricsTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.createUnpartitioned(floe);
  }

  @Test
  void metersCountWhatTheWriterCommitted() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (TableWriter writer = TableWriter.forTable(table).producerId("clicks").build()) {
      new TableWriterMetrics(writer, Tags.of("service", "checkout")).bindTo(registry);
      writer.append(Events.batch(0, 0, 10));
      writer.append(Events.batch(1, 10, 5));
      writer.append(Events.batch(1, 10, 5)); // re-sent: a duplicate

      Tags tags = Tags.of("table", table.name(), "producer", "clicks", "service", "checkout");
      assertThat(registry.get("floe.writer.rows").tags(tags).functionCounter().count())
          .isEqualTo(15);
      assertThat(registry.get("floe.writer.commits").tags(tags).functionCounter().count())
          .isEqualTo(2);
      assertThat(registry.get("floe.writer.files").tags(tags).functionCounter().count())
          .isEqualTo(2);
      assertThat(registry.get("floe.writer.bytes").tags(tags).functionCounter().count())
          .isEqualTo(writer.metrics().bytes())
          .isPositive();
      assertThat(registry.get("floe.writer.batches.duplicate").tags(tags).functionCounter().count())
          .isEqualTo(1);
      assertThat(registry.get("floe.writer.commit.retries").functionCounter().count()).isZero();
      assertThat(registry.get("floe.writer.rows.dead.lettered").functionCounter().count()).isZero();
      Timer latency = registry.get("floe.writer.commit.latency").tags(tags).timer();
      assertThat(latency.count()).isEqualTo(3);
      assertThat(latency.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }
  }

  @Test
  void writerWorksWithoutBindingMeters() {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      writer.append(Events.batch(0, 0, 3));
      assertThat(writer.metrics().rows()).isEqualTo(3);
    }
  }
}
