package dev.floe.ingest.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import dev.floe.ingest.profile.Samples;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sketch rules ({@code distinct}, {@code unique}, {@code quantiles}, {@code frequent_items}) on
 * a real profiled table of seeded samples: ids 0..n-1, scores normal(0, 1), categories click 0.4,
 * view 0.3, cart 0.2, buy 0.1 (see {@link Samples}).
 */
class ContractSketchRulesTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Table table;
  private long sequence;

  @BeforeEach
  void create() {
    table =
        temp.floe()
            .tables()
            .createIfAbsent("ml.samples", Samples.SCHEMA, PartitionSpec.unpartitioned());
  }

  private long append(List<Record> rows) {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").profile(true).build()) {
      long id = writer.append(Batch.of(++sequence, Samples.SCHEMA, rows)).snapshotId();
      table.refresh();
      return id;
    }
  }

  /** Samples with ids from {@code firstId}. */
  private static List<Record> rows(long seed, int count, long firstId, String dropped) {
    List<Record> rows = Samples.rows(seed, count, 0, 0, dropped);
    for (int i = 0; i < rows.size(); i++) {
      rows.get(i).setField("id", firstId + i);
    }
    return rows;
  }

  private RuleResult check(String rule) {
    return Contract.parse("{\"rules\": [" + rule + "]}", "c").check(table).get().results().get(0);
  }

  @Test
  void distinctCountsAndRatiosComeFromTheThetaSketchWithItsErrorStated() {
    long id = append(rows(1, 10_000, 0, null));

    RuleResult categories =
        check("{\"rule\": \"distinct\", \"column\": \"category\", \"min\": 4, \"max\": 4}");
    RuleResult ids = check("{\"rule\": \"distinct\", \"column\": \"id\", \"min_ratio\": 0.95}");
    RuleResult tooFew = check("{\"rule\": \"distinct\", \"column\": \"category\", \"min\": 10}");

    assertThat(categories.status()).isEqualTo(RuleResult.Status.PASSED);
    assertThat(categories.message())
        .isEqualTo(
            "floe.ml.samples append "
                + id
                + ": 4 distinct of 10,000 non-null values (ratio 0.0004; exact: the theta sketch"
                + " holds every value's hash), expected count [4.0, 4.0]");
    // 10,000 ids overflow the sketch (4,096 nominal entries): an estimate, with its bounds.
    assertThat(ids.status()).isEqualTo(RuleResult.Status.PASSED);
    assertThat(ids.message()).contains("theta estimate, 95% bounds ").endsWith("ratio [0.95, inf]");
    assertThat(tooFew.status()).isEqualTo(RuleResult.Status.FAILED);
    assertThat(tooFew.blocks()).isTrue();
    assertThat(tooFew.rule().label()).isEqualTo("distinct(category)");
    assertThat(tooFew.message()).contains("4 distinct of 10,000").endsWith("count [10.0, inf]");
  }

  @Test
  void distinctOverTheTableMergesEveryAppend() {
    append(rows(1, 1_000, 0, null));
    append(rows(2, 1_000, 1_000, null));

    RuleResult commit = check("{\"rule\": \"distinct\", \"column\": \"id\", \"max\": 1000}");
    RuleResult whole =
        check("{\"rule\": \"distinct\", \"column\": \"id\", \"max\": 1000, \"scope\": \"table\"}");

    assertThat(commit.status()).isEqualTo(RuleResult.Status.PASSED);
    assertThat(whole.status()).isEqualTo(RuleResult.Status.FAILED);
    assertThat(whole.message()).contains("(table, over 2 append(s)): 2,000 distinct of 2,000");
  }

  @Test
  void uniqueKeysPassAndRepeatsFailExactlyFromTheSketchWhenItHoldsEveryValue() {
    append(rows(1, 1_000, 0, null));
    assertThat(check("{\"rule\": \"unique\", \"column\": \"id\"}").status())
        .isEqualTo(RuleResult.Status.PASSED);

    List<Record> repeated = rows(2, 1_000, 5_000, null);
    repeated.get(7).setField("id", 5_003L);
    repeated.get(8).setField("id", 5_003L);
    long id = append(repeated);

    RuleResult result = check("{\"rule\": \"unique\", \"column\": \"id\"}");
    assertThat(result.status()).isEqualTo(RuleResult.Status.FAILED);
    assertThat(result.message())
        .isEqualTo(
            "floe.ml.samples append "
                + id
                + ": 1,000 non-null key value(s), 2 repeated within the commit (exact, from"
                + " sketch)");
  }

  @Test
  void uniqueReadsTheKeyColumnWhenTheSketchEstimatesAndSaysSo() {
    List<Record> repeated = rows(1, 10_000, 0, null);
    repeated.get(9_999).setField("id", 42L);
    append(repeated);

    RuleResult result = check("{\"rule\": \"unique\", \"column\": \"id\"}");

    assertThat(result.status()).isEqualTo(RuleResult.Status.FAILED);
    assertThat(result.message())
        .contains("10,000 non-null key value(s), 1 repeated within the commit (e.g. id=42)")
        .endsWith("(read column id of the 10,000 row(s) it added)");
  }

  @Test
  void uniqueAgainstTheTableFailsOnAKeyAnEarlierAppendHad() {
    append(rows(1, 1_000, 0, null));
    append(rows(2, 1_000, 1_000, null));
    String rule = "{\"rule\": \"unique\", \"column\": \"id\", \"scope\": \"table\"}";
    RuleResult fresh = check(rule);
    append(rows(3, 1_000, 1_990, null)); // 1,990..1,999 are in the table already

    RuleResult overlapping = check(rule);

    assertThat(fresh.status()).isEqualTo(RuleResult.Status.PASSED);
    assertThat(fresh.message()).endsWith("0 of them already in the table (exact, from sketches)");
    assertThat(overlapping.status()).isEqualTo(RuleResult.Status.FAILED);
    assertThat(overlapping.message())
        .endsWith("10 of them already in the table (exact, from sketches)");
    // Within the commit alone the same keys are unique.
    assertThat(check("{\"rule\": \"unique\", \"column\": \"id\"}").status())
        .isEqualTo(RuleResult.Status.PASSED);
  }

  @Test
  void uniqueAgainstALargeTableReadsTheCommitsKeyRange() {
    append(rows(1, 10_000, 0, null));
    append(rows(2, 10_000, 9_998, null));

    RuleResult result = check("{\"rule\": \"unique\", \"column\": \"id\", \"scope\": \"table\"}");

    assertThat(result.status()).isEqualTo(RuleResult.Status.FAILED);
    assertThat(result.message())
        .contains("2 of them already in the table (e.g. id=")
        .contains("read column id of the 10,000 row(s) it added, and ")
        .endsWith("row(s) of the table in its key range)");
  }

  @Test
  void uniqueAgainstATableWhoseKeyWasWidenedReadsTheData() {
    Schema narrow = new Schema(Types.NestedField.required(1, "key", Types.IntegerType.get()));
    Table keys =
        temp.floe().tables().createIfAbsent("ml.keys", narrow, PartitionSpec.unpartitioned());
    write(keys, narrow, 0, 100);
    keys.updateSchema().updateColumn("key", Types.LongType.get()).commit();
    // Equal values hash differently as int and as long: the sketches cannot be intersected.
    write(keys, keys.schema(), 50, 150);

    RuleResult result =
        Contract.parse(
                "{\"rules\": [{\"rule\": \"unique\", \"column\": \"key\", \"scope\":"
                    + " \"table\"}]}",
                "c")
            .check(keys)
            .get()
            .results()
            .get(0);

    assertThat(result.status()).isEqualTo(RuleResult.Status.FAILED);
    assertThat(result.message())
        .contains("50 of them already in the table")
        .contains("read column");
  }

  private void write(Table target, Schema schema, long from, long to) {
    List<Record> rows = new ArrayList<>();
    for (long v = from; v < to; v++) {
      Record row = GenericRecord.create(schema);
      row.set(0, schema.findType("key").typeId() == Type.TypeID.INTEGER ? (Object) (int) v : v);
      rows.add(row);
    }
    try (TableWriter writer = TableWriter.forTable(target).producerId("k").profile(true).build()) {
      writer.append(Batch.of(++sequence, schema, rows));
    }
    target.refresh();
  }

  @Test
  void quantilesWithinBoundsPassAndOutsideFailNamingTheQuantile() {
    append(rows(1, 5_000, 0, null));

    RuleResult median =
        check(
            "{\"rule\": \"quantiles\", \"column\": \"score\", \"p50\": {\"min\": -0.1, \"max\":"
                + " 0.1}, \"p99.9\": {\"min\": 2}}");
    RuleResult tail =
        check(
            "{\"rule\": \"quantiles\", \"column\": \"score\", \"p50\": {\"max\": 1},"
                + " \"p99\": {\"max\": 2.0}}");
    RuleResult text =
        check("{\"rule\": \"quantiles\", \"column\": \"category\", \"p50\": {\"max\": 1}}");

    assertThat(median.status()).as(median.message()).isEqualTo(RuleResult.Status.PASSED);
    assertThat(tail.status()).isEqualTo(RuleResult.Status.FAILED);
    // The broken quantile comes first, with the sketch's bounds and rank error.
    assertThat(tail.message())
        .containsPattern(
            ": p99 2\\.\\d+ \\(between \\S+ and \\S+\\) expected \\[-inf, 2\\.0\\], p50")
        .containsPattern("KLL over 5,000 values, rank error \\d\\.\\d\\d%");
    assertThat(text.status()).isEqualTo(RuleResult.Status.FAILED);
    assertThat(text.message()).contains("column type string keeps no quantiles");
  }

  @Test
  void frequentItemsCheckAllowedRequiredAndShares() {
    append(rows(1, 5_000, 0, "buy"));

    RuleResult ok =
        check(
            "{\"rule\": \"frequent_items\", \"column\": \"category\", \"allowed\": [\"click\","
                + " \"view\", \"cart\", \"buy\"], \"required\": [\"click\"], \"share\":"
                + " {\"click\": {\"min\": 0.35, \"max\": 0.55}}}");
    RuleResult narrow =
        check(
            "{\"rule\": \"frequent_items\", \"column\": \"category\", \"allowed\": [\"click\","
                + " \"view\"]}");
    RuleResult topTwo =
        check(
            "{\"rule\": \"frequent_items\", \"column\": \"category\", \"allowed\": [\"click\","
                + " \"view\"], \"top\": 2}");
    RuleResult missing =
        check(
            "{\"rule\": \"frequent_items\", \"column\": \"category\", \"required\": [\"buy\"],"
                + " \"severity\": \"warn\"}");

    assertThat(ok.status()).as(ok.message()).isEqualTo(RuleResult.Status.PASSED);
    assertThat(ok.message()).contains("counts exact");
    assertThat(narrow.status()).isEqualTo(RuleResult.Status.FAILED);
    assertThat(narrow.message()).containsPattern("values not allowed: cart \\(share 0\\.2\\d+\\)");
    assertThat(topTwo.status()).isEqualTo(RuleResult.Status.PASSED);
    assertThat(missing.status()).isEqualTo(RuleResult.Status.FAILED);
    assertThat(missing.blocks()).isFalse();
    assertThat(missing.message()).contains("required \"buy\" absent");
  }
}
