package dev.floe.ingest;

import dev.floe.ingest.profile.ProfileTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * What a {@link TableWriter.Builder} collects, checked as each setting is made, and the writer's
 * parts built from it: the builder is the public face (and its documentation), this the state.
 */
final class WriterSettings {
  final Table table;
  String branch = IngestProperties.BRANCH_DEFAULT;
  String producerId;
  String run; // null: a random id per writer
  FileFormat format = FileFormat.fromString(IngestProperties.FILE_FORMAT_DEFAULT);
  long targetFileSizeBytes;
  EvolutionPolicy evolution = EvolutionPolicy.fromString(IngestProperties.EVOLUTION_DEFAULT);
  Duration groupLatency; // null: no group commit
  long groupBytes;
  boolean fillGroups;
  Boolean profile; // null: the table's property
  SortOrder sortOrder; // null: the table's
  ProfileTable profiles; // null: none
  final List<RowRule> rules = new ArrayList<>();
  DeadLetter deadLetter = DeadLetter.none();
  BufferAllocator allocator; // null: a root allocator of the writer's own

  WriterSettings(Table table) {
    this.table = table;
    // The table's size until targetFileSizeBytes(..) replaces it; checked as that is.
    targetFileSizeBytes(IngestProperties.targetFileSizeBytes(table.properties()));
  }

  void branch(String branchName) {
    Preconditions.checkArgument(
        branchName != null && !branchName.isBlank(), "Invalid branch: must not be empty");
    this.branch = branchName;
  }

  void producerId(String id) {
    Preconditions.checkArgument(
        id != null && !id.isBlank(), "Invalid producer id: must not be empty");
    this.producerId = id;
  }

  void run(String runId) {
    Preconditions.checkArgument(
        runId != null && !runId.isBlank(), "Invalid run id: must not be empty");
    this.run = runId;
  }

  void format(FileFormat fileFormat) {
    Objects.requireNonNull(fileFormat, "format");
    Preconditions.checkArgument(
        fileFormat == FileFormat.PARQUET || fileFormat == FileFormat.ORC,
        "Unsupported file format: %s (use PARQUET or ORC)",
        fileFormat);
    this.format = fileFormat;
  }

  void targetFileSizeBytes(long bytes) {
    Preconditions.checkArgument(
        bytes > 0, "Invalid target file size: %s (must be > 0 bytes)", bytes);
    this.targetFileSizeBytes = bytes;
  }

  void groupCommit(Duration maxLatency, long maxBytes) {
    Objects.requireNonNull(maxLatency, "maxLatency");
    Preconditions.checkArgument(
        !maxLatency.isNegative(), "Invalid group commit latency: %s (must be >= 0)", maxLatency);
    Preconditions.checkArgument(
        maxBytes > 0, "Invalid group commit size: %s (must be > 0 bytes)", maxBytes);
    this.groupLatency = maxLatency;
    this.groupBytes = maxBytes;
  }

  void sortOrder(SortOrder order) {
    Objects.requireNonNull(order, "order");
    SortOrder.checkCompatibility(order, table.schema());
    this.sortOrder = order;
  }

  /** Checks what only the whole set can tell, before a writer is built. */
  void check() {
    Preconditions.checkArgument(
        producerId != null,
        "Missing producer id: call producerId(..) with a stable name unique to this producer");
    rules.forEach(rule -> rule.checkColumnOf(table));
    Branches.checkBranch(table, branch);
  }

  String runOrRandom() {
    return run != null ? run : UUID.randomUUID().toString();
  }

  BatchAppender appender() {
    return new BatchAppender(
        table,
        branch,
        format,
        targetFileSizeBytes,
        evolution,
        profile,
        sortOrder,
        profiles,
        allocator,
        producerId);
  }

  AppendLoop appends(BatchAppender appender, WriterCounters counters) {
    return AppendLoop.of(
        appender,
        table,
        counters,
        producerId,
        rules,
        new DeadLetterWriter(deadLetter),
        groupLatency == null ? null : groupLatency.toNanos(),
        groupBytes,
        fillGroups);
  }
}
