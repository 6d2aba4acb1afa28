package dev.floe.compaction;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Rewrites the small data files of a branch into files of about the target size. File groups (small
 * files of one partition, about one target file's worth) are rewritten in parallel and committed
 * together in one snapshot, which writes the manifests once: the run lands whole or not at all.
 * With {@link #partialProgress(int)} they commit in up to that many snapshots instead, so a failure
 * keeps the commits before it and a re-run picks up the rest. Files committed to the branch
 * meanwhile are kept: a commit only replaces the files it read and fails if one of them was removed
 * in between.
 *
 * <p>Delete files (position deletes, deletion vectors, equality deletes) are applied: the new files
 * hold only the live rows, and a delete file that no remaining data file needs is removed from the
 * table in the same commit. Deletes committed after the plan keep applying (validated by Iceberg).
 *
 * <p>Defaults come from the table's {@link CompactionProperties}, then the {@code _DEFAULT}s. The
 * target file size is Iceberg's {@code write.target-file-size-bytes}, else the deprecated {@code
 * floe.compaction.target-file-size-bytes}, else 128 MB.
 */
public final class BinPack {
  private final Table table;
  private String branch = SnapshotRef.MAIN_BRANCH;
  private long targetFileSizeBytes;
  private int minInputFiles;
  private int parallelism;
  private long maxBytesPerRun;
  private int sortMaxRowsInMemory;
  private int maxCommits;
  private Expression filter = Expressions.alwaysTrue();
  private List<String> sortColumns = List.of();
  private Runnable beforeCommit = () -> {};

  BinPack(Table table) {
    this.table = table;
    var props = table.properties();
    this.targetFileSizeBytes = CompactionProperties.targetFileSizeBytes(props);
    this.minInputFiles =
        PropertyUtil.propertyAsInt(
            props,
            CompactionProperties.MIN_INPUT_FILES,
            CompactionProperties.MIN_INPUT_FILES_DEFAULT);
    this.parallelism =
        PropertyUtil.propertyAsInt(
            props, CompactionProperties.PARALLELISM, CompactionProperties.PARALLELISM_DEFAULT);
    this.maxBytesPerRun =
        PropertyUtil.propertyAsLong(
            props,
            CompactionProperties.MAX_BYTES_PER_RUN,
            CompactionProperties.MAX_BYTES_PER_RUN_DEFAULT);
    this.sortMaxRowsInMemory =
        PropertyUtil.propertyAsInt(
            props,
            CompactionProperties.SORT_MAX_ROWS_IN_MEMORY,
            CompactionProperties.SORT_MAX_ROWS_IN_MEMORY_DEFAULT);
    boolean partial =
        PropertyUtil.propertyAsBoolean(
            props,
            CompactionProperties.PARTIAL_PROGRESS_ENABLED,
            CompactionProperties.PARTIAL_PROGRESS_ENABLED_DEFAULT);
    this.maxCommits =
        partial
            ? PropertyUtil.propertyAsInt(
                props,
                CompactionProperties.PARTIAL_PROGRESS_MAX_COMMITS,
                CompactionProperties.PARTIAL_PROGRESS_MAX_COMMITS_DEFAULT)
            : 1;
  }

  /** The branch to compact; its snapshots are the only ones read and the only ref moved. */
  public BinPack toBranch(String branch) {
    Objects.requireNonNull(branch, "branch");
    checkArgument(!branch.isBlank(), "Invalid branch: must not be blank");
    this.branch = branch;
    return this;
  }

  public BinPack targetFileSizeBytes(long bytes) {
    Checks.positive(bytes, "target file size");
    this.targetFileSizeBytes = bytes;
    return this;
  }

  long targetFileSizeBytes() {
    return targetFileSizeBytes;
  }

  /** A partition, or a packed group, with fewer small files than this is left alone. */
  public BinPack minInputFiles(int n) {
    Checks.positive(n, "minimum input files");
    this.minInputFiles = n;
    return this;
  }

  /** Groups rewritten at once; memory grows with it (one reader and writer per group). */
  public BinPack parallelism(int n) {
    Checks.positive(n, "parallelism");
    this.parallelism = n;
    return this;
  }

  /** Input bytes this run rewrites at most; the remaining groups wait for the next run. */
  public BinPack maxBytesPerRun(long bytes) {
    Checks.positive(bytes, "max bytes per run");
    this.maxBytesPerRun = bytes;
    return this;
  }

  /**
   * Commits the run's groups in up to {@code maxCommits} snapshots (groups split evenly, committed
   * as they finish) rather than one: a failure keeps the commits before it, a re-run does the rest.
   * 1 is the default, one commit for the whole run.
   */
  public BinPack partialProgress(int maxCommits) {
    Checks.positive(maxCommits, "max commits");
    this.maxCommits = maxCommits;
    return this;
  }

  /** Only files that may hold rows matching {@code filter} (e.g. a partition predicate). */
  public BinPack filter(Expression filter) {
    this.filter = Expressions.and(this.filter, Objects.requireNonNull(filter, "filter"));
    return this;
  }

  /** Sorts the rows of each output file by these columns, ascending, nulls first. */
  public BinPack sortBy(String... columns) {
    checkArgument(columns.length > 0, "Invalid sort: needs at least one column");
    SortOrder.Builder order = SortOrder.builderFor(table.schema());
    for (String column : columns) {
      checkArgument(
          table.schema().findField(column) != null,
          "Cannot sort %s by %s: no such column",
          table.name(),
          column);
      order.asc(column, NullOrder.NULLS_FIRST);
    }
    this.sortColumns = List.of(columns);
    return this;
  }

  /** Runs before each group's commit; lets tests race a writer or inject a failure. */
  BinPack beforeCommit(Runnable hook) {
    this.beforeCommit = Objects.requireNonNull(hook, "hook");
    return this;
  }

  /**
   * Plans, rewrites and commits. After the first failure nothing more commits: commits made before
   * it (with partial progress) stay, and the failure and the groups left are in the result. New
   * files that did not commit are deleted, except when a commit's outcome is unknown ({@link
   * CommitStateUnknownException}): they may be live.
   */
  public CompactionResult commit() {
    long started = System.nanoTime();
    Checks.positive(targetFileSizeBytes, "target file size");
    Checks.positive(minInputFiles, "minimum input files");
    Checks.positive(parallelism, "parallelism");
    Checks.positive(maxBytesPerRun, "max bytes per run");
    Checks.positive(maxCommits, "max commits");
    SnapshotRef ref = table.refs().get(branch);
    checkArgument(
        ref == null || !ref.isTag(),
        "Cannot compact %s@%s: it is a tag, not a branch",
        table.name(),
        branch);
    Snapshot start = table.snapshot(branch);
    CompactionPlanner.Plan plan =
        start == null
            ? new CompactionPlanner.Plan(List.of(), new DeleteScopes())
            : new CompactionPlanner(table, branch, filter, targetFileSizeBytes, minInputFiles)
                .plan(start);
    List<FileGroup> groups = withinBudget(plan.groups());
    if (groups.isEmpty()) {
      return CompactionResult.nothingToDo(
          plan.groups().size(), Duration.ofNanos(System.nanoTime() - started));
    }

    String runId = UUID.randomUUID().toString();
    GroupRewriter rewriter =
        new GroupRewriter(table, targetFileSizeBytes, runId, sortOrder(), sortMaxRowsInMemory);
    GroupCommits commits =
        new GroupCommits(table, branch, start, runId, plan.deletes(), beforeCommit);
    int perCommit = (groups.size() + maxCommits - 1) / maxCommits;
    int skipped = plan.groups().size() - groups.size();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallelism, groups.size()),
            task -> {
              Thread thread = new Thread(task, "floe-compaction-" + runId.substring(0, 8));
              thread.setDaemon(true);
              return thread;
            });
    // Workers rewrite; this thread commits in completion order, so commits never stall rewrites.
    CompletionService<Rewritten> done = new ExecutorCompletionService<>(pool);
    List<Rewritten> batch = new ArrayList<>();
    try {
      for (FileGroup group : groups) {
        done.submit(() -> stop.get() ? new Rewritten(group, null, null) : rewrite(group, rewriter));
      }
      for (int i = 0; i < groups.size(); i++) {
        Rewritten r = done.take().get();
        if (r.failure() != null) {
          commits.fail(r.group(), r.failure());
          stop.set(true);
        } else if (r.files() == null) {
          skipped++;
        } else if (stop.get()) {
          // Nothing commits after a failure: a re-run plans these groups again.
          rewriter.deleteQuietly(r.files());
          skipped++;
        } else {
          batch.add(r);
          boolean last = i == groups.size() - 1;
          if (batch.size() >= perCommit || last) {
            if (!commits.commit(batch, rewriter)) {
              stop.set(true);
            }
            batch.clear();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while compacting " + table.name(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Compaction task of " + table.name() + " failed", e);
    } finally {
      pool.shutdownNow();
      // A batch still waiting when a failure stopped the run never commits.
      batch.forEach(r -> rewriter.deleteQuietly(r.files()));
      skipped += batch.size();
    }
    return CompactionEvents.binPack(
        table, branch, commits.result(skipped, Duration.ofNanos(System.nanoTime() - started)));
  }

  private static Rewritten rewrite(FileGroup group, GroupRewriter rewriter) {
    try {
      return new Rewritten(group, rewriter.rewrite(group), null);
    } catch (RuntimeException e) {
      return new Rewritten(group, null, e);
    }
  }

  /** The first groups whose bytes fit the budget, in plan order; at least none. */
  private List<FileGroup> withinBudget(List<FileGroup> planned) {
    List<FileGroup> chosen = new ArrayList<>();
    long bytes = 0;
    for (FileGroup group : planned) {
      if (bytes + group.bytes() > maxBytesPerRun) {
        break;
      }
      bytes += group.bytes();
      chosen.add(group);
    }
    return chosen;
  }

  private SortOrder sortOrder() {
    if (sortColumns.isEmpty()) {
      return null;
    }
    SortOrder.Builder order = SortOrder.builderFor(table.schema());
    sortColumns.forEach(column -> order.asc(column, NullOrder.NULLS_FIRST));
    return order.build();
  }
}
