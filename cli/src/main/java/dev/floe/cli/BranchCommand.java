package dev.floe.cli;

import dev.floe.catalog.Experiment;
import dev.floe.catalog.ExperimentDiff;
import dev.floe.catalog.Floe;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    @Mixin OutputOptions output;
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
        if (output.json) {
          output.printJson(BranchJson.experiment(exp));
          return;
        }
        output
            .out()
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
    @Mixin OutputOptions output;

    @Option(
        names = "--sizes",
        description = "Also what each branch keeps alive beyond main: snapshots, rows, bytes.")
    boolean sizes;

    @Override
    public void run() {
      PrintWriter out = output.out();
      try (Floe floe = catalog.openExisting()) {
        List<Experiment> experiments = floe.experiments().list();
        Map<String, ExperimentDiff> diffs = new HashMap<>();
        if (sizes) {
          experiments.forEach(e -> diffs.put(e.name(), floe.experiments().diff(e.name())));
        }
        if (output.json) {
          output.printJson(experiments.stream().map(e -> json(e, diffs.get(e.name()))).toList());
          return;
        }
        if (experiments.isEmpty()) {
          out.println("No experiment branches");
          return;
        }
        TextTable branches =
            new TextTable()
                .text(
                    "BRANCH",
                    "FROM",
                    "OWNER",
                    "CREATED",
                    "LAST COMMIT",
                    "EXPIRES",
                    "TABLES",
                    "PURPOSE");
        for (Experiment e : experiments) {
          branches.row(
              e.name(),
              orDash(e.from()),
              orDash(e.owner()),
              time(e.createdAt()),
              time(e.lastCommitAt()),
              time(e.expiresAt()),
              String.join(",", e.tables()),
              orDash(e.purpose()));
        }
        branches.print(out);
        if (sizes) {
          out.println();
          TextTable kept = new TextTable().text("BRANCH").number("SNAPSHOTS", "ROWS", "BYTES");
          for (Experiment e : experiments) {
            ExperimentDiff d = diffs.get(e.name());
            kept.row(
                e.name(),
                d.tables().stream().mapToInt(t -> t.snapshotsAdded()).sum(),
                Format.count(d.rowsAdded()),
                Format.bytes(d.bytesAdded()));
          }
          kept.print(out);
        }
      }
    }

    /** An experiment's JSON, with what it keeps alive beyond main when {@code --sizes} asked. */
    private static Map<String, Object> json(Experiment e, ExperimentDiff diff) {
      Map<String, Object> m = BranchJson.experiment(e);
      if (diff != null) {
        m.put("diff", BranchJson.diff(diff));
      }
      return m;
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
    @Mixin OutputOptions output;
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
        List<String> dropped =
            expired ? floe.experiments().dropExpired(java.time.Instant.now()) : List.of(name);
        if (!expired) {
          floe.experiments().drop(name);
        }
        if (output.json) {
          output.printJson(Map.of("dropped", dropped));
          return;
        }
        if (expired) {
          output
              .out()
              .println(
                  dropped.isEmpty()
                      ? "No expired branches"
                      : "Dropped expired branches " + String.join(", ", dropped));
          return;
        }
        output.out().println("Dropped branch " + name);
      }
    }
  }
}
