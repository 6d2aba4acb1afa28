package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.internal.SmallFiles;
import dev.floe.serve.FloeServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve training locks over Arrow Flight until stopped (Ctrl-C, SIGTERM).",
      "A client sends a lock file's JSON (never a path on this machine) and gets",
      "one endpoint per shard; each shard streams rows checked against the lock's",
      "digests (protocol: docs/serve.md). Prints the address bound; listens on",
      "127.0.0.1 unless --host says otherwise."
    })
final class ServeCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      defaultValue = FloeServer.DEFAULT_HOST,
      description = "Address to listen on; default ${DEFAULT-VALUE} (this machine only).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "" + FloeServer.DEFAULT_PORT,
      description = "Port to listen on; 0 picks a free one (printed); default ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "Refuse calls without header 'authorization: Bearer <token>', the token being this"
              + " file's content (trailing whitespace ignored).")
  Path tokenFile;

  @Override
  public void run() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(
          spec.commandLine(), "Invalid --port " + port + ": must be 0 to 65535");
    }
    String token = token();
    CountDownLatch closed = new CountDownLatch(1);
    try (Floe floe = catalog.openExisting()) {
      FloeServer.Builder builder = FloeServer.builder(floe).host(host).port(port);
      if (token != null) {
        builder.token(token);
      }
      try (FloeServer server = builder.build()) {
        // SIGINT and SIGTERM run shutdown hooks: stop serving and let this thread close the rest.
        Thread hook = new Thread(() -> stop(server, closed), "floe-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        announce(server);
        try {
          server.awaitTermination();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // stopped by whoever runs this command
        } finally {
          removeHook(hook);
        }
      }
    } finally {
      closed.countDown();
    }
  }

  private void announce(FloeServer server) {
    PrintWriter out = spec.commandLine().getOut();
    if (output.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("location", server.location().getUri().toString());
      m.put("host", host);
      m.put("port", server.port());
      m.put("token", tokenFile != null);
      output.printJson(m);
    } else {
      out.printf(
          "Serving %s at %s%s; stop with Ctrl-C%n",
          catalog.config().warehouse(),
          server.location().getUri(),
          tokenFile == null ? "" : " (bearer token required)");
    }
    out.flush();
  }

  private static void stop(FloeServer server, CountDownLatch closed) {
    server.close();
    try {
      closed.await(10, TimeUnit.SECONDS); // the command's thread closes the catalog
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook is running
    }
  }

  private String token() {
    if (tokenFile == null) {
      return null;
    }
    String token;
    try {
      token = SmallFiles.read(tokenFile).strip();
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "Cannot read --token-file " + tokenFile + ": " + e.getMessage());
    }
    if (token.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "Invalid --token-file " + tokenFile + ": it is empty");
    }
    return token;
  }
}
