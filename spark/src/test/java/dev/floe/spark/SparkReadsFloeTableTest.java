package dev.floe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.MlEvents;
import dev.floe.catalog.testing.TempWarehouse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Spark, through the settings of {@link SparkCatalogs}, sees exactly what Floe wrote. */
@ExtendWith(LocalSpark.class)
class SparkReadsFloeTableTest {
  private static final OffsetDateTime START =
      OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Table table;
  private long firstSnapshot;

  @BeforeEach
  void writeWithFloe() {
    table =
        temp.floe()
            .tables()
            .createIfAbsent(
                "db.events",
                MlEvents.SCHEMA,
                PartitionSpec.builderFor(MlEvents.SCHEMA).bucket("user_id", 2).build());
    firstSnapshot = GenericData.append(table, "main", FileFormat.PARQUET, rows(0, 20));
    table.manageSnapshots().createTag("v1", firstSnapshot).commit();
    table.updateSchema().addColumn("score", Types.DoubleType.get()).commit();
    long evolved = GenericData.append(table, "main", FileFormat.ORC, rows(20, 30));
    table.manageSnapshots().createBranch("dev", evolved).commit();
    GenericData.append(table, "dev", FileFormat.PARQUET, rows(100, 105));
  }

  @Test
  void sparkReadsCountsSumsEvolvedAndListColumns() {
    List<Object> totals =
        sql("SELECT count(*), sum(amount), count(score), sum(score), count(embedding)"
                + " FROM floe.db.events")
            .get(0);

    assertThat(totals)
        .containsExactly(
            30L,
            LongStream.range(0, 30).sum() * 1.5,
            10L,
            LongStream.range(20, 30).sum() * 2.0,
            LongStream.range(0, 30).filter(id -> id % 9 != 4).count());
    assertThat(sql("SELECT embedding FROM floe.db.events WHERE id = 8"))
        .containsExactly(Collections.singletonList(Arrays.asList(4f, -2f, null)));
    assertThat(sql("SELECT embedding FROM floe.db.events WHERE id = 4"))
        .containsExactly(Collections.singletonList(null));
  }

  @Test
  void sparkReadsABranchAndATag() {
    assertThat(count("floe.db.events VERSION AS OF 'v1'")).isEqualTo(20L);
    assertThat(count("floe.db.events VERSION AS OF " + firstSnapshot)).isEqualTo(20L);
    assertThat(count("floe.db.events.branch_dev")).isEqualTo(35L);
    assertThat(count("floe.db.events.branch_dev WHERE id >= 100")).isEqualTo(5L);
    assertThat(count("floe.db.events")).isEqualTo(30L);
  }

  private List<List<Object>> sql(String statement) {
    return LocalSpark.sql(SparkCatalogs.settings(temp.floe().config()), statement);
  }

  private Object count(String from) {
    return sql("SELECT count(*) FROM " + from).get(0).get(0);
  }

  private List<Record> rows(long from, long to) {
    Schema schema = table.schema();
    return LongStream.range(from, to)
        .mapToObj(
            id -> {
              Record row =
                  MlEvents.row(
                      schema,
                      id,
                      id % 5,
                      START.plusSeconds(id),
                      "label-" + id,
                      id % 9 == 4
                          ? null
                          : Arrays.asList(id * 0.5f, -id * 0.25f, id % 4 == 0 ? null : 1f));
              if (schema.findField("score") != null) {
                row.setField("score", id * 2.0);
              }
              return row;
            })
        .toList();
  }
}
