package dev.floe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.MlEvents;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.timetravel.Split;
import dev.floe.timetravel.TimeTravel;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The split function on Spark's executors puts every row in the part Floe's reader does. */
@ExtendWith(LocalSpark.class)
class SameSplitTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();

  @Test
  void sparkExecutorsPutEveryRowInFloesPart() throws Exception {
    Table table =
        temp.floe()
            .tables()
            .createIfAbsent("db.events", MlEvents.SCHEMA, PartitionSpec.unpartitioned());
    OffsetDateTime start = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    GenericData.append(
        table,
        "main",
        FileFormat.PARQUET,
        LongStream.range(0, 300)
            .mapToObj(id -> MlEvents.row(table.schema(), id, id % 3, start, null, null))
            .toList());
    Split split = Split.by("id").train(0.6).validation(0.2).test(0.2).seed(7).build();

    Set<Long> floe = new HashSet<>();
    try (CloseableIterable<Record> rows =
        TimeTravel.read(table).split(split, Split.Part.VALIDATION).records()) {
      rows.forEach(row -> floe.add((Long) row.getField("id")));
    }
    List<Long> spark = new ArrayList<>();
    LocalSpark.sql(
            SparkCatalogs.settings(temp.floe().config()),
            "SELECT id FROM floe.db.events WHERE floe_split_position(7L, id) >= 0.6"
                + " AND floe_split_position(7L, id) < 0.8")
        .forEach(row -> spark.add((Long) row.get(0)));

    assertThat(floe).hasSizeBetween(30, 90);
    assertThat(spark).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(floe);
  }
}
