package dev.floe.catalog.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;

/**
 * Micrometer meters for what Floe's jobs do beside the writer ({@code TableWriterMetrics}):
 * compaction, expiry and orphan removal, rehydration reads and lock verification, tagged with the
 * {@code table}, plus the event bus's own drops. Names are listed in {@code docs/metrics.md}.
 *
 * <pre>{@code
 * new FloeEventMetrics(floe.events()).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Binding registers a listener, so the meters follow the events: they are updated on Floe's
 * event thread shortly after each job returns, and an event dropped from a full buffer is counted
 * in {@code floe.events.dropped} instead. Micrometer is an optional dependency of floe-catalog:
 * only this class needs it.
 */
public final class FloeEventMetrics implements MeterBinder {
  private final FloeEvents events;

  public FloeEventMetrics(FloeEvents events) {
    this.events = Objects.requireNonNull(events, "events");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("floe.events.dropped", events, FloeEvents::dropped)
        .description("Floe events dropped because the listener buffer was full")
        .baseUnit("events")
        .register(registry);
    FunctionCounter.builder("floe.events.failed", events, FloeEvents::failed)
        .description("Floe events a listener failed to deliver")
        .baseUnit("events")
        .register(registry);
    events.register(event -> record(registry, event));
  }

  private static void record(MeterRegistry registry, FloeEvent event) {
    Tags table = Tags.of("table", event.table());
    if (event instanceof FloeEvent.Compaction c) {
      Tags tags = table.and("kind", c.kind());
      count(registry, "floe.compaction.files.rewritten", BaseUnits.FILES, tags, c.rewrittenFiles());
      count(registry, "floe.compaction.files.written", BaseUnits.FILES, tags, c.addedFiles());
      count(registry, "floe.compaction.bytes.rewritten", BaseUnits.BYTES, tags, c.rewrittenBytes());
      count(registry, "floe.compaction.bytes.written", BaseUnits.BYTES, tags, c.addedBytes());
      count(registry, "floe.compaction.failures", "groups", tags, c.failedGroups());
      time(registry, "floe.compaction.duration", tags, c.durationMillis());
    } else if (event instanceof FloeEvent.Expiry e) {
      Tags tags = table.and("kind", e.kind());
      count(registry, "floe.expiry.snapshots", "snapshots", tags, e.expiredSnapshotIds().size());
      count(registry, "floe.expiry.files.deleted", BaseUnits.FILES, tags, e.deletedFiles());
      count(registry, "floe.expiry.bytes.deleted", BaseUnits.BYTES, tags, e.deletedBytes());
      time(registry, "floe.expiry.duration", tags, e.durationMillis());
    } else if (event instanceof FloeEvent.Rehydration r) {
      count(registry, "floe.read.rows", BaseUnits.ROWS, table, r.rows());
      count(registry, "floe.read.files", BaseUnits.FILES, table, r.files());
      count(registry, "floe.read.bytes", BaseUnits.BYTES, table, r.bytes());
      count(registry, "floe.read.failures", "reads", table, r.failed() ? 1 : 0);
      time(registry, "floe.read.duration", table, r.durationMillis());
      if (r.verified()) {
        verification(registry, table.and("check", "digest"), !r.failed(), r.durationMillis());
      }
    } else if (event instanceof FloeEvent.Verification v) {
      verification(registry, table.and("check", "lock"), v.ok(), v.durationMillis());
    }
  }

  private static void verification(MeterRegistry registry, Tags tags, boolean ok, long millis) {
    count(registry, "floe.verify.checks", "checks", tags, 1);
    count(registry, "floe.verify.failures", "checks", tags, ok ? 0 : 1);
    time(registry, "floe.verify.duration", tags, millis);
  }

  private static void count(
      MeterRegistry registry, String name, String unit, Tags tags, long amount) {
    Counter counter = Counter.builder(name).baseUnit(unit).tags(tags).register(registry);
    if (amount > 0) {
      counter.increment(amount);
    }
  }

  private static void time(MeterRegistry registry, String name, Tags tags, long millis) {
    Timer.builder(name).tags(tags).register(registry).record(Duration.ofMillis(millis));
  }
}
