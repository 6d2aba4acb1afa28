package dev.floe.ingest.contract;

import dev.floe.catalog.FloeTables;
import dev.floe.ingest.contract.RuleResult.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Answers metadata rules from the snapshot's summary and its manifests' per-file column metrics
 * (record, value and null counts, lower and upper bounds). Reads manifests once, no data file.
 * Missing metrics fail the rule with the reason: an unanswerable rule never passes silently. Counts
 * are per data file, before any delete files apply.
 */
final class MetadataChecks {
  private final Table table;
  private final Snapshot snapshot;
  private final Instant now;
  private final DriftChecks drift;
  private List<DataFile> files;

  MetadataChecks(
      Table table,
      Snapshot snapshot,
      Instant now,
      String baseline,
      FloeTables tables,
      TableIdentifier name) {
    this.table = table;
    this.snapshot = snapshot;
    this.now = now;
    this.drift = snapshot == null ? null : new DriftChecks(table, snapshot, baseline, tables, name);
  }

  List<RuleResult> check(Contract contract) {
    List<RuleResult> results = new ArrayList<>();
    for (ContractRule rule : contract.rules()) {
      if (rule.kind().source() == ContractRule.Source.ROW) {
        results.add(
            new RuleResult(
                rule, Status.SKIPPED, "row-level rule: enforced by the writer (applyTo)"));
      } else if (snapshot == null && rule.kind() != ContractRule.Kind.SCHEMA) {
        results.add(new RuleResult(rule, Status.FAILED, "the table has no snapshot"));
      } else {
        results.add(check(rule));
      }
    }
    return results;
  }

  private RuleResult check(ContractRule rule) {
    Types.NestedField field = rule.column() == null ? null : schema().findField(rule.column());
    if (rule.column() != null && field == null) {
      return new RuleResult(rule, Status.FAILED, "no column " + rule.column());
    }
    return switch (rule.kind()) {
      case SCHEMA -> schema(rule, field);
      case ROW_COUNT -> rowCount(rule);
      case FRESHNESS -> freshness(rule, field);
      case LAST_COMMIT ->
          lag(rule, Instant.ofEpochMilli(snapshot.timestampMillis()), "last commit");
      case NULL_RATE -> nullRate(rule, field);
      case RANGE -> range(rule, field);
      case DRIFT -> drift.check(rule, field);
      case DISTINCT, QUANTILES, FREQUENT_ITEMS ->
          new SketchChecks(table, snapshot).check(rule, field);
      case UNIQUE -> new UniqueCheck(table, snapshot).check(rule, field);
      case ALLOWED_VALUES, REGEX -> throw new IllegalStateException("row rule " + rule.kind());
    };
  }

  private Schema schema() {
    return snapshot == null || snapshot.schemaId() == null
        ? table.schema()
        : table.schemas().getOrDefault(snapshot.schemaId(), table.schema());
  }

  private RuleResult schema(ContractRule rule, Types.NestedField field) {
    String type = field.type().toString();
    if (rule.type() != null && !rule.type().toLowerCase(Locale.ROOT).equals(type)) {
      return result(rule, false, "type " + type + ", expected " + rule.type());
    }
    if (!rule.required() || field.isRequired()) {
      return result(rule, true, "type " + type + (field.isRequired() ? ", required" : ""));
    }
    Long nulls = sum(field, DataFile::nullValueCounts);
    if (nulls == null) {
      return result(rule, false, "optional column without null counts in every file's metrics");
    }
    return result(rule, nulls == 0, "optional in the schema, " + nulls + " null(s) in its files");
  }

  private RuleResult rowCount(ContractRule rule) {
    String added =
        snapshot.summary() == null
            ? null
            : snapshot.summary().get(SnapshotSummary.ADDED_RECORDS_PROP);
    if (added == null) {
      return result(rule, false, "snapshot " + snapshot.snapshotId() + " records no added rows");
    }
    long rows = Long.parseLong(added);
    return bounded(rule, rows, rows + " row(s) added by snapshot " + snapshot.snapshotId());
  }

  private RuleResult freshness(ContractRule rule, Types.NestedField field) {
    Type.TypeID id = field.type().typeId();
    if (id != Type.TypeID.TIMESTAMP && id != Type.TypeID.TIMESTAMP_NANO && id != Type.TypeID.DATE) {
      return result(rule, false, "column type " + field.type() + " is not a date or timestamp");
    }
    Long newest = null;
    for (DataFile file : files()) {
      ByteBuffer upper =
          file.upperBounds() == null ? null : file.upperBounds().get(field.fieldId());
      if (upper != null) {
        long v = Conversions.<Number>fromByteBuffer(field.type(), upper).longValue();
        newest = newest == null ? v : Math.max(newest, v);
      }
    }
    String from = "newest ";
    if (newest == null) {
      // No bounds kept (metrics mode none, say): the per-commit profiles' max, if every commit has
      // one.
      newest = DriftChecks.newestFromProfiles(table, snapshot, field);
      from = "newest (from the profiles) ";
    }
    if (newest == null) {
      return result(
          rule,
          false,
          "no upper bound for " + rule.column() + " in the manifests, and no profiles to read it");
    }
    Instant latest =
        switch (id) {
          case DATE -> Instant.ofEpochSecond(newest * 86_400L);
          case TIMESTAMP_NANO -> Instant.ofEpochSecond(0, newest);
          default -> Instant.ofEpochSecond(0, newest * 1_000L);
        };
    return lag(rule, latest, from + rule.column());
  }

  private RuleResult lag(ContractRule rule, Instant at, String what) {
    Duration lag = Duration.between(at, now);
    return result(
        rule,
        lag.compareTo(rule.maxAge()) <= 0,
        what + " " + at + " is " + lag + " old (max " + rule.maxAge() + ")");
  }

  private RuleResult nullRate(ContractRule rule, Types.NestedField field) {
    Long nulls = sum(field, DataFile::nullValueCounts);
    if (nulls == null) {
      return result(rule, false, "no null counts for " + rule.column() + " in every file");
    }
    long rows = files().stream().mapToLong(DataFile::recordCount).sum();
    double rate = rows == 0 ? 0 : (double) nulls / rows;
    return bounded(rule, rate, String.format("null rate %.4f (%d of %d rows)", rate, nulls, rows));
  }

  private RuleResult range(ContractRule rule, Types.NestedField field) {
    if (!field.type().isPrimitiveType() || !(numeric(field.type()))) {
      return result(rule, false, "column type " + field.type() + " has no numeric range");
    }
    Double lo = null;
    Double hi = null;
    for (DataFile file : files()) {
      Long values = count(file.valueCounts(), field);
      Long nulls = count(file.nullValueCounts(), field);
      if (values != null && values.equals(nulls)) {
        continue; // only nulls here: no bounds to have
      }
      ByteBuffer lower =
          file.lowerBounds() == null ? null : file.lowerBounds().get(field.fieldId());
      ByteBuffer upper =
          file.upperBounds() == null ? null : file.upperBounds().get(field.fieldId());
      if (lower == null || upper == null) {
        return result(rule, false, "no bounds for " + rule.column() + " in " + file.location());
      }
      double l = Conversions.<Number>fromByteBuffer(field.type(), lower).doubleValue();
      double u = Conversions.<Number>fromByteBuffer(field.type(), upper).doubleValue();
      lo = lo == null ? l : Math.min(lo, l);
      hi = hi == null ? u : Math.max(hi, u);
    }
    if (lo == null) {
      return result(rule, true, "no non-null values");
    }
    boolean ok =
        (rule.min() == null || lo >= rule.min()) && (rule.max() == null || hi <= rule.max());
    return result(rule, ok, "values in [" + lo + ", " + hi + "], expected " + bounds(rule));
  }

  private static boolean numeric(Type type) {
    return switch (type.typeId()) {
      case INTEGER, LONG, FLOAT, DOUBLE, DECIMAL -> true;
      default -> false;
    };
  }

  private RuleResult bounded(ContractRule rule, double value, String found) {
    boolean ok =
        (rule.min() == null || value >= rule.min()) && (rule.max() == null || value <= rule.max());
    return result(rule, ok, found + ", expected " + bounds(rule));
  }

  private static String bounds(ContractRule rule) {
    return "["
        + (rule.min() == null ? "-inf" : rule.min())
        + ", "
        + (rule.max() == null ? "inf" : rule.max())
        + "]";
  }

  /** The column's count summed over every file, or null when a file's metrics lack it. */
  private Long sum(
      Types.NestedField field, java.util.function.Function<DataFile, Map<Integer, Long>> counts) {
    long total = 0;
    for (DataFile file : files()) {
      Long n = count(counts.apply(file), field);
      if (n == null) {
        return null;
      }
      total += n;
    }
    return total;
  }

  private static Long count(Map<Integer, Long> counts, Types.NestedField field) {
    return counts == null ? null : counts.get(field.fieldId());
  }

  private List<DataFile> files() {
    if (files == null) {
      files = new ArrayList<>();
      try (CloseableIterable<FileScanTask> tasks =
          table.newScan().useSnapshot(snapshot.snapshotId()).includeColumnStats().planFiles()) {
        tasks.forEach(t -> files.add(t.file()));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the manifests of " + table.name(), e);
      }
    }
    return files;
  }

  private static RuleResult result(ContractRule rule, boolean ok, String message) {
    return new RuleResult(rule, ok ? Status.PASSED : Status.FAILED, message);
  }
}
