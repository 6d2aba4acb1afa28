package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.RandomRows;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.columnar.ArrowLayout;
import dev.floe.columnar.RowAppender;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compare.VectorEqualsVisitor;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The row path copies records into Arrow with columnar's {@link RowAppender}: its vectors must be
 * the vectorized paths' to the bit, and hold exactly the values the records hold, as the content
 * digest sees them. (Before timetravel's own copy of the appender went, a third test found its
 * vectors equal to the appender's for every type.)
 */
class RowVectorsTest {
  // Every type but those a vectorized path leaves to the row path: decimals, uuids, fixed, lists
  // of structs.
  private static final String[] DECODED = {
    "id",
    "flag",
    "count",
    "big",
    "ratio",
    "score",
    "weight",
    "day",
    "at",
    "ts",
    "tstz",
    "name",
    "blob",
    "point",
    "tags",
    "embedding",
    "attrs",
    "user-id",
    "scores"
  };

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
  }

  @Test
  void rowPathGivesTheVectorizedPathsVectorsForEveryType() {
    Table table =
        floe.tables()
            .createIfAbsent("db.every", RandomRows.everyType(), PartitionSpec.unpartitioned());
    TestEvents.append(table, FileFormat.PARQUET, RandomRows.of(table.schema(), 3000, 11));
    TestEvents.append(table, FileFormat.ORC, RandomRows.of(table.schema(), 2000, 12));

    // One batch per file on both paths, so the batches line up.
    try (ArrowBatches fast =
            TimeTravel.read(table).select(DECODED).batchSize(4096).arrow(allocator);
        ArrowBatches rows =
            TimeTravel.read(table)
                .select(DECODED)
                .batchSize(4096)
                .vectorized(false)
                .arrow(allocator)) {
      Iterator<VectorSchemaRoot> vectorized = fast.iterator();
      int batches = 0;
      for (VectorSchemaRoot expected : rows) {
        VectorSchemaRoot actual = vectorized.next();
        assertThat(actual.getRowCount()).isEqualTo(expected.getRowCount());
        for (int c = 0; c < DECODED.length; c++) {
          FieldVector vector = expected.getVector(c);
          if (table.schema().findField(DECODED[c]).isOptional()) {
            assertThat(vector.getNullCount()).as(vector.getName()).isPositive();
          }
          assertThat(VectorEqualsVisitor.vectorEquals(vector, actual.getVector(c)))
              .as("%s in batch %s", vector.getName(), batches)
              .isTrue();
        }
        batches++;
      }
      assertThat(vectorized.hasNext()).isFalse();
      assertThat(batches).isEqualTo(2);
      assertThat(fast.vectorizedFiles()).isEqualTo(2);
      assertThat(rows.vectorizedFiles()).isZero();
    }
  }

  @Test
  void appendedVectorsDigestAsTheRecordsDo() {
    Schema schema =
        new Schema(
            RandomRows.everyType().columns().stream()
                .filter(column -> ContentDigest.digestsVectorsOf(column.type()))
                .toList());
    assertThat(schema.columns())
        .extracting(Types.NestedField::name)
        .contains("price", "huge", "uid", "tstz", "blob", "point", "embedding", "attrs");
    List<Type> types = schema.columns().stream().map(Types.NestedField::type).toList();
    List<Record> rows = RandomRows.of(schema, 5000, 7);
    ContentDigest fromRecords = new ContentDigest();
    rows.forEach(fromRecords::update);

    ContentDigest fromVectors = new ContentDigest();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(schema), allocator)) {
      RowAppender appender = RowAppender.into(root, schema);
      // In batches, as the row path reads: the appender starts over on emptied vectors.
      for (int from = 0; from < rows.size(); from += 700) {
        for (Record row : rows.subList(from, Math.min(rows.size(), from + 700))) {
          appender.append(row);
        }
        fromVectors.update(appender.finish(), types);
        appender.reset();
      }
    }

    assertThat(fromVectors.hex()).isEqualTo(fromRecords.hex());
    ContentDigest other = new ContentDigest();
    new ArrayList<>(rows.subList(1, rows.size())).forEach(other::update);
    assertThat(other.hex()).isNotEqualTo(fromRecords.hex());
  }
}
