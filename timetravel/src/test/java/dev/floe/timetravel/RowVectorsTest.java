package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.columnar.ArrowLayout;
import dev.floe.columnar.RowAppender;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compare.VectorEqualsVisitor;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The row path copies records into Arrow with columnar's {@link RowAppender}: the vectors must hold
 * exactly the values the records hold, as the content digest sees them.
 */
class RowVectorsTest {
  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  @Test
  void appenderAndTimetravelsOwnWritersGiveEqualVectorsForEveryType() {
    Schema schema = EveryTypeRows.ALL;
    List<Record> rows = EveryTypeRows.of(schema, 3000, 11);
    try (VectorSchemaRoot expected = VectorSchemaRoot.create(ArrowLayout.of(schema), allocator);
        VectorSchemaRoot actual = VectorSchemaRoot.create(ArrowLayout.of(schema), allocator)) {
      List<ArrowWriters.ValueWriter> writers = ArrowBatches.writers(schema, expected);
      expected.allocateNew();
      for (int row = 0; row < rows.size(); row++) {
        for (int c = 0; c < writers.size(); c++) {
          writers.get(c).write(row, rows.get(row).get(c));
        }
      }
      expected.setRowCount(rows.size());
      RowAppender appender = RowAppender.into(actual, schema);
      rows.forEach(appender::append);
      appender.finish();

      assertThat(actual.getRowCount()).isEqualTo(3000);
      for (int c = 0; c < schema.columns().size(); c++) {
        FieldVector vector = actual.getVector(c);
        if (schema.columns().get(c).isOptional()) {
          assertThat(vector.getNullCount()).as(vector.getName()).isBetween(1, 2999);
        }
        assertThat(VectorEqualsVisitor.vectorEquals(vector, expected.getVector(c)))
            .as(vector.getName())
            .isTrue();
      }
    }
  }

  @Test
  void appendedVectorsDigestAsTheRecordsDo() {
    Schema schema = EveryTypeRows.DIGESTED;
    List<Type> types = schema.columns().stream().map(Types.NestedField::type).toList();
    assertThat(types).allMatch(ContentDigest::digestsVectorsOf);
    List<Record> rows = EveryTypeRows.of(schema, 5000, 7);
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
        root.getFieldVectors().forEach(FieldVector::reset);
        root.setRowCount(0);
        appender = RowAppender.into(root, schema);
      }
    }

    assertThat(fromVectors.hex()).isEqualTo(fromRecords.hex());
    ContentDigest other = new ContentDigest();
    new ArrayList<>(rows.subList(1, rows.size())).forEach(other::update);
    assertThat(other.hex()).isNotEqualTo(fromRecords.hex());
  }
}
