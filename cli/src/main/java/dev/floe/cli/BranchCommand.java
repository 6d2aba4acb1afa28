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
    description = "Experiment branches: write without touching main, then keep or drop.",
    subcommands = {
      BranchCommand.Create.class,
      BranchCommand.ListBranches.class,
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

    @Option(names = "--from", defaultValue = "main", description = "Branch or tag to start from.")
    String from;

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
        var create = floe.experiments().create(name).from(from).purpose(purpose);
        if (tables != null) {
          create.tables(tables.toArray(new String[0]));
        }
        Experiment exp = create.commit();
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

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      try (Floe floe = catalog.open()) {
        List<Experiment> experiments = floe.experiments().list();
        if (experiments.isEmpty()) {
          out.println("No experiment branches");
          return;
        }
        out.printf(
            "%-24s %-10s %-12s %-22s %-30s %s%n",
            "BRANCH", "FROM", "OWNER", "CREATED", "TABLES", "PURPOSE");
        for (Experiment e : experiments) {
          out.printf(
              "%-24s %-10s %-12s %-22s %-30s %s%n",
              e.name(),
              orDash(e.from()),
              orDash(e.owner()),
              e.createdAt() == null ? "-" : e.createdAt().toString().substring(0, 19) + "Z",
              String.join(",", e.tables()),
              orDash(e.purpose()));
        }
      }
    }

    private static String orDash(String s) {
      return s == null || s.isBlank() ? "-" : s;
    }
  }

  @Command(
      name = "drop",
      mixinStandardHelpOptions = true,
      description = "Drop a branch from every table.")
  static final class Drop implements Runnable {
    @Mixin CatalogOptions catalog;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Experiment (branch) name.")
    String name;

    @Override
    public void run() {
      try (Floe floe = catalog.open()) {
        floe.experiments().drop(name);
        spec.commandLine().getOut().println("Dropped branch " + name);
      }
    }
  }
}
