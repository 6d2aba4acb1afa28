package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.TableRef;
import dev.floe.ingest.Audit;
import dev.floe.ingest.AuditResult;
import dev.floe.ingest.Audited;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description =
        "Write-audit-publish: check, publish or drop an audit branch (one 'floe ingest --audit'"
            + " left quarantined, or one written to as TABLE@BRANCH).",
    subcommands = {AuditCommand.Check.class, AuditCommand.Publish.class, AuditCommand.Drop.class})
final class AuditCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What every subcommand names: the table and its audit branch. */
  static final class Target {
    @Parameters(paramLabel = "TABLE@BRANCH", description = "The table and its audit branch.")
    String name;

    @Option(
        names = "--target",
        paramLabel = "BRANCH",
        description = "The branch to publish to (default main; nessie mode: main only).")
    String target = "main";

    Audit audit(Floe floe, picocli.CommandLine.Model.CommandSpec spec) {
      TableRef ref = TableRef.parse(name);
      if (ref.isMain()) {
        throw new ParameterException(
            spec.commandLine(),
            "Missing audit branch: name it as TABLE@BRANCH, e.g. " + ref.identifier() + "@audit-1");
      }
      return Audit.of(floe, ref.identifier().toString()).branch(ref.ref()).target(target);
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Check the contract at every snapshot the audit branch holds that the target lacks;"
              + " one line per blocking failure, exit 1 if any.")
  static final class Check implements Callable<Integer> {
    @Mixin CatalogOptions catalog;
    @Mixin OutputOptions output;
    @Mixin Target target;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--contract", required = true, paramLabel = "FILE", description = "Contract.")
    Path contract;

    @Override
    public Integer call() {
      try (Floe floe = catalog.openExisting()) {
        Audited audited =
            target.audit(floe, spec).contract(AuditOptions.contract(contract, target.name)).check();
        if (output.json) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("table", audited.table());
          m.put("branch", audited.branch());
          m.put("target", audited.target());
          m.put("passed", audited.passed());
          m.put("audited_snapshot_id", audited.snapshotId());
          m.put("nessie_hash", audited.hash());
          m.put("staged_snapshots", audited.staged());
          m.put("batches", audited.batches());
          m.put("blocked_by", audited.blockedBy());
          output.printJson(m);
        } else {
          audited.blockedBy().forEach(line -> output.out().println("BLOCK " + line));
          output
              .out()
              .printf(
                  "%s: %s@%s, %d staged snapshot(s) up to %s, batches %s%n",
                  audited.passed() ? "OK" : "FAILED",
                  audited.table(),
                  audited.branch(),
                  audited.staged().size(),
                  audited.snapshotId(),
                  audited.batches());
        }
        return audited.passed() ? 0 : 1;
      }
    }
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description =
          "Check the contract on the audit branch and publish exactly the snapshot checked:"
              + " fast-forward the target to it, replay its appends if the target moved (nessie:"
              + " merge from the checked commit). Exit 1, publishing nothing, if a blocking rule"
              + " fails. The branch stays unless --drop.")
  static final class Publish implements Callable<Integer> {
    @Mixin CatalogOptions catalog;
    @Mixin OutputOptions output;
    @Mixin Target target;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--contract", required = true, paramLabel = "FILE", description = "Contract.")
    Path contract;

    @Option(names = "--drop", description = "Drop the audit branch once published.")
    boolean drop;

    @Override
    public Integer call() {
      // Publishing writes, but never to a warehouse a typo would create.
      try (Floe floe = catalog.openExisting()) {
        Audit audit =
            target.audit(floe, spec).contract(AuditOptions.contract(contract, target.name));
        AuditResult result = audit.publish();
        boolean dropped = drop && result.isPublished();
        if (dropped) {
          audit.drop();
        }
        if (output.json) {
          output.printJson(AuditOptions.json(result, dropped));
          return result.outcome() == AuditResult.Outcome.QUARANTINED ? 1 : 0;
        }
        return AuditOptions.print(result, dropped, output.out());
      }
    }
  }

  @Command(
      name = "drop",
      mixinStandardHelpOptions = true,
      description =
          "Drop an audit branch and what it quarantines (its snapshots become expirable).")
  static final class Drop implements Runnable {
    @Mixin CatalogOptions catalog;
    @Mixin OutputOptions output;
    @Mixin Target target;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      try (Floe floe = catalog.openExisting()) {
        target.audit(floe, spec).drop();
      }
      String branch = TableRef.parse(target.name).ref();
      if (output.json) {
        output.printJson(Map.of("dropped", List.of(branch)));
      } else {
        output.out().printf("Dropped audit branch %s%n", branch);
      }
    }
  }
}
