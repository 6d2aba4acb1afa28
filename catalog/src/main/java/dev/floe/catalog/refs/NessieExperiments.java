package dev.floe.catalog.refs;

import dev.floe.catalog.Experiment;
import dev.floe.catalog.ExperimentDiff;
import dev.floe.catalog.Experiments;
import dev.floe.catalog.FloeTables;
import dev.floe.catalog.RefReport;
import dev.floe.catalog.exceptions.MergeConflictException;
import dev.floe.catalog.exceptions.NoSuchRefException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.projectnessie.error.NessieConflictException;
import org.projectnessie.error.NessieNotFoundException;
import org.projectnessie.error.NessieReferenceConflictException;
import org.projectnessie.model.Branch;
import org.projectnessie.model.CommitMeta;
import org.projectnessie.model.Conflict;
import org.projectnessie.model.Reference;
import org.projectnessie.model.Tag;

/**
 * Experiments as catalog-wide Nessie branches. Who, why and when are the properties ({@code
 * floe.experiment}, {@code floe.owner}, {@code floe.purpose}, {@code floe.from}, {@code
 * floe.expires-at}) of an empty Floe commit at the start of the branch, so they travel with the
 * branch and need no side table.
 */
public final class NessieExperiments implements Experiments {
  static final String EXPERIMENT = "floe.experiment";
  static final String OWNER = "floe.owner";
  static final String PURPOSE = "floe.purpose";
  static final String FROM = "floe.from";
  static final String EXPIRES = "floe.expires-at";
  // A branch not started by Floe has no start commit: do not read all of a long history.
  private static final int MAX_SEARCH = 2_000;

  private final NessieRefs refs;
  private final FloeTables tables;

  /** Experiments on the Nessie references of {@code refs}, whose tables {@code tables} loads. */
  public NessieExperiments(NessieRefs refs, FloeTables tables) {
    this.refs = refs;
    this.tables = tables;
  }

  @Override
  public CreateExperiment create(String name) {
    NessieRefs.checkName("experiment", name);
    if (name.equals(refs.defaultBranch())) {
      throw new ValidationException(
          "Invalid experiment name '%s': it is the catalog's shared branch", name);
    }
    return new NessieCreate(refs, name);
  }

  @Override
  public List<Experiment> list() {
    List<Experiment> experiments = new ArrayList<>();
    for (Reference ref : refs.references(true)) {
      if (ref instanceof Branch branch && !isMain(branch.getName())) {
        experiments.add(describe(branch));
      }
    }
    experiments.sort((a, b) -> a.name().compareTo(b.name()));
    return experiments;
  }

  @Override
  public Optional<Experiment> find(String name) {
    Reference ref = refs.findWithMetadata(name);
    return ref instanceof Branch branch && !isMain(name)
        ? Optional.of(describe(branch))
        : Optional.empty();
  }

  @Override
  public void drop(String name) {
    Branch branch = experimentBranch(name);
    try {
      refs.api().deleteBranch().branch(branch).delete();
    } catch (NessieNotFoundException e) {
      throw new NoSuchRefException(e, "No experiment branch named '%s'", name);
    } catch (NessieConflictException e) {
      throw NessieRefs.failure(e, "Cannot drop experiment %s (it moved meanwhile, retry)", name);
    }
  }

  @Override
  public void tag(String table, String tag, long snapshotId) {
    NessieRefs.checkName("tag", tag);
    String hash = refs.commits().commitWithSnapshot(table, snapshotId);
    try {
      refs.api()
          .createReference()
          .sourceRefName(refs.defaultBranch())
          .reference(Tag.of(tag, hash))
          .create();
    } catch (NessieConflictException e) {
      throw new ValidationException(
          "Cannot tag snapshot %s of %s as '%s': a Nessie branch or tag with that name exists",
          snapshotId, table, tag);
    } catch (NessieNotFoundException e) {
      throw NessieRefs.failure(e, "Cannot tag snapshot %s of %s as '%s'", snapshotId, table, tag);
    }
  }

  @Override
  public ExperimentDiff diff(String name) {
    Branch branch = experimentBranch(name, true);
    List<ExperimentDiff.TableDiff> changed = new ArrayList<>();
    for (String table : refs.changedSinceFork(branch)) {
      // At the hash just read: the diff describes one commit, the one merge(diff) publishes.
      Table onBranch = tables.resolve(table + "@" + name + "#" + branch.getHash()).table();
      Table onMain = tables.exists(table) ? tables.load(table) : null;
      ExperimentDiff.TableDiff diff =
          BranchDiffs.diff(
              table, onMain, SnapshotRef.MAIN_BRANCH, onBranch, SnapshotRef.MAIN_BRANCH);
      if (diff != null) {
        changed.add(diff);
      }
    }
    return new ExperimentDiff(name, branch.getHash(), changed);
  }

  @Override
  public void merge(ExperimentDiff diff) {
    Preconditions.checkNotNull(diff, "Invalid diff: null");
    String name = diff.experiment();
    Preconditions.checkArgument(
        diff.head() != null,
        "Invalid diff of experiment %s: it names no Nessie commit (computed outside nessie mode?)",
        name);
    Branch current = experimentBranch(name);
    if (!diff.head().equals(current.getHash())) {
      throw new MergeConflictException(
          diff.tables().stream().map(ExperimentDiff.TableDiff::table).toList(),
          "Cannot merge experiment %s: its branch moved since the diff (diffed at %s, now at %s;"
              + " nothing was merged; diff and check it again, then merge that diff)",
          name,
          diff.head(),
          current.getHash());
    }
    // From the diffed hash, not the branch's head: a commit landing after the check stays there.
    Branch source = Branch.of(name, diff.head());
    Branch target = refs.branch(refs.defaultBranch());
    try {
      refs.api()
          .mergeRefIntoBranch()
          .branch(target)
          .fromRef(source)
          .message("floe: merge experiment " + name)
          .merge();
      for (ExperimentDiff.TableDiff change : diff.tables()) {
        MergeEvents.merged(
            "nessie-merge",
            change,
            name,
            target.getName(),
            () -> tables.resolve(change.table()).table().location());
      }
    } catch (NessieReferenceConflictException e) {
      List<String> conflicted = conflictedTables(e);
      throw new MergeConflictException(
          e,
          conflicted,
          "Cannot merge experiment %s into %s: %s changed on both since the experiment branched"
              + " (nothing was merged)",
          name,
          target.getName(),
          conflicted.isEmpty() ? "tables" : String.join(", ", conflicted));
    } catch (NessieConflictException | NessieNotFoundException e) {
      throw NessieRefs.failure(e, "Cannot merge experiment %s into %s", name, target.getName());
    }
  }

  @Override
  public List<RefReport> report() {
    List<RefReports.Holding> holdings = new ArrayList<>();
    for (Reference ref : refs.references(false)) {
      RefReport.Kind kind = ref instanceof Tag ? RefReport.Kind.TAG : RefReport.Kind.BRANCH;
      List<String> names = refs.tables(ref.getName());
      if (names.isEmpty()) {
        holdings.add(new RefReports.Holding(ref.getName(), kind, null, null, null, 0));
      }
      for (String table : names) {
        Table at;
        try {
          at = tables.resolve(table + "@" + ref.getName()).table();
        } catch (java.io.UncheckedIOException | NotFoundException e) {
          holdings.add(RefReports.Holding.unreadable(ref.getName(), kind, table));
          continue;
        }
        Snapshot head = at.currentSnapshot();
        // A Nessie ref holds the table's whole metadata, so all of the head's ancestors.
        holdings.add(
            new RefReports.Holding(
                ref.getName(), kind, table, at, head, BranchDiffs.ancestors(at, head).size()));
      }
    }
    return RefReports.report(holdings);
  }

  /**
   * Tables Nessie names as conflicting. Nessie 0.108 also lists keys it did not check, with message
   * {@code UNKNOWN}: those are only reported when nothing else is.
   */
  private static List<String> conflictedTables(NessieReferenceConflictException e) {
    if (e.getErrorDetails() == null) {
      return List.of();
    }
    List<Conflict> all =
        e.getErrorDetails().conflicts().stream().filter(c -> c.key() != null).toList();
    List<Conflict> known = all.stream().filter(c -> !"UNKNOWN".equals(c.message())).toList();
    return (known.isEmpty() ? all : known)
        .stream().map(c -> NessieRefs.name(c.key())).distinct().sorted().toList();
  }

  private Branch experimentBranch(String name) {
    return experimentBranch(name, false);
  }

  /** With metadata (fork point, head commit): costs the server a walk of both histories. */
  private Branch experimentBranch(String name, boolean metadata) {
    if (isMain(name)) {
      throw new ValidationException("'%s' is the shared branch, not an experiment", name);
    }
    Reference ref = metadata ? refs.findWithMetadata(name) : refs.find(name);
    if (!(ref instanceof Branch branch)) {
      throw new NoSuchRefException("No experiment branch named '%s'", name);
    }
    return branch;
  }

  private boolean isMain(String name) {
    return name.equals(refs.defaultBranch());
  }

  private Experiment describe(Branch branch) {
    Instant last =
        branch.getMetadata() == null || branch.getMetadata().getCommitMetaOfHEAD() == null
            ? null
            : branch.getMetadata().getCommitMetaOfHEAD().getCommitTime();
    CommitMeta start = floeCommit(branch);
    Map<String, String> p = start == null ? Map.of() : start.getProperties();
    return new Experiment(
        branch.getName(),
        p.get(FROM),
        p.get(OWNER),
        p.get(PURPOSE),
        start == null ? null : start.getCommitTime(),
        refs.tables(branch.getName()),
        last,
        p.get(EXPIRES) == null ? null : Instant.parse(p.get(EXPIRES)));
  }

  /**
   * The branch's newest Floe start commit (a dropped and re-created branch has several). Not
   * bounded by the fork point: after a merge that point is the branch head.
   */
  private CommitMeta floeCommit(Branch branch) {
    return refs.commits().newestWith(branch, EXPERIMENT, branch.getName(), MAX_SEARCH);
  }
}
