package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.SchemaEvolutionException;
import dev.floe.catalog.testing.TempWarehouse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code floe.column.<name>.dimension}: list lengths checked for map, Record and Arrow rows. */
class ListDimensionTest {
  private static final String KEY = "floe.column.embedding.dimension";

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private Table table;
  private Table dead;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.createUnpartitioned(floe);
    dead =
        floe.tables().createIfAbsent("ml.dead", DeadLetter.SCHEMA, PartitionSpec.unpartitioned());
  }

  @Test
  void mapRowsOfAnotherLengthBecomeDeadLettersNamingColumnAndLengths() {
    table.updateProperties().set(KEY, "2").commit();
    try (TableWriter writer = lettered()) {
      AppendResult result =
          writer.append(
              Batch.ofRows(
                  0, List.of(row(1, List.of(1, 2)), row(2, List.of(1, 2, 3)), row(3, null))));
      assertThat(result.rows()).isEqualTo(2);
      assertThat(result.deadLettered()).isEqualTo(1);
    }
    assertThat(Events.ids(Events.read(table))).containsExactlyInAnyOrder(1L, 3L);
    Record letter = Events.read(dead).get(0);
    assertThat(letter.getField("column_name")).isEqualTo("embedding");
    assertThat(letter.getField("reason").toString())
        .isEqualTo(
            "Cannot append batch 0 of producer p: row 1 column 'embedding' has length 3 but the"
                + " table declares dimension 2 (floe.column.embedding.dimension)");
  }

  @Test
  void recordRowsOfAnotherLengthFailTheBatchWithoutDeadLetters() {
    table.updateProperties().set(KEY, "3").commit();
    Batch batch = Events.batch(0, 0, 4); // embeddings of three floats
    List<Record> records = new ArrayList<>(batch.records());
    records.get(2).setField("embedding", List.of(1f, 2f));
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      assertThatThrownBy(() -> writer.append(Batch.of(0, Events.SCHEMA, records)))
          .isInstanceOf(SchemaEvolutionException.class)
          .hasMessage(
              "Cannot append batch 0 of producer p: row 2 column 'embedding' has length 2 but the"
                  + " table declares dimension 3 (floe.column.embedding.dimension)");
      assertThat(writer.append(Events.batch(1, 0, 4)).rows()).isEqualTo(4);
    }
    assertThat(Events.read(table)).hasSize(4);
  }

  @Test
  void arrowRowsAreCheckedLikeMapRows() {
    Table arrow =
        floe.tables()
            .createIfAbsent("ml.arrow", ArrowRoots.ALL_TYPES, PartitionSpec.unpartitioned());
    arrow.updateProperties().set(KEY, "2").commit();
    BufferAllocator allocator = temp.resource(BufferAllocator.class);
    try (VectorSchemaRoot root = ArrowRoots.allTypes(allocator, 2);
        TableWriter writer = TableWriter.forTable(arrow).producerId("p").build()) {
      assertThatThrownBy(() -> writer.append(Batch.ofArrow(0, root)))
          .hasMessageContaining("row 0 column 'embedding' has length 3 but the table declares");
    }
    arrow.refresh();
    assertThat(arrow.currentSnapshot()).isNull();
  }

  @Test
  void aDimensionMustNameAListColumnAndBeAPositiveWholeNumber() {
    table.updateProperties().set("floe.column.label.dimension", "4").commit();
    assertThatThrownBy(() -> TableWriter.forTable(table).producerId("p").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid floe.column.label.dimension of table %s: it names no top-level list column",
            table.name());
    table.updateProperties().remove("floe.column.label.dimension").set(KEY, "-1").commit();
    assertThatThrownBy(() -> TableWriter.forTable(table).producerId("p").build())
        .hasMessage("Invalid %s of table %s: -1 (must be a whole number > 0)", KEY, table.name());
  }

  private TableWriter lettered() {
    return TableWriter.forTable(table).producerId("p").deadLetter(DeadLetter.table(dead)).build();
  }

  private static Map<String, Object> row(long id, List<Integer> embedding) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("embedding", embedding);
    return row;
  }
}
