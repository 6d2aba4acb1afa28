package dev.floe.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.ingest.AuditResult;
import dev.floe.ingest.WriterMetrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one {@code floe ingest} run made: the last line of its output, or with {@code --json} the
 * one JSON object it prints (these field names).
 */
record IngestSummary(
    @JsonProperty("table") String table,
    @JsonProperty("input_files") int inputFiles,
    @JsonProperty("rows") long rows,
    @JsonProperty("batches") long batches,
    @JsonProperty("batches_already_committed") long batchesAlreadyCommitted,
    @JsonProperty("rows_dead_lettered") long rowsDeadLettered,
    @JsonProperty("data_files") long dataFiles,
    @JsonProperty("snapshots") long snapshots,
    @JsonProperty("seconds") double seconds,
    @JsonProperty("rows_per_second") long rowsPerSecond,
    @JsonProperty("sorted_by") String sortedBy,
    @JsonProperty("audit") Map<String, Object> audit) {

  static IngestSummary of(
      String table, List<FileIngest> files, WriterMetrics metrics, double seconds) {
    long rows = files.stream().mapToLong(f -> f.rows).sum();
    return new IngestSummary(
        table,
        files.size(),
        rows,
        files.stream().mapToLong(f -> f.appended).sum(),
        files.stream().mapToLong(f -> f.skipped).sum(),
        files.stream().mapToLong(f -> f.deadLettered).sum(),
        metrics.files(),
        metrics.commits(),
        Math.round(seconds * 1000) / 1000.0,
        seconds > 0 ? Math.round(rows / seconds) : 0,
        null,
        null);
  }

  /** This summary with the files sorted by {@code order}. */
  IngestSummary sorted(String order) {
    return with(order, audit);
  }

  /**
   * Prints the summary as {@code output} asks, and what {@code --audit} did ({@code audit}, or
   * null); {@code deadLetter} is where dead letters went. Returns the exit code: 1 if quarantined.
   */
  int print(OutputOptions output, Path deadLetter, AuditResult audited) {
    // The CLI drops the audit branch unless it holds quarantined rows.
    boolean dropped = audited != null && audited.outcome() != AuditResult.Outcome.QUARANTINED;
    if (output.json) {
      output.printJson(
          audited == null ? this : with(sortedBy, AuditOptions.json(audited, dropped)));
      return audited == null ? 0 : exitOf(audited);
    }
    output
        .out()
        .printf(
            Locale.ROOT,
            "Ingested %s rows from %d file(s) into %s in %d batch(es) (%d already committed):"
                + " %d data file(s)%s, %d snapshot(s)%s, %.1f s, %s rows/s%n",
            Format.count(rows),
            inputFiles,
            table,
            batches,
            batchesAlreadyCommitted,
            dataFiles,
            sortedBy == null ? "" : " sorted by " + sortedBy,
            snapshots,
            rowsDeadLettered == 0
                ? ""
                : ", "
                    + Format.count(rowsDeadLettered)
                    + " rows to the dead letters in "
                    + deadLetter,
            seconds,
            Format.count(rowsPerSecond));
    return audited == null ? 0 : AuditOptions.print(audited, dropped, output.out());
  }

  private static int exitOf(AuditResult audited) {
    return audited.outcome() == AuditResult.Outcome.QUARANTINED ? 1 : 0;
  }

  private IngestSummary with(String order, Map<String, Object> auditJson) {
    return new IngestSummary(
        table,
        inputFiles,
        rows,
        batches,
        batchesAlreadyCommitted,
        rowsDeadLettered,
        dataFiles,
        snapshots,
        seconds,
        rowsPerSecond,
        order,
        auditJson);
  }
}
