package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code floe.nessie.token} from a --config file reaches Nessie as {@code Authorization: Bearer
 * <token>} on every call, and appears nowhere in floe's output or logs. The server is a tiny
 * recorder on 127.0.0.1 that answers the few Nessie API v2 calls {@code branch list} makes for a
 * catalog holding only {@code main} (a real Nessie without auth would accept any header). Only the
 * client's API compatibility probe of {@code /config} goes without the header (Nessie's own choice;
 * it logs a warning and carries on when that probe gets a 401). Only the client's API compatibility
 * probe of {@code /config} goes without the header (Nessie's own choice; it logs a warning and
 * carries on when that probe gets a 401).
 */
class SecretsNessieTokenTest {
  private static final String TOKEN = "floe-bearer-token-5f1c0e9a7b";
  private static final String HASH =
      "2e1cfa82b035c26cbbbdae632cea070514eb8b773f616aaeaf668e2f0be8f10d";
  private static final String MAIN =
      "{\"type\":\"BRANCH\",\"name\":\"main\",\"hash\":\"" + HASH + "\"}";

  @TempDir Path dir;
  HttpServer server;
  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  volatile int status = 200;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  @Timeout(60) // a hang guard, not a speed target
  void tokenIsSentAsBearerAndNeverPrinted() throws IOException {
    Captured run = run("branch", "list", "--config", config().toString(), "--verbose");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out()).contains("No experiment branches");
    assertThat(calls).anyMatch(c -> c.startsWith("GET /api/v2/config"));
    assertThat(calls).anyMatch(c -> c.startsWith("GET /api/v2/trees"));
    assertThat(authorizations).hasSize(calls.size() - 1).containsOnly("Bearer " + TOKEN);
    assertThat(run.all()).doesNotContain(TOKEN);
  }

  @Test
  @Timeout(60)
  void rejectedTokenFailsWithoutPrintingIt() throws IOException {
    status = 401;

    Captured run = run("branch", "list", "--config", config().toString(), "--verbose");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.all()).startsWith("floe: ").doesNotContain(TOKEN);
    assertThat(authorizations).isNotEmpty().containsOnly("Bearer " + TOKEN);
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
    // The Nessie client's API compatibility probe of /config goes without credentials.
    if (!path.endsWith("/api/v2/config")) {
      authorizations.add(auth == null ? "(none)" : auth);
    } else if (auth != null) {
      authorizations.add("config probe: " + auth);
    }
    String body;
    int code = status;
    if (code != 200) {
      body = "{\"status\":401,\"reason\":\"Unauthorized\",\"message\":\"bad token\"}";
    } else if (path.endsWith("/api/v2/config")) {
      body =
          "{\"defaultBranch\":\"main\",\"minSupportedApiVersion\":1,"
              + "\"maxSupportedApiVersion\":2,\"actualApiVersion\":2,\"specVersion\":\"2.1.0\"}";
    } else if (path.endsWith("/api/v2/trees")) {
      body = "{\"references\":[" + MAIN + "],\"hasMore\":false}";
    } else if (path.contains("/api/v2/trees/main")) {
      body = "{\"reference\":" + MAIN + "}";
    } else {
      code = 404;
      body = "{\"status\":404,\"reason\":\"Not Found\",\"message\":\"not here\"}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Path config() throws IOException {
    Path file = dir.resolve("floe.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "floe.catalog.mode=nessie",
            "floe.nessie.uri=http://127.0.0.1:" + server.getAddress().getPort() + "/api/v2",
            "floe.nessie.token=" + TOKEN,
            "floe.warehouse=" + dir.resolve("warehouse").toUri()));
    return file;
  }

  record Captured(int exitCode, String out, String err, String system) {
    String all() {
      return err + "\n" + out + "\n" + system;
    }
  }

  private static Captured run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      CliRun run = CliRun.floe(args);
      return new Captured(
          run.exitCode(), run.out(), run.err(), captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
