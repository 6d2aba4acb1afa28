package dev.floe.ingest.contract;

import dev.floe.ingest.contract.RuleResult.Status;
import dev.floe.ingest.profile.ColumnProfile;
import dev.floe.ingest.profile.ProfileRange;
import dev.floe.ingest.profile.Profiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.datasketches.theta.Intersection;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.UpdateSketch;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Types;

/**
 * Answers a {@code unique} rule: no non-null key value twice among the rows the checked snapshot's
 * newest append added, and with {@code "scope": "table"} none of them already in the table below
 * that append. From the theta sketches when they are exact (fewer distinct values than the sketch's
 * 4,096 nominal entries, so it holds every value's hash: the count is exact but for a 64-bit hash
 * collision), reading no data; otherwise it reads the key column of the commit's rows (and, for the
 * table, of the rows in the key range of the commit) and says so in the message. Nulls and NaNs are
 * no key values. Deletes in the table's history leave only the data read.
 */
final class UniqueCheck {
  private static final int EXAMPLES = 3;
  private static final CompactSketch EMPTY = UpdateSketch.builder().build().compact();

  private final Table table;
  private final Snapshot snapshot;

  UniqueCheck(Table table, Snapshot snapshot) {
    this.table = table;
    this.snapshot = snapshot;
  }

  RuleResult check(ContractRule rule, Types.NestedField field) {
    if (!field.type().isPrimitiveType()) {
      return failed(rule, "column type " + field.type() + " is no key (primitive types only)");
    }
    Snapshot append = DriftChecks.newestAppend(table, snapshot);
    if (append == null) {
      return failed(rule, table.name() + " snapshot " + snapshot.snapshotId() + " has no append");
    }
    boolean tableScope = rule.sketch().scope() == SketchLimits.Scope.TABLE;
    String what = table.name() + " append " + append.snapshotId();
    CompactSketch mine = exactTheta(append.snapshotId(), field);
    if (mine != null) {
      ColumnProfile c =
          Profiles.of(table).atSnapshot(append.snapshotId()).columns().get(field.fieldId());
      long values = c.rows() - c.nulls() - c.nans();
      long repeats = values - mine.getRetainedEntries();
      if (repeats > 0 || !tableScope) {
        return result(rule, repeats == 0, within(what, values, repeats) + " (exact, from sketch)");
      }
      CompactSketch before = exactTableTheta(append, field, c);
      if (before != null) {
        Intersection both = SetOperation.builder().buildIntersection();
        both.intersect(mine);
        both.intersect(before);
        long shared = both.getResult().getRetainedEntries();
        return result(
            rule,
            shared == 0,
            within(what, values, 0)
                + ", "
                + count(shared)
                + " of them already in the table (exact, from sketches)");
      }
    }
    try {
      return fromData(rule, field, append, tableScope, what);
    } catch (RuntimeException e) {
      return failed(rule, what + ": cannot read the key column: " + e.getMessage());
    }
  }

  /** The commit's theta sketch of the column, when it holds every distinct value's hash. */
  private CompactSketch exactTheta(long appendId, Types.NestedField field) {
    try {
      ColumnProfile c = Profiles.of(table).atSnapshot(appendId).columns().get(field.fieldId());
      return c == null || c.theta() == null || c.theta().isEstimationMode() ? null : c.theta();
    } catch (IllegalStateException e) {
      return null; // no profile: the data answers
    }
  }

  /**
   * The table's theta before {@code append}, exact, over its whole history and of the commit's
   * column type, or null. A column the earlier profiles lack did not exist then: its rows hold no
   * key value.
   */
  private CompactSketch exactTableTheta(
      Snapshot append, Types.NestedField field, ColumnProfile commit) {
    if (append.parentId() == null) {
      return EMPTY;
    }
    try {
      ProfileRange range = Profiles.of(table).forRange(null, append.parentId());
      if (range.historyExpired()) {
        return null;
      }
      ColumnProfile c = range.profile().columns().get(field.fieldId());
      if (c == null) {
        return EMPTY;
      }
      // A widened column (int to long) hashed its older values in their narrower encoding: the
      // hashes of equal values differ, so only the data can tell.
      return c.theta() == null || c.theta().isEstimationMode() || !c.type().equals(commit.type())
          ? null
          : c.theta();
    } catch (IllegalStateException | IllegalArgumentException e) {
      return null; // a delete, or an append without a profile: the data answers
    }
  }

  private RuleResult fromData(
      ContractRule rule,
      Types.NestedField field,
      Snapshot append,
      boolean tableScope,
      String what) {
    Map<Object, Integer> counts = new HashMap<>();
    IcebergGenerics.ScanBuilder commit = IcebergGenerics.read(table).select(field.name());
    commit =
        append.parentId() == null
            ? commit.useSnapshot(append.snapshotId())
            : commit.appendsBetween(append.parentId(), append.snapshotId());
    long values = read(commit, field, counts, null);
    List<Object> repeated = new ArrayList<>();
    long repeats = 0;
    for (Map.Entry<Object, Integer> e : counts.entrySet()) {
      if (e.getValue() > 1) {
        repeats += e.getValue() - 1;
        repeated.add(e.getKey());
      }
    }
    String reads = "read column " + field.name() + " of the " + count(values) + " row(s) it added";
    if (repeats > 0 || !tableScope || counts.isEmpty()) {
      return result(
          rule,
          repeats == 0,
          within(what, values, repeats) + examples(field, repeated) + " (" + reads + ")");
    }
    // The whole table at the checked snapshot, in the commit's key range: every key of the commit
    // must appear there exactly as often as in the commit.
    IcebergGenerics.ScanBuilder whole =
        IcebergGenerics.read(table).select(field.name()).useSnapshot(snapshot.snapshotId());
    if (rangeFilters(field)) {
      Comparator<Object> order = comparator(field);
      whole =
          whole.where(
              Expressions.and(
                  Expressions.greaterThanOrEqual(
                      field.name(), counts.keySet().stream().min(order).orElseThrow()),
                  Expressions.lessThanOrEqual(
                      field.name(), counts.keySet().stream().max(order).orElseThrow())));
    }
    Map<Object, Integer> inTable = new HashMap<>();
    long scanned = read(whole, field, inTable, counts);
    List<Object> shared = new ArrayList<>();
    for (Map.Entry<Object, Integer> e : counts.entrySet()) {
      if (inTable.getOrDefault(e.getKey(), 0) > e.getValue()) {
        shared.add(e.getKey());
      }
    }
    return result(
        rule,
        shared.isEmpty(),
        within(what, values, 0)
            + ", "
            + count(shared.size())
            + " of them already in the table"
            + examples(field, shared)
            + " ("
            + reads
            + ", and "
            + count(scanned)
            + " row(s) of the table"
            + (rangeFilters(field) ? " in its key range)" : ")"));
  }

  /** Counts the column's non-null, non-NaN values (only those in {@code only}, when given). */
  private static long read(
      IcebergGenerics.ScanBuilder scan,
      Types.NestedField field,
      Map<Object, Integer> into,
      Map<Object, Integer> only) {
    long rows = 0;
    try (CloseableIterable<Record> records = scan.build()) {
      for (Record r : records) {
        Object v = key(r.getField(field.name()));
        if (v == null) {
          continue;
        }
        rows++;
        if (only == null || only.containsKey(v)) {
          into.merge(v, 1, Integer::sum);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** The value as a map key: text as String, bytes by content; null for null and NaN. */
  private static Object key(Object v) {
    if (v instanceof Double d && d.isNaN() || v instanceof Float f && f.isNaN()) {
      return null;
    }
    if (v instanceof CharSequence s) {
      return s.toString();
    }
    return v instanceof byte[] b ? ByteBuffer.wrap(b) : v;
  }

  /** Types whose generic values are their Iceberg literals, so the key range can prune files. */
  private static boolean rangeFilters(Types.NestedField field) {
    return switch (field.type().typeId()) {
      case INTEGER, LONG, FLOAT, DOUBLE, STRING, DECIMAL -> true;
      default -> false;
    };
  }

  @SuppressWarnings("unchecked")
  private static Comparator<Object> comparator(Types.NestedField field) {
    return (Comparator<Object>) (Comparator<?>) Comparators.forType(field.type().asPrimitiveType());
  }

  private static String within(String what, long values, long repeats) {
    return String.format(
        Locale.ROOT,
        "%s: %,d non-null key value(s), %,d repeated within the commit",
        what,
        values,
        repeats);
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String examples(Types.NestedField field, List<Object> values) {
    if (values.isEmpty()) {
      return "";
    }
    List<String> shown = values.stream().limit(EXAMPLES).map(v -> field.name() + "=" + v).toList();
    return " (e.g. " + String.join(", ", shown) + ")";
  }

  private static RuleResult result(ContractRule rule, boolean ok, String message) {
    return new RuleResult(rule, ok ? Status.PASSED : Status.FAILED, message);
  }

  private static RuleResult failed(ContractRule rule, String message) {
    return new RuleResult(rule, Status.FAILED, message);
  }
}
