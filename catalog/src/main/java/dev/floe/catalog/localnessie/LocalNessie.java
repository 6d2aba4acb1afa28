package dev.floe.catalog.localnessie;

import dev.floe.catalog.exceptions.NessieUnavailableException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A Nessie server for one local warehouse: the official runner on 127.0.0.1 with a persistent
 * RocksDB store in {@code <warehouse>/.nessie/rocksdb}. Its pid and port are recorded in {@code
 * <warehouse>/.nessie/server.properties}, so {@link #status()} and {@link #stop()} work from any
 * later process. The server outlives the JVM that started it.
 */
public final class LocalNessie {
  public static final String HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 19120;
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

  private final Path dir;
  private final Map<String, String> env;

  private LocalNessie(Path dir, Map<String, String> env) {
    this.dir = dir;
    this.env = Map.copyOf(env);
  }

  /** The server of a local warehouse folder. */
  public static LocalNessie in(Path warehouse) {
    return new LocalNessie(
        warehouse.toAbsolutePath().normalize().resolve(".nessie"), System.getenv());
  }

  /**
   * The same server, looking up its Java and runner with {@code FLOE_NESSIE_JAVA}, {@code
   * JAVA_HOME} and {@code FLOE_NESSIE_RUNNER_JAR} from {@code env} instead of the process's.
   */
  public LocalNessie environment(Map<String, String> env) {
    return new LocalNessie(dir, env);
  }

  /** What {@link #status()} reports; {@code uri} is the API v2 endpoint for nessie mode. */
  public record Status(boolean running, long pid, int port, String uri, Path store, Path log) {}

  /**
   * Starts the server unless it runs already, and waits until {@code GET /api/v2/config} answers.
   * {@code port} 0 means {@value #DEFAULT_PORT} if free, else any free port.
   */
  public Status start(int port) {
    return start(port, Map.of());
  }

  /**
   * Like {@link #start(int)}, with extra server settings ({@code -Dkey=value}), e.g. {@code
   * nessie.catalog.*} to serve an object-store warehouse on Nessie's Iceberg REST endpoint. They
   * may hold secrets: they are passed to the server and never printed.
   */
  public Status start(int port, Map<String, String> serverProperties) {
    Status current = status();
    if (current.running()) {
      return current;
    }
    Path java = NessieJava.find(env);
    Path runner = NessieRunner.find(env);
    int httpPort = port != 0 ? port : (isFree(DEFAULT_PORT) ? DEFAULT_PORT : freePort());
    if (!isFree(httpPort)) {
      throw new NessieUnavailableException(
          "Cannot start Nessie: port %d on %s is in use (choose another with --port)",
          httpPort, HOST);
    }
    Path store = dir.resolve("rocksdb");
    Path log = dir.resolve("nessie.log");
    try {
      Files.createDirectories(store);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create Nessie store folder " + store, e);
    }
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("-Xmx512m");
    command.add("-Dquarkus.http.host=" + HOST);
    command.add("-Dquarkus.http.port=" + httpPort);
    command.add("-Dquarkus.management.host=" + HOST);
    command.add("-Dquarkus.management.port=" + freePort());
    command.add("-Dnessie.version.store.type=ROCKSDB");
    command.add("-Dnessie.version.store.persist.rocks.database-path=" + store);
    command.add("-Dnessie.version.store.persist.cache-capacity-mb=64");
    command.add("-Dquarkus.otel.sdk.disabled=true");
    command.add("-Dquarkus.devservices.enabled=false");
    serverProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(runner.toString());
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
              .start();
    } catch (IOException e) {
      throw new NessieUnavailableException(
          e, "Cannot start Nessie with %s: %s", java, e.getMessage());
    }
    awaitReady(process, httpPort, log);
    write(process.pid(), httpPort);
    return status();
  }

  /** Reads the recorded pid and port; running only if that process lives and answers. */
  public Status status() {
    Path store = dir.resolve("rocksdb");
    Path log = dir.resolve("nessie.log");
    Properties recorded = read();
    if (recorded == null) {
      return new Status(false, -1, -1, null, store, log);
    }
    long pid = Long.parseLong(recorded.getProperty("pid", "-1"));
    int port = Integer.parseInt(recorded.getProperty("port", "-1"));
    boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    boolean running = alive && answers(port);
    return new Status(running, pid, port, apiUri(port), store, log);
  }

  /** Stops the recorded server; returns false if none was running. */
  public boolean stop() {
    Properties recorded = read();
    if (recorded == null) {
      return false;
    }
    long pid = Long.parseLong(recorded.getProperty("pid", "-1"));
    Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    handle.ifPresent(
        process -> {
          process.destroy();
          try {
            process.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
          } catch (Exception e) {
            process.destroyForcibly();
          }
        });
    try {
      Files.deleteIfExists(stateFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + stateFile(), e);
    }
    return handle.isPresent();
  }

  public static String apiUri(int port) {
    return "http://" + HOST + ":" + port + "/api/v2";
  }

  /** Nessie's Iceberg REST catalog endpoint, for rest mode. */
  public static String icebergRestUri(int port) {
    return "http://" + HOST + ":" + port + "/iceberg/";
  }

  private void awaitReady(Process process, int port, Path log) {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    try {
      while (!answers(port)) {
        if (!process.isAlive()) {
          throw new NessieUnavailableException(
              "Nessie exited with code %d during start; see %s", process.exitValue(), log);
        }
        if (System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new NessieUnavailableException(
              "Nessie did not answer within %s; see %s", STARTUP_TIMEOUT, log);
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new NessieUnavailableException("Nessie start was interrupted");
    }
  }

  private static boolean answers(int port) {
    if (port <= 0) {
      return false;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest config =
        HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + port + "/api/v2/config"))
            .timeout(Duration.ofSeconds(2))
            .build();
    try {
      return http.send(config, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Path stateFile() {
    return dir.resolve("server.properties");
  }

  private void write(long pid, int port) {
    Properties state = new Properties();
    state.setProperty("pid", Long.toString(pid));
    state.setProperty("port", Integer.toString(port));
    state.setProperty("uri", apiUri(port));
    try (Writer out = Files.newBufferedWriter(stateFile())) {
      state.store(out, "Nessie started by floe nessie start");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot record Nessie pid in " + stateFile(), e);
    }
  }

  private Properties read() {
    if (!Files.isRegularFile(stateFile())) {
      return null;
    }
    Properties state = new Properties();
    try (Reader in = Files.newBufferedReader(stateFile())) {
      state.load(in);
      return state;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + stateFile(), e);
    }
  }

  private static java.io.File nullFile() {
    boolean windows = System.getProperty("os.name", "").startsWith("Windows");
    return new java.io.File(windows ? "NUL" : "/dev/null");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
      return true;
    } catch (IOException e) {
      return false;
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
