package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.S3ProxyExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.iceberg.PartitionSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * floe against an S3 warehouse with credentials in a --config file: whatever the command, the
 * outcome or --verbose, neither the secret key nor the access key reaches stdout, stderr or the
 * library logs (slf4j-simple writes to System.err).
 */
class SecretsCliTest {
  private static final String WRONG_SECRET = "wrong-secret-0123456789abcdef";

  @RegisterExtension static S3ProxyExtension s3 = new S3ProxyExtension();

  @TempDir Path dir;
  Path good;
  Path wrongSecret;

  @BeforeEach
  void warehouse() throws IOException {
    good = config("good.properties", s3.secretKey());
    wrongSecret = config("wrong.properties", WRONG_SECRET);
    try (Floe floe = Floe.open(FloeConfig.builder().file(good).build())) {
      BranchCommandTest.append(
          floe.tables()
              .createIfAbsent("ml.events", BranchCommandTest.SCHEMA, PartitionSpec.unpartitioned()),
          "main",
          1,
          2);
    }
  }

  @Test
  @Timeout(180) // a hang guard, not a speed target
  void succeedingCommandsNeverPrintCredentials() {
    String c = good.toString();
    List<Captured> runs = new ArrayList<>();
    runs.add(run("table", "list", "--config", c, "--json"));
    runs.add(run("table", "describe", "ml.events", "--config", c, "--verbose"));
    runs.add(run("table", "history", "ml.events", "--config", c));
    runs.add(run("branch", "create", "exp-1", "--config", c, "--verbose"));
    runs.add(run("branch", "list", "--sizes", "--config", c, "--json"));
    runs.add(run("branch", "report", "--config", c, "--verbose"));
    runs.add(run("branch", "drop", "exp-1", "--config", c));

    for (Captured r : runs) {
      assertThat(r.run().exitCode()).as(r.all()).isZero();
      assertNoCredentials(r);
    }
    assertThat(runs.get(0).run().out()).contains("ml.events");
    assertThat(runs.get(5).run().out()).contains("main");
  }

  @Test
  @Timeout(60) // a hang guard: the warehouse probe fails a wrong secret at open
  void failingCommandWithAWrongSecretNeverPrintsCredentials() {
    Captured r =
        run("table", "describe", "ml.events", "--config", wrongSecret.toString(), "--verbose");

    assertThat(r.run().exitCode()).as(r.all()).isEqualTo(1);
    assertThat(r.run().err()).startsWith("floe: ");
    // --verbose prints the stack trace and library logs: the failure is shown, the keys are not.
    assertThat(r.run().err()).contains("\tat ").containsIgnoringCase("403");
    assertThat(r.run().err().lines().findFirst().orElse(""))
        .contains("access denied (check s3.access-key-id and s3.secret-access-key)");
    assertNoCredentials(r);
  }

  private void assertNoCredentials(Captured r) {
    assertThat(r.all())
        .doesNotContain(s3.secretKey())
        .doesNotContain(WRONG_SECRET)
        .doesNotContain(s3.accessKey());
  }

  private Path config(String name, String secret) throws IOException {
    Properties p = new Properties();
    // A warehouse per test: each test's catalog folder is a new catalog, which may not open
    // a warehouse another catalog owns.
    p.setProperty("floe.warehouse", "s3://" + s3.bucket() + "/cli-secrets-" + dir.getFileName());
    p.setProperty("floe.embedded.db-dir", dir.resolve("db").toString());
    p.setProperty("s3.endpoint", s3.endpoint());
    p.setProperty("s3.path-style-access", "true");
    p.setProperty("s3.access-key-id", s3.accessKey());
    p.setProperty("s3.secret-access-key", secret);
    // A 403 is not worth Iceberg's default five retries here.
    p.setProperty("s3.retry.num-retries", "1");
    Path file = dir.resolve(name);
    try (var out = Files.newOutputStream(file)) {
      p.store(out, null);
    }
    return file;
  }

  /** One floe run: what picocli printed, and what went to System.out/err meanwhile. */
  record Captured(CliRun run, String system) {
    String all() {
      return run.out() + "\n" + run.err() + "\n" + system;
    }
  }

  private static Captured run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    CliRun run;
    try {
      run = CliRun.floe(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new Captured(run, captured.toString(StandardCharsets.UTF_8));
  }
}
