package dev.floe.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.TempWarehouse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FloeEventsTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();

  private FloeConfig config(Path warehouse, int bufferSize) {
    return FloeConfig.builder()
        .set("floe.warehouse", warehouse.toString())
        .set("floe.lineage.buffer-size", Integer.toString(bufferSize))
        .build();
  }

  private static FloeEvent pin(Path warehouse, long snapshotId) {
    return new FloeEvent.Pin(
        "ml.events",
        warehouse.resolve("ml/events").toUri().toString(),
        snapshotId,
        new FloeEvent.LockInfo("run-1", "f", "d", null),
        Instant.now());
  }

  @Test
  void dropsAndCountsEventsWhenTheBufferIsFullWithoutBlockingThePublisher() throws Exception {
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Long> heard = new CopyOnWriteArrayList<>();
    Path warehouse = temp.path();
    try (FloeEvents events = FloeEvents.of(config(warehouse, 2))) {
      events.register(
          event -> {
            first.countDown();
            awaitQuietly(release);
            heard.add(((FloeEvent.Pin) event).snapshotId());
          });
      events.publish(pin(warehouse, 1));
      assertThat(first.await(30, TimeUnit.SECONDS)).isTrue();
      for (long id = 2; id <= 6; id++) {
        events.publish(pin(warehouse, id));
      }
      assertThat(events.dropped()).isEqualTo(3);
      release.countDown();
      assertThat(events.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(heard).containsExactly(1L, 2L, 3L);
      assertThat(events.delivered()).isEqualTo(3);
    }
  }

  @Test
  void aListenerThatThrowsIsCountedAndLaterEventsStillArrive() {
    List<Long> heard = new CopyOnWriteArrayList<>();
    Path warehouse = temp.path();
    try (FloeEvents events = FloeEvents.of(config(warehouse, 16))) {
      events.register(
          event -> {
            long id = ((FloeEvent.Pin) event).snapshotId();
            if (id == 1) {
              throw new IllegalStateException("endpoint down");
            }
            heard.add(id);
          });
      events.publish(pin(warehouse, 1));
      events.publish(pin(warehouse, 2));
      assertThat(events.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(events.failed()).isEqualTo(1);
      assertThat(heard).containsExactly(2L);
    }
  }

  @Test
  void emitRoutesAnEventToTheLakehouseWhoseWarehouseHoldsTheTable() {
    Path one = temp.path().resolve("one");
    Path two = temp.path().resolve("two");
    List<String> first = new CopyOnWriteArrayList<>();
    List<String> second = new CopyOnWriteArrayList<>();
    try (FloeEvents a = FloeEvents.of(config(one, 16));
        FloeEvents b = FloeEvents.of(config(two, 16))) {
      a.register(event -> first.add(event.location()));
      b.register(event -> second.add(event.location()));

      FloeEvents.emit(() -> pin(one, 7));
      FloeEvents.emit(() -> pin(temp.path().resolve("one-more"), 8));

      assertThat(a.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(first).containsExactly(one.resolve("ml/events").toUri().toString());
      assertThat(second).isEmpty();
      assertThat(b.published()).isZero();
    }
  }

  @Test
  void emitNeverThrowsWhenAnEventCannotBeBuilt() {
    try (FloeEvents events = FloeEvents.of(config(temp.path(), 16))) {
      events.register(event -> {});
      FloeEvents.emit(
          () -> {
            throw new IllegalStateException("no snapshot");
          });
      assertThat(events.published()).isZero();
    }
  }

  @Test
  void openLineageVariablesMapToLineageKeys() {
    FloeConfig config =
        FloeConfig.builder()
            .set("floe.warehouse", temp.path().toString())
            .env(
                Map.of(
                    "OPENLINEAGE__TRANSPORT__TYPE", "http",
                    "OPENLINEAGE__TRANSPORT__TIMEOUT_IN_MILLIS", "500",
                    "OPENLINEAGE_URL", "ignored: not nested with __"))
            .build();

    assertThat(config.properties())
        .containsEntry("floe.lineage.transport.type", "http")
        .containsEntry("floe.lineage.transport.timeoutInMillis", "500")
        .doesNotContainKey("floe.lineage.url");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
