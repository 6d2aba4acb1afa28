package dev.floe.ingest;

import dev.floe.catalog.exceptions.SchemaEvolutionException;
import dev.floe.ingest.profile.ProfileTable;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;

/**
 * Checks, writes and commits batches. A {@link CommitFailedException} means "try again".
 *
 * <p>Iceberg's table operations are not safe for concurrent commits through one {@link Table}
 * handle, so every writer sharing a handle takes its lock to refresh, evolve or commit. Data files
 * are written outside the lock, in parallel, except when the schema changes: then the change and
 * the data commit in one transaction.
 */
final class BatchAppender implements AutoCloseable {
  /** Immediate attempts of one commit whose ledger another handle's append moved meanwhile. */
  static final int LEDGER_ATTEMPTS = 8;

  private final Table table;
  private final String branch;
  private final FileFormat format;
  private final long targetFileSize;
  private final EvolutionPolicy policy;
  private final boolean profile;
  private final ProfileTable profiles; // null: profiles go only into the ledger file
  private final SortOrder sortOrder; // null: the table's, as last seen
  private final ProducerLedger ledger;
  private final GroupAppend groups;
  private final LoneCommit lone;
  private final BufferAllocator allocator; // the writer's: holds the vectors of pending batches
  // The table as last seen under the lock, for group commit's checks without a catalog round trip.
  private volatile Map<String, SequenceSet> known;
  private volatile Schema schema;
  private volatile PartitionSpec spec;
  private volatile SortOrder order;

  String tableName() {
    return table.name();
  }

  BatchAppender(
      Table table,
      String branch,
      FileFormat format,
      long targetFileSize,
      EvolutionPolicy policy,
      Boolean profile,
      SortOrder sortOrder,
      ProfileTable profiles,
      BufferAllocator parent,
      String producerId) {
    this.table = table;
    this.allocator = BatchColumns.allocator(parent, producerId);
    this.profile =
        profile != null
            ? profile
            : org.apache.iceberg.util.PropertyUtil.propertyAsBoolean(
                table.properties(),
                IngestProperties.PROFILE_ENABLED,
                IngestProperties.PROFILE_ENABLED_DEFAULT);
    this.branch = branch;
    this.sortOrder = sortOrder;
    this.profiles = this.profile ? profiles : null;
    this.format = format;
    this.targetFileSize = targetFileSize;
    this.policy = policy;
    this.ledger = new ProducerLedger(branch, IngestProperties.idleProducerRetentionMs(table));
    this.groups =
        new GroupAppend(table, branch, format, targetFileSize, () -> order, ledger, this::remember);
    groups.profiles(this.profile, this.profiles);
    this.lone =
        new LoneCommit(table, branch, ledger, this.profiles, groups::writes, this::remember);
    synchronized (table) {
      table.refresh();
      remember();
    }
  }

  org.apache.iceberg.io.FileIO io() {
    return table.io();
  }

  /** The table schema as last seen. */
  Schema schema() {
    return schema;
  }

  /** Whether the batch is committed as far as the table was last seen. */
  boolean isCommitted(String producer, long sequence) {
    return known.getOrDefault(producer, SequenceSet.EMPTY).contains(sequence);
  }

  /** Every producer's committed batches at the branch head, refreshed. */
  Map<String, SequenceSet> committed() {
    synchronized (table) {
      table.refresh();
      remember();
    }
    return known;
  }

  long lastCommittedSequence(String producer) {
    synchronized (table) {
      table.refresh();
      remember();
    }
    return known.getOrDefault(producer, SequenceSet.EMPTY).max();
  }

  /** Appends {@code pending} as a snapshot of its own. */
  AppendResult attempt(PendingBatch pending) {
    Schema writeSchema;
    PartitionSpec writeSpec;
    synchronized (table) {
      table.refresh();
      remember();
      if (isKnown(pending)) {
        return pending.duplicate(ledger.committedIn(table, pending.producer(), pending.sequence()));
      }
      SchemaPlan plan =
          SchemaCheck.plan(schema, pending.batch().schema(), policy, pending.describe());
      if (!plan.isEmpty()) {
        return evolveAndAppend(pending, plan);
      }
      writeSchema = schema;
      writeSpec = spec;
    }
    pending.written(write(pending, table, writeSchema, writeSpec));
    synchronized (table) {
      return lone.commit(pending, null);
    }
  }

  /**
   * Prepares {@code pending} for group commit: checks it against the table as last seen and
   * converts its rows (so a bad row fails this batch alone, here). Returns null when it is ready to
   * queue, or its result when it is done already: a duplicate, or a batch that changes the schema
   * (committed on its own, with the change).
   */
  AppendResult prepare(PendingBatch pending) {
    if (isKnown(pending)) {
      synchronized (table) {
        return pending.duplicate(ledger.committedIn(table, pending.producer(), pending.sequence()));
      }
    }
    Schema writeSchema = schema;
    PartitionSpec writeSpec = spec;
    SchemaPlan plan =
        SchemaCheck.plan(writeSchema, pending.batch().schema(), policy, pending.describe());
    if (!plan.isEmpty()) {
      return attempt(pending); // rare: plans again on a fresh table, under the lock
    }
    pending.converted(
        writeSchema,
        writeSpec,
        BatchColumns.convert(writeSchema, pending.batch(), pending.producer(), allocator));
    return null;
  }

  /**
   * Writes the rows of every batch of {@code group} into shared files and commits them in one
   * snapshot: many small batches make few files. Batches found already committed leave the group
   * and the rest is written and committed again without them. Throws {@link CommitFailedException}
   * with nothing committed, ready for another try.
   */
  GroupOutcome commitGroup(List<PendingBatch> group) {
    return groups.commit(group);
  }

  private AppendResult evolveAndAppend(PendingBatch pending, SchemaPlan plan) {
    int schemaId = table.schema().schemaId();
    Transaction txn = table.newTransaction();
    try {
      UpdateSchema update = txn.updateSchema();
      plan.applyTo(update);
      update.commit();
    } catch (IllegalArgumentException | ValidationException e) {
      throw new SchemaEvolutionException(
          e,
          "Cannot append %s: cannot evolve the table schema: %s",
          pending.describe(),
          e.getMessage());
    }
    Table staged = txn.table();
    pending.written(write(pending, staged, staged.schema(), staged.spec()));
    try {
      return lone.commit(pending, txn);
    } catch (IllegalArgumentException | ValidationException e) {
      // Replaying our schema change on a schema another writer changed meanwhile can clash
      // (e.g. both added the column): plan again against the new schema.
      table.refresh();
      if (table.schema().schemaId() != schemaId) {
        throw new CommitFailedException(
            e, "Table schema changed while appending %s", pending.describe());
      }
      throw e;
    }
  }

  private boolean isKnown(PendingBatch pending) {
    return known.getOrDefault(pending.producer(), SequenceSet.EMPTY).contains(pending.sequence());
  }

  private void remember() {
    known = ledger.state(table);
    schema = table.schema();
    spec = table.spec();
    order = sortOrder != null ? sortOrder : table.sortOrder();
  }

  private List<DataFile> write(
      PendingBatch pending, Table target, Schema writeSchema, PartitionSpec writeSpec) {
    return BatchFiles.write(
        new FileTarget(target, writeSchema, writeSpec, order, format, targetFileSize),
        pending,
        profile ? pending.profileCommit(profiles, table.name(), groups.writes()) : null,
        allocator);
  }

  @Override
  public void close() {
    groups.close();
    allocator.close(); // throws if a batch's vectors were not released
  }
}
