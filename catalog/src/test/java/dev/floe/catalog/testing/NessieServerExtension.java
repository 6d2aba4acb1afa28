package dev.floe.catalog.testing;

import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real Nessie server (the official 0.108.8 runner, in-memory store) for tests, started once per
 * test run in a child process on free 127.0.0.1 ports and stopped when the run ends.
 *
 * <pre>{@code
 * @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();
 *
 * Floe.open(FloeConfig.nessie(nessie.uri(), warehouse.toString()))
 * }</pre>
 *
 * <p>The server is shared by every test class of the run, so give each test its own names ({@link
 * #uniqueName}) for namespaces and branches. The runner needs Java 21+ (see {@code NessieJava} for
 * where it is looked up, {@code -Dfloe.nessie.java} to choose) and its jar from {@code
 * -Dfloe.nessie.runner.jar}, which the build sets. With {@code @ExtendWith}, take the extension as
 * a test or lifecycle method parameter.
 */
public final class NessieServerExtension
    implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(NessieServerExtension.class);
  private static final AtomicLong NAMES = new AtomicLong();
  private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);

  // JVM-wide: the root store owns (and at the end of the run closes) the server this points to.
  private static volatile NessieServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    ensureStarted(context);
  }

  /** Also starts the server when registered on an instance field, where beforeAll is not called. */
  @Override
  public void beforeEach(ExtensionContext context) {
    ensureStarted(context);
  }

  private static void ensureStarted(ExtensionContext context) {
    server =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(RunScoped.class, k -> new RunScoped(), RunScoped.class)
            .server;
  }

  /** Nessie REST API v2, e.g. {@code http://127.0.0.1:40123/api/v2}: what NessieCatalog takes. */
  public String uri() {
    return baseUri() + "/api/v2";
  }

  /** Nessie's Iceberg REST catalog endpoint, e.g. {@code http://127.0.0.1:40123/iceberg/}. */
  public String icebergRestUri() {
    return baseUri() + "/iceberg/";
  }

  public int port() {
    return started().port();
  }

  /** The server's log file, under the module's {@code target/nessie-logs}. */
  public Path logFile() {
    return started().log();
  }

  /**
   * A name no other test of this run uses, valid as an Iceberg namespace or table and as a Nessie
   * branch: {@code prefix_<run>_<n>}, lower case.
   */
  public String uniqueName(String prefix) {
    if (prefix == null || !prefix.matches("[A-Za-z][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "Invalid name prefix: "
              + prefix
              + " (use letters, digits and _, starting with a letter)");
    }
    return (prefix + "_" + RUN_ID + "_" + NAMES.incrementAndGet()).toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == NessieServerExtension.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ensureStarted(context);
    return this;
  }

  private String baseUri() {
    return "http://" + NessieServer.HOST + ":" + started().port();
  }

  private static NessieServer started() {
    NessieServer current = server;
    if (current == null) {
      throw new IllegalStateException(
          "Nessie server is not running: register NessieServerExtension with @RegisterExtension"
              + " (static field) or @ExtendWith, and use it inside tests, not in field initializers");
    }
    return current;
  }

  /** Lives in the root store: JUnit closes AutoCloseable store values when the run ends. */
  private static final class RunScoped implements AutoCloseable {
    private final NessieServer server = NessieServer.start();

    @Override
    public void close() {
      NessieServerExtension.server = null;
      server.close();
    }
  }
}
