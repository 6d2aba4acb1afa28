package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.S3ProxyExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.iceberg.PartitionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * floe on an S3 warehouse (S3Proxy): a second host's embedded catalog cannot open (so cannot delete
 * from) a warehouse another catalog owns; typos in s3.* keys are warned about once; user info in an
 * endpoint is never printed.
 */
class S3WarehouseCliTest {
  private static final String SECRET = "endpoint-secret-0123456789";

  @RegisterExtension static S3ProxyExtension s3 = new S3ProxyExtension();

  @TempDir Path dir;

  @Test
  void secondHostsOrphanRemovalIsRefusedAndTheOwnersTableSurvives() throws IOException {
    Path hostB = config("b.properties", "shared", dir.resolve("host-b"), Map.of());
    try (Floe b = Floe.open(FloeConfig.builder().file(hostB).build())) {
      BranchCommandTest.append(
          b.tables()
              .createIfAbsent("ml.events", BranchCommandTest.SCHEMA, PartitionSpec.unpartitioned()),
          "main",
          1,
          2,
          3);
    }
    List<String> before = keys("shared/");
    Path hostA = config("a.properties", "shared", dir.resolve("host-a"), Map.of());

    CliRun run = CliRun.floe("orphans", "ml.events", "--delete", "--config", hostA.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err().lines().findFirst().orElse(""))
        .startsWith("floe: Cannot open warehouse s3://floe-test/shared in embedded mode")
        .contains("share a warehouse through nessie or rest mode");
    assertThat(keys("shared/")).containsExactlyInAnyOrderElementsOf(before);
    CliRun owner = CliRun.floe("read", "ml.events", "--config", hostB.toString());
    assertThat(owner.exitCode()).as(owner.err()).isZero();
    assertThat(owner.out()).contains("1\trow-1", "2\trow-2", "3\trow-3");
  }

  @Test
  void typoInAnS3KeyIsWarnedOnceOnStderr() throws IOException {
    Path config =
        config("typo.properties", "typo", dir.resolve("db"), Map.of("s3.retry.num-retry", "2"));

    // A command that may create the catalog: read-only ones refuse a warehouse that has none.
    CliRun run = CliRun.floe("branch", "drop", "--expired", "--config", config.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    String warning =
        "floe: warning: Unknown property s3.retry.num-retry, ignored by S3FileIO"
            + " (did you mean s3.retry.num-retries?)";
    assertThat(run.err().lines().filter(warning::equals)).hasSize(1);
  }

  @Test
  @Timeout(120) // a hang guard, not a speed target
  void userInfoOfAnEndpointIsNeverPrintedEvenVerbose() throws IOException {
    String endpoint = "http://ak:" + SECRET + "@127.0.0.1:" + closedPort();
    Path config =
        config(
            "userinfo.properties",
            "userinfo",
            dir.resolve("db"),
            Map.of("s3.endpoint", endpoint, "s3.retry.num-retries", "0"));

    CliRun quiet = CliRun.floe("branch", "drop", "--expired", "--config", config.toString());
    CliRun verbose =
        CliRun.floe("branch", "drop", "--expired", "--config", config.toString(), "--verbose");

    assertThat(quiet.exitCode()).isEqualTo(1);
    assertThat(quiet.err()).contains("http://****@127.0.0.1:");
    assertThat(verbose.exitCode()).isEqualTo(1);
    assertThat(quiet.out() + quiet.err() + verbose.out() + verbose.err()).doesNotContain(SECRET);
  }

  private Path config(String name, String prefix, Path dbDir, Map<String, String> extra)
      throws IOException {
    Properties p = new Properties();
    p.setProperty("floe.warehouse", "s3://" + s3.bucket() + "/" + prefix);
    p.setProperty("floe.embedded.db-dir", dbDir.toString());
    p.setProperty("s3.endpoint", s3.endpoint());
    p.setProperty("s3.path-style-access", "true");
    p.setProperty("s3.access-key-id", s3.accessKey());
    p.setProperty("s3.secret-access-key", s3.secretKey());
    extra.forEach(p::setProperty);
    Path file = dir.resolve(name);
    try (var out = Files.newOutputStream(file)) {
      p.store(out, null);
    }
    return file;
  }

  private static List<String> keys(String prefix) {
    return s3
        .s3Client()
        .listObjectsV2(b -> b.bucket(s3.bucket()).prefix(prefix))
        .contents()
        .stream()
        .map(S3Object::key)
        .toList();
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
