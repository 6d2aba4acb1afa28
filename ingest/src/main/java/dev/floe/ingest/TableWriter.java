package dev.floe.ingest;

import dev.floe.catalog.ResolvedTable;
import dev.floe.ingest.profile.ProfileTable;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;

/**
 * Appends batches to one branch of a table. Each commit writes every producer's committed sequences
 * to a ledger file that its snapshot names ({@link IngestProperties#LEDGER}) and registers as its
 * statistics file, so a batch already committed on the branch is not appended again, by this writer
 * or any other with the same producer id, even after old snapshots expired: producers can re-send
 * after a crash. A producer idle for longer than {@link
 * IngestProperties#LEDGER_IDLE_PRODUCER_RETENTION_MS} (30 days) is forgotten.
 *
 * <pre>{@code
 * try (TableWriter writer = TableWriter.forTable(table).producerId("clicks-1").build()) {
 *   AppendResult result = writer.append(Batch.of(seq, schema, records));
 * }
 * }</pre>
 *
 * <p>Thread-safe: threads may append concurrently; files are written in parallel and commits take
 * turns, or share one snapshot with {@link Builder#groupCommit}. Batches may name their own
 * producer ({@link Batch#forProducer(String)}), so one writer can serve many producers. Writers of
 * other producers may append to the same table at the same time.
 */
public final class TableWriter implements AutoCloseable {
  private final BatchAppender appender;
  private final String producerId;
  private final WriterCounters counters;
  private final AppendLoop appends;
  private final IngestEvents events;
  private final String run;

  private TableWriter(WriterSettings settings) {
    this.producerId = settings.producerId;
    this.run = settings.runOrRandom();
    this.appender = settings.appender();
    this.events = new IngestEvents(settings.table, settings.branch);
    this.counters = new WriterCounters();
    this.appends = settings.appends(appender, counters);
  }

  /**
   * A writer to {@code table}'s {@code main} branch, or to the branch {@link Builder#toBranch}
   * names: a {@link Table} is not bound to a ref. To write to the ref of a name such as {@code
   * db.t@exp-1}, use {@link #forTable(ResolvedTable)}.
   */
  public static Builder forTable(Table table) {
    return new Builder(Objects.requireNonNull(table, "table"));
  }

  /**
   * A writer to the ref {@code resolved} names: {@code floe.tables().resolve("db.t@exp-1")} appends
   * to branch {@code exp-1} (an Iceberg branch of the table, or in nessie mode the Nessie branch
   * the table was loaded on). Throws {@link IllegalArgumentException} for a tag or a Nessie commit,
   * which are read-only.
   */
  public static Builder forTable(ResolvedTable resolved) {
    Branches.checkWritable(Objects.requireNonNull(resolved, "resolved"));
    return new Builder(resolved.table()).toBranch(resolved.ref());
  }

  /**
   * Appends {@code batch} and returns once it is committed, or once it is found already committed
   * ({@link AppendResult#duplicate()}). Throws {@link
   * dev.floe.catalog.exceptions.SchemaEvolutionException} when the batch does not fit the table
   * under the writer's policy; then nothing of it is committed. With group commit, the batch shares
   * a snapshot with the batches other threads append meanwhile.
   */
  public AppendResult append(Batch batch) {
    return events.committed(appends.append(batch.inRun(run)));
  }

  /**
   * Checks and converts the rows of {@code batch} on the calling thread and returns a future that
   * completes when the batch is committed, or fails as {@link #append} would throw. Without group
   * commit the batch is written and committed before this returns: the future is complete.
   */
  public CompletableFuture<AppendResult> appendAsync(Batch batch) {
    return appends.appendAsync(batch.inRun(run)).thenApply(events::committed);
  }

  /** The highest batch sequence the writer's producer committed on the branch, or -1 if none. */
  public long lastCommittedSequence() {
    return lastCommittedSequence(producerId);
  }

  /**
   * The highest batch sequence {@code producer} committed on the branch, or -1 if none: read from
   * the branch head alone, so it holds after old snapshots expire.
   */
  public long lastCommittedSequence(String producer) {
    Objects.requireNonNull(producer, "producer");
    return appender.lastCommittedSequence(producer);
  }

  /**
   * What every producer has committed on the branch, read from the branch head now (the same record
   * the writer's duplicate check reads, so it holds after old snapshots expire).
   */
  public CommittedBatches committed() {
    return new CommittedBatches(appender.committed());
  }

  /** The writer's totals since it was built ({@link TableWriterMetrics}: through Micrometer). */
  public WriterMetrics metrics() {
    return counters.metrics();
  }

  /**
   * The run this writer's files name in their provenance ({@code floe lineage}): {@link
   * Builder#run}, else a random id per writer.
   */
  public String run() {
    return run;
  }

  /** The writer's own producer id (batches may name others). */
  public String producerId() {
    return producerId;
  }

  String tableName() {
    return appender.tableName();
  }

  WriterCounters counters() {
    return counters;
  }

  /** Stops appends; those in flight finish, and with group commit the queue commits, first. */
  @Override
  public void close() {
    appends.close();
  }

  /** Settings of a {@link TableWriter}; only {@link #producerId} is required. */
  public static final class Builder {
    private final WriterSettings settings;

    private Builder(Table table) {
      this.settings = new WriterSettings(table);
    }

    /** The branch to append to; {@code main} unless set; the first commit creates it. */
    public Builder toBranch(String branchName) {
      settings.branch(branchName);
      return this;
    }

    /**
     * Names the producer. Keep it stable across restarts and unique among producers: with the batch
     * sequence it is what makes a re-sent batch recognisable.
     */
    public Builder producerId(String id) {
      settings.producerId(id);
      return this;
    }

    /**
     * Names this writer's run (an ingest job, a deployment) in the provenance of every data file it
     * writes, which {@code floe lineage} reports; default: a random id per writer.
     */
    public Builder run(String runId) {
      settings.run(runId);
      return this;
    }

    public Builder format(FileFormat fileFormat) {
      settings.format(fileFormat);
      return this;
    }

    public Builder targetFileSizeBytes(long bytes) {
      settings.targetFileSizeBytes(bytes);
      return this;
    }

    public Builder evolution(EvolutionPolicy policy) {
      settings.evolution = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Coalesces the batches that threads append concurrently into one snapshot: a group closes once
     * no append is still writing its files and it is as large as recent groups, once it holds
     * {@code maxBytes} of data files, or after the commit thread lingered {@code maxLatency} for
     * more batches, whichever comes first. The rows of a group are written together by the commit
     * thread, so many small batches make few files. {@link TableWriter#appendAsync} blocks while
     * batches of twice {@code maxBytes} wait for their commit, so a producer faster than the
     * commits cannot fill the heap. Off unless set: then every batch is a snapshot of its own.
     */
    public Builder groupCommit(Duration maxLatency, long maxBytes) {
      settings.groupCommit(maxLatency, maxBytes);
      return this;
    }

    /**
     * Sorts each partition's rows of a commit (all batches of a group) by {@code order} as
     * Iceberg's {@code SortOrderComparators} do, ties in batch order; files declare the table's
     * equal order, else id 0. Default: the table's order; {@link SortOrder#unsorted()}: batch
     * order.
     */
    public Builder sortOrder(SortOrder order) {
      settings.sortOrder(order);
      return this;
    }

    /**
     * With profiling on, also writes each commit's profile to {@code profileTable} (the namespace's
     * {@code floe_profiles}, readable by any engine) before the data commit, and names it in the
     * data snapshot's summary ({@link ProfileTable#COMMIT_ID_PROPERTY}); a retried commit keeps its
     * id. Neither {@code forTable(Table)} nor {@code forTable(ResolvedTable)} can open it (they
     * hold no catalog): pass {@code ProfileTable.of(floe, namespace)}. Unset: profiles go only into
     * the commit's Puffin file.
     */
    public Builder profileTable(ProfileTable profileTable) {
      settings.profiles = Objects.requireNonNull(profileTable, "profileTable");
      return this;
    }

    /** Column profiles and Iceberg ndv per commit; {@link IngestProperties#PROFILE_ENABLED}. */
    public Builder profile(boolean enabled) {
      settings.profile = enabled;
      return this;
    }

    /** Group commit waits for full groups from one thread too (bulk loads: fewer, larger files). */
    public Builder fillGroups() {
      settings.fillGroups = true;
      return this;
    }

    /**
     * Declares a check every row must pass: {@code test} gets the value of top-level {@code column}
     * (null included). Rows that fail go to the {@link #deadLetter} destination; with none, the
     * batch is rejected whole.
     */
    public Builder rule(String column, Predicate<Object> test, String description) {
      settings.rules.add(new RowRule(column, test, description));
      return this;
    }

    /** Values of {@code column} between {@code min} and {@code max} inclusive; nulls pass. */
    public Builder range(String column, Comparable<?> min, Comparable<?> max) {
      settings.rules.add(RowRule.range(column, min, max));
      return this;
    }

    /** Values of {@code column} in {@code values}; nulls pass. */
    public Builder allowedValues(String column, Set<?> values) {
      settings.rules.add(RowRule.allowedValues(column, values));
      return this;
    }

    /** Where failing rows go; {@link DeadLetter#none()} (reject the batch) unless set. */
    public Builder deadLetter(DeadLetter destination) {
      settings.deadLetter = Objects.requireNonNull(destination, "destination");
      return this;
    }

    /** Vectors of pending batches come from a child of {@code parent}; default: a root's own. */
    public Builder allocator(BufferAllocator parent) {
      settings.allocator = Objects.requireNonNull(parent, "allocator");
      return this;
    }

    /** Builds the writer and reads the producer's history on the branch once. */
    public TableWriter build() {
      settings.check();
      return new TableWriter(settings);
    }
  }
}
