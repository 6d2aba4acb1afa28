package dev.floe.ingest;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publishes the metrics of a {@link TableWriter} through Micrometer, tagged with the {@code table}
 * and the writer's {@code producer}:
 *
 * <ul>
 *   <li>{@code floe.writer.rows}, {@code floe.writer.bytes}, {@code floe.writer.files}: what the
 *       writer committed (function counters over the writer's own totals);
 *   <li>{@code floe.writer.commits} (snapshots made), {@code floe.writer.commit.retries}, {@code
 *       floe.writer.batches.duplicate} (batches found already committed), {@code
 *       floe.writer.rows.dead.lettered};
 *   <li>{@code floe.writer.commit.latency}: a timer of the time from {@code append} until the batch
 *       was committed, recorded from the moment of binding.
 * </ul>
 *
 * <pre>{@code
 * new TableWriterMetrics(writer).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Micrometer is an optional dependency of Floe ingest: only this class needs it, so writers work
 * without it on the classpath.
 */
public final class TableWriterMetrics implements MeterBinder {
  private final TableWriter writer;
  private final Tags tags;

  public TableWriterMetrics(TableWriter writer) {
    this(writer, Tags.empty());
  }

  /** With {@code extraTags} added to every meter, e.g. the service or the Kafka topic. */
  public TableWriterMetrics(TableWriter writer, Iterable<Tag> extraTags) {
    this.writer = Objects.requireNonNull(writer, "writer");
    this.tags =
        Tags.of("table", writer.tableName(), "producer", writer.producerId())
            .and(Objects.requireNonNull(extraTags, "extraTags"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    WriterCounters counters = writer.counters();
    counter(registry, "floe.writer.rows", "Rows committed", BaseUnits.ROWS, counters.rows);
    counter(
        registry,
        "floe.writer.bytes",
        "Bytes of data files committed",
        BaseUnits.BYTES,
        counters.bytes);
    counter(registry, "floe.writer.files", "Data files committed", BaseUnits.FILES, counters.files);
    counter(registry, "floe.writer.commits", "Snapshots committed", "commits", counters.commits);
    counter(
        registry,
        "floe.writer.commit.retries",
        "Commit attempts retried after a conflict",
        "retries",
        counters.retries);
    counter(
        registry,
        "floe.writer.batches.duplicate",
        "Batches skipped because they were committed already",
        "batches",
        counters.duplicates);
    counter(
        registry,
        "floe.writer.rows.dead.lettered",
        "Rows sent to the dead-letter destination",
        BaseUnits.ROWS,
        counters.deadLettered);
    Timer latency =
        Timer.builder("floe.writer.commit.latency")
            .description("Time from append until the batch was committed")
            .tags(tags)
            .register(registry);
    counters.onLatency(nanos -> latency.record(nanos, TimeUnit.NANOSECONDS));
  }

  private void counter(
      MeterRegistry registry, String name, String description, String unit, LongAdder total) {
    FunctionCounter.builder(name, total, LongAdder::doubleValue)
        .description(description)
        .baseUnit(unit)
        .tags(tags)
        .register(registry);
  }
}
