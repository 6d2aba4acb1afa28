package dev.floe.catalog.events;

import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.FloeProperties;
import dev.floe.catalog.exceptions.InvalidConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one open lakehouse: a bounded buffer and one daemon thread that hands each event to
 * the registered {@link FloeListener}s. {@link #publish(FloeEvent)} never blocks and never throws:
 * when the buffer is full the event is dropped, counted in {@link #dropped()}, and a warning is
 * logged once. With no listener (the default) publishing costs one volatile read.
 *
 * <p>Floe's jobs take an Iceberg {@code Table}, not a {@code Floe}, so they publish through the
 * static {@link #emit(FloeEvent)}, which routes an event to every open lakehouse whose warehouse
 * holds the table's location (as Iceberg's own {@code Listeners} are process-wide).
 */
public final class FloeEvents implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FloeEvents.class);
  private static final List<FloeEvents> OPEN = new CopyOnWriteArrayList<>();

  private final String warehouse;
  private final BlockingQueue<FloeEvent> buffer;
  private final List<FloeListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  private final AtomicBoolean warned = new AtomicBoolean();
  private final Duration closeTimeout;
  private volatile Thread worker;
  private volatile boolean closed;

  private FloeEvents(String warehouse, int capacity, Duration closeTimeout) {
    this.warehouse = warehouse;
    this.buffer = new ArrayBlockingQueue<>(capacity);
    this.closeTimeout = closeTimeout;
  }

  /** The events of a lakehouse opened with {@code config}; no listener yet. */
  public static FloeEvents of(FloeConfig config) {
    int capacity =
        positive(
            config, FloeProperties.LINEAGE_BUFFER_SIZE, FloeProperties.LINEAGE_BUFFER_SIZE_DEFAULT);
    long closeMillis =
        positive(
            config,
            FloeProperties.LINEAGE_CLOSE_TIMEOUT_MS,
            FloeProperties.LINEAGE_CLOSE_TIMEOUT_MS_DEFAULT);
    Object local = config.localWarehouse();
    String warehouse = local != null ? local.toString() : config.warehouse();
    return new FloeEvents(withoutScheme(warehouse), capacity, Duration.ofMillis(closeMillis));
  }

  /** Publishes {@code event} to every open lakehouse whose warehouse holds its table. */
  public static void emit(FloeEvent event) {
    if (OPEN.isEmpty() || event == null) {
      return;
    }
    String location = withoutScheme(event.location());
    for (FloeEvents events : OPEN) {
      if (location.equals(events.warehouse) || location.startsWith(events.warehouse + "/")) {
        events.publish(event);
      }
    }
  }

  /**
   * What Floe's jobs call where a result is complete: builds the event only when some lakehouse
   * listens, and never throws (a failure to build an event is logged, not passed to the job).
   */
  public static void emit(Supplier<? extends FloeEvent> event) {
    if (OPEN.isEmpty()) {
      return;
    }
    try {
      emit(event.get());
    } catch (RuntimeException e) {
      LOG.warn("Cannot build a Floe event: {}", e.toString());
    }
  }

  /**
   * A loaded table's name as {@code db.t}: Iceberg names catalog tables {@code catalog.db.t}, and
   * {@code db.t} is what Floe's users and OpenLineage's Spark integration use.
   */
  public static String tableName(Table table) {
    String name = table.name();
    int first = name.indexOf('.');
    return first > 0 && name.indexOf('.', first + 1) > 0 ? name.substring(first + 1) : name;
  }

  /** Adds a listener; the event thread starts with the first one. */
  public synchronized FloeEvents register(FloeListener listener) {
    Objects.requireNonNull(listener, "listener");
    if (closed) {
      throw new IllegalStateException("Cannot register a listener: the lakehouse is closed");
    }
    listeners.add(listener);
    if (worker == null) {
      Thread thread = new Thread(this::deliver, "floe-events");
      thread.setDaemon(true);
      worker = thread;
      OPEN.add(this);
      thread.start();
    }
    return this;
  }

  /** Buffers {@code event} for the listeners; drops it when the buffer is full. Never blocks. */
  public void publish(FloeEvent event) {
    if (worker == null || closed || event == null) {
      return;
    }
    published.incrementAndGet();
    if (!buffer.offer(event)) {
      dropped.incrementAndGet();
      if (warned.compareAndSet(false, true)) {
        LOG.warn(
            "Floe event buffer is full ({} events): dropping events until listeners catch up;"
                + " raise {} or fix the slow listener",
            buffer.remainingCapacity() + buffer.size(),
            FloeProperties.LINEAGE_BUFFER_SIZE);
      }
    }
  }

  /** Events dropped because the buffer was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Deliveries a listener failed (threw), or reported through {@link #failedDelivery()}. */
  public long failed() {
    return failed.get();
  }

  /** Events handed to every listener. */
  public long delivered() {
    return delivered.get();
  }

  /** Events accepted or dropped since the lakehouse opened. */
  public long published() {
    return published.get();
  }

  /** Counts an event a listener took but could not pass on (e.g. its endpoint is down). */
  public void failedDelivery() {
    failed.incrementAndGet();
  }

  /** True when at least one listener is registered. */
  public boolean active() {
    return worker != null && !closed;
  }

  /**
   * Waits until every event published so far was delivered (or dropped), at most {@code timeout};
   * returns whether it got there. For tests and for a clean shutdown.
   */
  public boolean flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (delivered.get() + dropped.get() < published.get()) {
      if (System.nanoTime() > deadline || worker == null) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private void deliver() {
    while (true) {
      FloeEvent event;
      try {
        event = buffer.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (event == null) {
        if (closed) {
          return;
        }
        continue;
      }
      for (FloeListener listener : listeners) {
        try {
          listener.on(event);
        } catch (RuntimeException | Error e) {
          failed.incrementAndGet();
          LOG.warn("Floe listener {} failed on {}: {}", listener, event.getClass(), e.toString());
        }
      }
      delivered.incrementAndGet();
    }
  }

  /** Delivers what is buffered (at most {@code floe.lineage.close-timeout-ms}), then stops. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    OPEN.remove(this);
    Thread thread = worker;
    if (thread != null) {
      flush(closeTimeout);
      closed = true;
      thread.interrupt();
      try {
        thread.join(closeTimeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closed = true;
    for (FloeListener listener : listeners) {
      try {
        listener.close();
      } catch (RuntimeException e) {
        LOG.warn("Cannot close Floe listener {}: {}", listener, e.toString());
      }
    }
  }

  static String withoutScheme(String location) {
    String l = location;
    if (l.startsWith("file://")) {
      l = l.substring("file://".length());
    } else if (l.startsWith("file:")) {
      l = l.substring("file:".length());
    }
    return l.endsWith("/") && l.length() > 1 ? l.substring(0, l.length() - 1) : l;
  }

  private static int positive(FloeConfig config, String key, String defaultValue) {
    String value = config.get(key, defaultValue);
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidConfigException("Invalid %s: %s (must be a positive integer)", key, value);
  }
}
