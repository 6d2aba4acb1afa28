package dev.floe.catalog.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One official Nessie runner in a child process, in memory, on loopback ports. */
final class NessieServer implements AutoCloseable {
  static final String RUNNER_PROPERTY = "floe.nessie.runner.jar";
  static final String RUNNER_VERSION = "0.108.8";
  static final String HOST = "127.0.0.1";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  private static final int ATTEMPTS = 3;

  private final Process process;
  private final int port;
  private final Path log;
  private final Thread shutdownHook;

  private NessieServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    // Safety net for a JVM that exits without closing the JUnit root store (e.g. System.exit).
    this.shutdownHook = new Thread(this::stopProcess, "nessie-server-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  static NessieServer start() {
    Path java = NessieJava.find();
    Path runner = runnerJar();
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      int managementPort = freePort();
      Path log = logDir().resolve("nessie-" + port + ".log");
      long started = System.nanoTime();
      Process process = launch(java, runner, port, managementPort, log);
      try {
        awaitReady(process, port, log);
      } catch (IllegalStateException e) {
        // Another process may have taken a port between our probe and the server's bind.
        if (attempt < ATTEMPTS && !process.isAlive() && tail(log).contains("in use")) {
          continue;
        }
        throw e;
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      System.out.printf(
          "Nessie %s started on http://%s:%d in %d ms (java %s, log %s)%n",
          RUNNER_VERSION, HOST, port, millis, java, log);
      return new NessieServer(process, port, log);
    }
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  @Override
  public void close() {
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs or ran anyway
    }
  }

  private void stopProcess() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static Path runnerJar() {
    String configured = System.getProperty(RUNNER_PROPERTY);
    Path jar =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of(System.getProperty("user.home"), ".m2", "repository")
                .resolve("org/projectnessie/nessie/nessie-quarkus/" + RUNNER_VERSION)
                .resolve("nessie-quarkus-" + RUNNER_VERSION + "-runner.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          String.format(
              "Cannot start Nessie: runner jar %s is missing. Run `mvn -pl catalog"
                  + " process-test-resources` (it resolves org.projectnessie.nessie:nessie-quarkus:%s"
                  + ":jar:runner into ~/.m2) or set system property %s to the jar (under Maven:"
                  + " -Dnessie.runner.jar=...)",
              jar, RUNNER_VERSION, RUNNER_PROPERTY));
    }
    return jar;
  }

  private static Process launch(Path java, Path runner, int port, int managementPort, Path log) {
    List<String> command =
        List.of(
            java.toString(),
            // Small heap and C1 only: starts in ~4 s instead of ~6 s, plenty for test traffic.
            "-Xmx512m",
            "-XX:TieredStopAtLevel=1",
            "-Dquarkus.http.host=" + HOST,
            "-Dquarkus.http.port=" + port,
            "-Dquarkus.management.host=" + HOST,
            "-Dquarkus.management.port=" + managementPort,
            "-Dnessie.version.store.type=IN_MEMORY",
            // The default cache is a quarter of the machine's RAM.
            "-Dnessie.version.store.persist.cache-capacity-mb=64",
            // No OpenTelemetry exporter trying to reach localhost:4317; dev services are off
            // already.
            "-Dquarkus.otel.sdk.disabled=true",
            "-Dquarkus.devservices.enabled=false",
            "-jar",
            runner.toString());
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start Nessie with " + java + ": " + e.getMessage(), e);
    }
  }

  private static void awaitReady(Process process, int port, Path log) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest config =
        HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + port + "/api/v2/config"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    try {
      while (true) {
        if (!process.isAlive()) {
          throw failure("exited with code " + process.exitValue(), log);
        }
        try {
          if (http.send(config, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        if (System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw failure("did not answer GET /api/v2/config within " + STARTUP_TIMEOUT, log);
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw failure("start was interrupted", log);
    }
  }

  private static IllegalStateException failure(String what, Path log) {
    return new IllegalStateException(
        String.format("Nessie server %s; log %s ends with:%n%s", what, log, tail(log)));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read log: " + e.getMessage() + ")";
    }
  }

  /** {@code target/nessie-logs} of the module under test (surefire sets {@code basedir}). */
  private static Path logDir() {
    Path dir =
        Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target")
            .resolve("nessie-logs");
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create Nessie log folder " + dir, e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
    }
  }
}
