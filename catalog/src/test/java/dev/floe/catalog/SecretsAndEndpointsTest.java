package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.exceptions.InvalidConfigException;
import dev.floe.catalog.testing.S3ProxyExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.iceberg.PartitionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Wrong credentials, bad URIs and unreachable servers: clear errors, no secrets, no hangs. */
class SecretsAndEndpointsTest {
  private static final String SECRET = "wrong-secret-0123456789";
  private static final String ACCESS = "AKIAFLOETESTKEY42";

  @RegisterExtension static S3ProxyExtension s3 = new S3ProxyExtension();

  @TempDir Path dbDir;

  @Test
  @Timeout(120) // a hang guard, not a speed target
  void wrongCredentialsFailWithoutPrintingThem() {
    FloeConfig config = s3Config(s3.endpoint());
    String[] output = new String[1];

    Throwable failure = captureOutput(output, () -> createTable(config));

    assertThat(failure).isNotNull();
    String everything = output[0] + stackTrace(failure) + config;
    assertThat(everything).doesNotContain(SECRET).doesNotContain(ACCESS);
    assertThat(config.toString()).contains("s3.secret-access-key=****");
  }

  @Test
  @Timeout(120)
  void unreachableS3EndpointFailsClearly() {
    FloeConfig config = s3Config("http://127.0.0.1:" + closedPort());
    String[] output = new String[1];

    Throwable failure = captureOutput(output, () -> createTable(config));

    assertThat(stackTrace(failure)).containsIgnoringCase("refused");
    assertThat(output[0] + stackTrace(failure)).doesNotContain(SECRET).doesNotContain(ACCESS);
  }

  @Test
  @Timeout(120)
  void userInfoInTheS3EndpointIsNeverPrinted() {
    String endpoint = "http://" + ACCESS + ":" + SECRET + "@127.0.0.1:" + closedPort();
    FloeConfig config = s3Config(endpoint);
    String[] output = new String[1];

    Throwable failure = captureOutput(output, () -> createTable(config));

    assertThat(failure)
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Cannot reach the S3 endpoint of warehouse s3://")
        .hasMessageEndingWith("http://****@127.0.0.1:" + endpoint.replaceFirst(".*:", ""));
    assertThat(output[0] + failure.getMessage()).doesNotContain(SECRET).doesNotContain(ACCESS);
  }

  @Test
  @Timeout(60)
  void unreachableNessieFailsClearly() {
    String uri = "http://127.0.0.1:" + closedPort() + "/api/v2";
    FloeConfig config =
        FloeConfig.nessie(uri, dbDir.toString()).with(FloeProperties.NESSIE_TOKEN, SECRET);

    assertThatThrownBy(() -> Floe.open(config).close())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Cannot open Nessie catalog at " + uri)
        .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(SECRET));
  }

  @Test
  void userInfoInANessieOrRestUriIsRefusedWithoutPrintingIt() {
    // Neither client sends it, and both quote the URI in their own warnings: refuse, name the key.
    String at = "http://ada:" + SECRET + "@127.0.0.1:19120";

    assertThatThrownBy(() -> FloeConfig.nessie(at + "/api/v2", "w"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "Invalid floe.nessie.uri 'http://****@127.0.0.1:19120/api/v2': credentials in the URI"
                + " are not sent to the server; use floe.nessie.token");
    assertThatThrownBy(
            () ->
                FloeConfig.builder()
                    .set(FloeProperties.CATALOG_MODE, "rest")
                    .set(FloeProperties.REST_URI, at + "/iceberg/")
                    .build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("use floe.rest.token")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void badUrisAreRejectedBeforeConnecting() {
    assertThatThrownBy(() -> FloeConfig.nessie("localhost:19120", "w"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid floe.nessie.uri 'localhost:19120': expected an http(s) URI");
    assertThatThrownBy(() -> FloeConfig.builder().set("s3.endpoint", "not a uri").build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid s3.endpoint 'not a uri'");
    assertThatThrownBy(() -> FloeConfig.nessie("http://ada:" + SECRET + "@h/api/v2 x", "w"))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).contains("****@"));
  }

  private FloeConfig s3Config(String endpoint) {
    return FloeConfig.builder()
        .set(FloeProperties.WAREHOUSE, "s3://" + s3.bucket() + "/secrets")
        .set(FloeProperties.EMBEDDED_DB_DIR, dbDir.toString())
        .set("s3.endpoint", endpoint)
        .set("s3.path-style-access", "true")
        .set("s3.access-key-id", ACCESS)
        .set("s3.secret-access-key", SECRET)
        // Refused connections are not worth Iceberg's default five retries here.
        .set("s3.retry.num-retries", "1")
        .build();
  }

  private static void createTable(FloeConfig config) {
    try (Floe floe = Floe.open(config)) {
      floe.tables().createIfAbsent("ml.t", FloeTablesTest.SCHEMA, PartitionSpec.unpartitioned());
    }
  }

  /** Runs {@code action} with System.out/err (where slf4j-simple logs) captured. */
  private static Throwable captureOutput(String[] output, Runnable action) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    Throwable failure = null;
    try {
      action.run();
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      System.setOut(out);
      System.setErr(err);
      output[0] = captured.toString(StandardCharsets.UTF_8);
    }
    return failure;
  }

  private static String stackTrace(Throwable t) {
    StringWriter text = new StringWriter();
    t.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
