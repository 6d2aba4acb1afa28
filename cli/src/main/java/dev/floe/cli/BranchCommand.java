package dev.floe.cli;

import dev.floe.catalog.Experiment;
import dev.floe.catalog.Floe;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "branch",
    mixinStandardHelpOptions = true,
    description =
        "Experiment branches: write without touching main, then merge or drop. In nessie mode a"
            + " branch is catalog-wide (all tables, atomic merge); otherwise one per table.",
    subcommands = {
      BranchCommand.Create.class,
      BranchCommand.ListBranches.class,
      BranchDiffCommand.class,
      BranchMergeCommand.class,
      BranchReportCommand.class,
      BranchCommand.Drop.class
    })
final class BranchCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a branch.")
  static final class Create implements Runnable {
    @Mixin CatalogOptions catalog;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Experiment (branch) name.")
    String name;

    @Option(
        names = "--from",
        description =
            "Branch, tag or (nessie mode) commit hash to start from (default: main; in nessie"
                + " mode the catalog's branch, --nessie-ref).")
    String from;

    @Option(names = "--owner", description = "Who owns it (default: the user name).")
    String owner;

    @Option(
        names = "--ttl",
        converter = DurationConverter.class,
        paramLabel = "DURATION",
        description = "Keep it this long (7d, 12h); `branch drop --expired` drops it after.")
    java.time.Duration ttl;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--purpose", defaultValue = "", description = "Why this experiment exists.")
    String purpose;

    @Option(
        names = "--tables",
        split = ",",
        paramLabel = "TABLE",
        description = "Tables to branch (default all).")
    List<String> tables;

    @Override
    public void run() {
      try (Floe floe = catalog.open()) {
        TagCommand.checkName(spec, "experiment", name, floe.tables().nessieMode());
        var create = floe.experiments().create(name).purpose(purpose);
        if (from != null) {
          create.from(from);
        }
        if (tables != null) {
          create.tables(tables.toArray(new String[0]));
        }
        if (owner != null) {
          create.owner(owner);
        }
        if (ttl != null) {
          create.ttl(ttl);
        }
        Experiment exp = create.commit();
        if (json) {
          BranchJson.print(spec.commandLine().getOut(), BranchJson.experiment(exp));
          return;
        }
        spec.commandLine()
            .getOut()
            .printf(
                "Created branch %s from %s on %s%n",
                exp.name(), exp.from(), String.join(", ", exp.tables()));
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List experiment branches.")
  static final class ListBranches implements Runnable {
    @Mixin CatalogOptions catalog;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(
        names = "--sizes",
        description = "Also what each branch keeps alive beyond main: snapshots, rows, bytes.")
    boolean sizes;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      try (Floe floe = catalog.openExisting()) {
        List<Experiment> experiments = floe.experiments().list();
        java.util.Map<String, dev.floe.catalog.ExperimentDiff> diffs = new java.util.HashMap<>();
        if (sizes) {
          experiments.forEach(e -> diffs.put(e.name(), floe.experiments().diff(e.name())));
        }
        if (json) {
          BranchJson.print(
              out,
              experiments.stream()
                  .map(
                      e -> {
                        var m = BranchJson.experiment(e);
                        if (sizes) {
                          m.put("diff", BranchJson.diff(diffs.get(e.name())));
                        }
                        return m;
                      })
                  .toList());
          return;
        }
        if (experiments.isEmpty()) {
          out.println("No experiment branches");
          return;
        }
        out.printf(
            "%-24s %-10s %-12s %-20s %-20s %-20s %-30s %s%n",
            "BRANCH", "FROM", "OWNER", "CREATED", "LAST COMMIT", "EXPIRES", "TABLES", "PURPOSE");
        for (Experiment e : experiments) {
          out.printf(
              "%-24s %-10s %-12s %-20s %-20s %-20s %-30s %s%n",
              e.name(),
              orDash(e.from()),
              orDash(e.owner()),
              time(e.createdAt()),
              time(e.lastCommitAt()),
              time(e.expiresAt()),
              String.join(",", e.tables()),
              orDash(e.purpose()));
        }
        if (sizes) {
          out.println();
          out.printf("%-24s %9s %12s %12s%n", "BRANCH", "SNAPSHOTS", "ROWS", "BYTES");
          for (Experiment e : experiments) {
            var d = diffs.get(e.name());
            out.printf(
                "%-24s %9d %12s %12s%n",
                e.name(),
                d.tables().stream().mapToInt(t -> t.snapshotsAdded()).sum(),
                Format.count(d.rowsAdded()),
                Format.bytes(d.bytesAdded()));
          }
        }
      }
    }

    private static String orDash(String s) {
      return s == null || s.isBlank() ? "-" : s;
    }

    private static String time(java.time.Instant at) {
      return at == null ? "-" : at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
  }

  @Command(
      name = "drop",
      mixinStandardHelpOptions = true,
      description = "Drop a branch (from every table), or with --expired every expired one.")
  static final class Drop implements Runnable {
    @Mixin CatalogOptions catalog;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Experiment (branch) name.")
    String name;

    @Option(names = "--expired", description = "Drop every branch whose --ttl ran out.")
    boolean expired;

    @Override
    public void run() {
      if ((name == null) == !expired) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "Give a branch NAME or --expired (not both)");
      }
      try (Floe floe = catalog.open()) {
        if (expired) {
          List<String> dropped = floe.experiments().dropExpired(java.time.Instant.now());
          spec.commandLine()
              .getOut()
              .println(
                  dropped.isEmpty()
                      ? "No expired branches"
                      : "Dropped expired branches " + String.join(", ", dropped));
          return;
        }
        floe.experiments().drop(name);
        spec.commandLine().getOut().println("Dropped branch " + name);
      }
    }
  }
}
