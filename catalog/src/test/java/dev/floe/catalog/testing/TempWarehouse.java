package dev.floe.catalog.testing;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Per test: a temp warehouse folder, an embedded {@link Floe} open on it, and the resources the
 * test asked for (an Arrow allocator, say), opened in beforeEach and closed in afterEach.
 *
 * <pre>{@code
 * @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
 *
 * @BeforeEach
 * void open() {
 *   floe = temp.floe();
 *   allocator = temp.resource(BufferAllocator.class);
 * }
 * }</pre>
 *
 * <p>Closing order is the point: resources first, newest first (an allocator's close is the leak
 * check), then Floe whatever they threw, so a leak never leaves the catalog open. The folder is
 * deleted only when everything closed cleanly: after a failure it stays for a look.
 *
 * <p>The catalog module has no Arrow: the allocator comes in as any {@link AutoCloseable}.
 */
public final class TempWarehouse implements BeforeEachCallback, AfterEachCallback {
  private final List<Supplier<? extends AutoCloseable>> openers = new ArrayList<>();
  private Opened opened;

  private TempWarehouse() {}

  /** A fresh embedded (SQLite) warehouse for each test. */
  public static TempWarehouse embedded() {
    return new TempWarehouse();
  }

  /** Opens {@code opener}'s resource after Floe for each test, and closes it before Floe. */
  public TempWarehouse with(Supplier<? extends AutoCloseable> opener) {
    openers.add(Objects.requireNonNull(opener, "opener"));
    return this;
  }

  public Path path() {
    return current().path;
  }

  public Floe floe() {
    return current().floe;
  }

  /** The one resource of {@code type} this test opened. */
  public <T> T resource(Class<T> type) {
    List<T> matching =
        current().resources.stream().filter(type::isInstance).map(type::cast).toList();
    Preconditions.checkArgument(
        matching.size() == 1,
        "Cannot find one resource of type %s: found %s",
        type.getName(),
        matching.size());
    return matching.get(0);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    opened = Opened.open(Files.createTempDirectory("floe-warehouse"), openers);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Opened closing = opened;
    opened = null;
    if (closing != null) {
      closing.close();
    }
  }

  private Opened current() {
    Preconditions.checkState(opened != null, "No warehouse open: only inside a test");
    return opened;
  }

  /** One test's warehouse; package-private so its closing order can be tested directly. */
  static final class Opened implements AutoCloseable {
    private final Path path;
    private final Floe floe;
    private final List<AutoCloseable> resources = new ArrayList<>();

    private Opened(Path path, Floe floe) {
      this.path = path;
      this.floe = floe;
    }

    static Opened open(Path path, List<Supplier<? extends AutoCloseable>> openers) {
      Opened opened = new Opened(path, Floe.open(FloeConfig.embedded(path)));
      try {
        openers.forEach(opener -> opened.resources.add(opener.get()));
      } catch (RuntimeException e) {
        opened.closeAfter(e);
        throw e;
      }
      return opened;
    }

    Path path() {
      return path;
    }

    Floe floe() {
      return floe;
    }

    @Override
    public void close() throws Exception {
      Exception failure = null;
      for (int i = resources.size() - 1; i >= 0; i--) {
        try {
          resources.get(i).close();
        } catch (Exception e) {
          failure = first(failure, e);
        }
      }
      try {
        floe.close();
      } catch (RuntimeException e) {
        failure = first(failure, e);
      }
      if (failure != null) {
        throw failure;
      }
      delete(path);
    }

    private void closeAfter(RuntimeException cause) {
      try {
        close();
      } catch (Exception e) {
        cause.addSuppressed(e);
      }
    }

    private static Exception first(Exception failure, Exception next) {
      if (failure == null) {
        return next;
      }
      failure.addSuppressed(next);
      return failure;
    }

    private static void delete(Path folder) {
      try (Stream<Path> paths = Files.walk(folder)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot delete warehouse " + folder, e);
      }
    }
  }
}
