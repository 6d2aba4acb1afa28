package dev.floe.cli;

import dev.floe.catalog.exceptions.InvalidConfigException;
import dev.floe.catalog.localnessie.LocalNessie;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "nessie",
    mixinStandardHelpOptions = true,
    description =
        "Run a local Nessie server (official runner, Java 21+, RocksDB store under the warehouse,"
            + " 127.0.0.1) to try nessie mode.",
    subcommands = {NessieCommand.Start.class, NessieCommand.Status.class, NessieCommand.Stop.class})
final class NessieCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static LocalNessie server(CatalogOptions catalog) {
    Path warehouse = catalog.config().localWarehouse();
    if (warehouse == null) {
      throw new InvalidConfigException(
          "Cannot run a local Nessie for warehouse %s: its store lives in a local warehouse"
              + " folder (pass -w DIR)",
          catalog.config().warehouse());
    }
    return LocalNessie.in(warehouse).environment(catalog.environment().env());
  }

  static void print(OutputOptions output, LocalNessie.Status status) {
    PrintWriter out = output.out();
    if (output.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("running", status.running());
      m.put("pid", status.running() ? status.pid() : null);
      m.put("port", status.running() ? status.port() : null);
      m.put("uri", status.running() ? status.uri() : null);
      m.put("store", status.store().toString());
      m.put("log", status.log().toString());
      output.printJson(m);
    } else if (status.running()) {
      out.printf(
          "Nessie is running: pid %d, %s (store %s, log %s)%n",
          status.pid(), status.uri(), status.store(), status.log());
      out.printf("Use it with: --catalog-mode nessie --nessie-uri %s%n", status.uri());
    } else {
      out.println("Nessie is not running (store " + status.store() + ")");
    }
  }

  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the server.")
  static final class Start implements Runnable {
    @Mixin CatalogOptions catalog;
    @Mixin OutputOptions output;

    @Option(names = "--port", defaultValue = "0", description = "Port (default 19120 if free).")
    int port;

    @Override
    public void run() {
      print(output, server(catalog).start(port));
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Is it running? Exit code 0 if it answers, 1 if not (for scripts).")
  static final class Status implements Callable<Integer> {
    @Mixin CatalogOptions catalog;
    @Mixin OutputOptions output;

    @Override
    public Integer call() {
      LocalNessie.Status status = server(catalog).status();
      print(output, status);
      return status.running() ? 0 : 1;
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the server.")
  static final class Stop implements Runnable {
    @Mixin CatalogOptions catalog;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      boolean stopped = server(catalog).stop();
      if (output.json) {
        output.printJson(Map.of("stopped", stopped));
        return;
      }
      output.out().println(stopped ? "Nessie stopped" : "Nessie was not running");
    }
  }
}
