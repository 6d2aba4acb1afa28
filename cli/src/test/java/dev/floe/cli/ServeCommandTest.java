package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** floe serve: binds 127.0.0.1 on a free port, prints it, answers health, stops when told. */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void servesOnAFreeLoopbackPortWithATokenUntilStopped() throws Exception {
    String warehouse = dir.resolve("wh").toString();
    CliRun demo =
        CliRun.floe("demo", "-w", warehouse, "--producers", "1", "--batches", "1", "--rows", "5");
    assertThat(demo.exitCode()).as(demo.err()).isZero();
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, "tok-123\n");

    PipedWriter pipe = new PipedWriter();
    BufferedReader printed = new BufferedReader(new PipedReader(pipe));
    StringWriter err = new StringWriter();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread serving =
        new Thread(
            () -> {
              CommandLine cmd = FloeCli.commandLine(false, CliEnvironment.clean());
              cmd.setOut(new PrintWriter(pipe, true));
              cmd.setErr(new PrintWriter(err, true));
              exit.set(
                  cmd.execute(
                      "serve",
                      "-w",
                      warehouse,
                      "--port",
                      "0",
                      "--token-file",
                      tokenFile.toString()));
            });
    serving.start();
    String line = printed.readLine();
    assertThat(line)
        .as(err.toString())
        .matches("Serving .* at grpc\\+tcp://127\\.0\\.0\\.1:\\d+ .*");
    int port = Integer.parseInt(line.replaceAll(".*127\\.0\\.0\\.1:(\\d+).*", "$1"));

    FlightCallHeaders headers = new FlightCallHeaders();
    headers.insert("authorization", "Bearer tok-123");
    List<String> health = new ArrayList<>();
    try (RootAllocator allocator = new RootAllocator();
        FlightClient client =
            FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", port)).build()) {
      client
          .doAction(new Action("health"), new HeaderCallOption(headers))
          .forEachRemaining(r -> health.add(new String(r.getBody(), StandardCharsets.UTF_8)));
    }
    assertThat(health).containsExactly("{\"status\":\"ok\",\"version\":1}");

    serving.interrupt(); // as a signal would, through the same close path
    serving.join(30_000);
    assertThat(serving.isAlive()).isFalse();
    assertThat(exit.get()).as(err.toString()).isZero();
  }

  @Test
  void anEmptyTokenFileIsAUsageError() throws Exception {
    Path tokenFile = dir.resolve("empty");
    Files.writeString(tokenFile, " \n");
    CliRun run = CliRun.floe("serve", "-w", dir.toString(), "--token-file", tokenFile.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Invalid --token-file " + tokenFile + ": it is empty");
  }
}
