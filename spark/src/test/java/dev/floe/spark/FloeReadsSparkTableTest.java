package dev.floe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Floe reads, pins, verifies and rehydrates what Spark wrote, merge-on-read deletes included. */
@ExtendWith(LocalSpark.class)
class FloeReadsSparkTableTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path runs;

  @Test
  void floePinsVerifiesAndRehydratesASparkTableWithPositionDeletes() throws Exception {
    List<Object> sparkTotals =
        sql(
                "CREATE NAMESPACE IF NOT EXISTS floe.db",
                "CREATE TABLE floe.db.sparky (id bigint NOT NULL, amount double,"
                    + " embedding array<float>) USING iceberg TBLPROPERTIES ('format-version'='2',"
                    + " 'write.delete.mode'='merge-on-read')",
                "INSERT INTO floe.db.sparky SELECT id, id * 1.5,"
                    + " array(cast(id AS float), cast(-id AS float)) FROM range(0, 100, 1, 2)",
                "DELETE FROM floe.db.sparky WHERE id % 10 = 0",
                "SELECT count(*), sum(amount) FROM floe.db.sparky")
            .get(0);
    Floe floe = temp.floe();
    Table table = floe.tables().load("db.sparky");
    List<DeleteFile> deletes = new ArrayList<>();
    table.currentSnapshot().addedDeleteFiles(table.io()).forEach(deletes::add);
    assertThat(deletes).isNotEmpty().allMatch(d -> d.content() == FileContent.POSITION_DELETES);

    List<Long> ids = new ArrayList<>();
    double amount = 0;
    try (CloseableIterable<Record> rows = TimeTravel.read(table).records()) {
      for (Record row : rows) {
        ids.add((Long) row.getField("id"));
        amount += (Double) row.getField("amount");
      }
    }
    assertThat(ids).hasSize(90).noneMatch(id -> id % 10 == 0);
    assertThat(List.of((long) ids.size(), amount)).isEqualTo(sparkTotals);

    Path lockFile = runs.resolve("floe.lock.json");
    TrainingLock lock = TimeTravel.pin(floe, "db.sparky").writeTo(lockFile);
    // Spark moves the table on; the lock still holds the 90 rows it pinned.
    sql("DELETE FROM floe.db.sparky WHERE id < 50");
    assertThat(count()).isEqualTo(45L);

    assertThat(TimeTravel.verify(floe, LockFile.read(lockFile)).problems()).isEmpty();
    assertThat(TimeTravel.verifyDeep(floe, lock).problems()).isEmpty();
    assertThat(TimeTravel.rehydrate(floe, lock).writeParquet(runs.resolve("part.parquet")))
        .isEqualTo(90);
  }

  private Object count() {
    return sql("SELECT count(*) FROM floe.db.sparky").get(0).get(0);
  }

  private List<List<Object>> sql(String... statements) {
    return LocalSpark.sql(SparkCatalogs.settings(temp.floe().config()), statements);
  }
}
