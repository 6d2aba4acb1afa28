package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.SchemaEvolutionException;
import dev.floe.catalog.testing.TempWarehouse;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SchemaEvolutionTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.create(floe);
  }

  @Test
  void addColumnsPolicyAddsOptionalColumnAtomically() {
    Schema wider =
        Events.withColumn(Events.SCHEMA, Types.NestedField.optional(99, "country", string()));
    int metadataFiles = metadata().previousFiles().size();
    try (TableWriter writer = writer(EvolutionPolicy.ADD_COLUMNS)) {
      AppendResult result = writer.append(batch(5, wider, Map.of("country", "NL")));

      assertThat(result.schemaEvolved()).isTrue();
      table.refresh();
      Types.NestedField country = table.schema().findField("country");
      assertThat(country.isOptional()).isTrue();
      assertThat(country.type()).isEqualTo(string());
      // One metadata commit holds both the new schema and the snapshot that uses it.
      assertThat(metadata().previousFiles()).hasSize(metadataFiles + 1);
      assertThat(table.currentSnapshot().schemaId()).isEqualTo(table.schema().schemaId());
      assertThat(Events.read(table)).extracting(r -> r.getField("country")).containsOnly("NL");
    }
  }

  @Test
  void failedBatchLeavesSchemaUnchanged() {
    Schema wider =
        Events.withColumn(Events.SCHEMA, Types.NestedField.optional(99, "country", string()));
    Record bad = row(wider, 1, Map.of("country", "NL"));
    bad.setField("id", null);
    try (TableWriter writer = writer(EvolutionPolicy.ADD_COLUMNS)) {
      assertThatThrownBy(() -> writer.append(Batch.of(0, wider, List.of(bad))))
          .isInstanceOf(SchemaEvolutionException.class)
          .hasMessageContaining("row 0 column 'id' is null");
    }
    table.refresh();
    assertThat(table.schema().findField("country")).isNull();
    assertThat(table.currentSnapshot()).isNull();
  }

  @Test
  void addsFieldInsideNestedStruct() {
    Table nested = Events.createDevices(floe);
    Schema wider =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(
                2,
                "device",
                Types.StructType.of(
                    Types.NestedField.optional(3, "os", string()),
                    Types.NestedField.optional(4, "model", string()))));
    Record record = GenericRecord.create(wider);
    record.setField("id", 1L);
    Record device = GenericRecord.create(wider.findType("device").asStructType());
    device.setField("os", "linux");
    device.setField("model", "x1");
    record.setField("device", device);
    try (TableWriter writer =
        TableWriter.forTable(nested)
            .producerId("p")
            .evolution(EvolutionPolicy.ADD_COLUMNS)
            .build()) {
      writer.append(Batch.of(0, wider, List.of(record)));
    }
    nested.refresh();
    assertThat(nested.schema().findField("device.model")).isNotNull();
    Record read = (Record) Events.read(nested).get(0).getField("device");
    assertThat(read.getField("model")).isEqualTo("x1");
  }

  @Test
  void strictPolicyRejectsExtraColumn() {
    Schema wider =
        Events.withColumn(Events.SCHEMA, Types.NestedField.optional(99, "country", string()));
    assertRejected(
        EvolutionPolicy.STRICT,
        batch(7, wider, Map.of("country", "NL")),
        "Cannot append batch 7 of producer p: column 'country' is not in the table"
            + " (policy STRICT does not add columns)");
  }

  @Test
  void rejectsNewRequiredColumn() {
    Schema wider =
        Events.withColumn(Events.SCHEMA, Types.NestedField.required(99, "country", string()));
    assertRejected(
        EvolutionPolicy.ADD_AND_WIDEN,
        batch(1, wider, Map.of("country", "NL")),
        "Cannot append batch 1 of producer p: column 'country' is new and required"
            + " (new columns must be optional)");
  }

  @Test
  void rejectsMissingRequiredColumn() {
    Schema noId = new Schema(Events.SCHEMA.columns().subList(1, Events.SCHEMA.columns().size()));
    assertRejected(
        EvolutionPolicy.ADD_AND_WIDEN,
        batch(2, noId, Map.of()),
        "Cannot append batch 2 of producer p: column 'id' is required but missing");
  }

  @Test
  void writesMissingOptionalColumnsAsNull() {
    Schema idOnly = new Schema(Events.SCHEMA.findField("id"));
    try (TableWriter writer = writer(EvolutionPolicy.STRICT)) {
      writer.append(batch(0, idOnly, Map.of()));
    }
    Record read = Events.read(table).get(0);
    assertThat(read.getField("id")).isEqualTo(1L);
    assertThat(read.getField("label")).isNull();
  }

  @Test
  void acceptsOptionalBatchColumnForRequiredTableColumnWithoutNulls() {
    Schema optionalId =
        Events.replace(Events.SCHEMA, Types.NestedField.optional(1, "id", long64()));
    try (TableWriter writer = writer(EvolutionPolicy.STRICT)) {
      assertThat(writer.append(batch(0, optionalId, Map.of())).rows()).isEqualTo(1);
    }
  }

  @Test
  void rejectsIncompatibleTypeChange() {
    Schema stringAmount =
        Events.replace(Events.SCHEMA, Types.NestedField.optional(4, "amount", string()));
    assertRejected(
        EvolutionPolicy.ADD_AND_WIDEN,
        batch(7, stringAmount, Map.of("amount", "12.50")),
        "Cannot append batch 7 of producer p: column 'amount' has type string, table has double"
            + " (incompatible type change)");
  }

  @Test
  void widensIntToLongUnderAddAndWiden() {
    Schema ints = new Schema(Types.NestedField.optional(1, "clicks", Types.IntegerType.get()));
    Table counts = floe.tables().createIfAbsent("ml.counts", ints, PartitionSpec.unpartitioned());
    Schema longs = new Schema(Types.NestedField.optional(1, "clicks", long64()));
    try (TableWriter writer =
        TableWriter.forTable(counts)
            .producerId("p")
            .evolution(EvolutionPolicy.ADD_AND_WIDEN)
            .build()) {
      writer.append(oneRow(0, ints, "clicks", 7));
      AppendResult result = writer.append(oneRow(1, longs, "clicks", 1L << 40));
      assertThat(result.schemaEvolved()).isTrue();
    }
    counts.refresh();
    assertThat(counts.schema().findType("clicks")).isEqualTo(long64());
    assertThat(Events.read(counts))
        .extracting(r -> r.getField("clicks"))
        .containsExactlyInAnyOrder(7L, 1L << 40);
  }

  @Test
  void rejectsWideningUnderAddColumns() {
    Schema ints = new Schema(Types.NestedField.optional(1, "clicks", Types.IntegerType.get()));
    Table counts = floe.tables().createIfAbsent("ml.counts", ints, PartitionSpec.unpartitioned());
    Schema longs = new Schema(Types.NestedField.optional(1, "clicks", long64()));
    try (TableWriter writer =
        TableWriter.forTable(counts)
            .producerId("p")
            .evolution(EvolutionPolicy.ADD_COLUMNS)
            .build()) {
      assertThatThrownBy(() -> writer.append(oneRow(0, longs, "clicks", 1L)))
          .isInstanceOf(SchemaEvolutionException.class)
          .hasMessageContaining("column 'clicks' has type long, table has int")
          .hasMessageContaining("widening needs policy ADD_AND_WIDEN");
    }
  }

  @Test
  void rejectsNarrowing() {
    Schema intIds =
        Events.replace(Events.SCHEMA, Types.NestedField.required(1, "id", Types.IntegerType.get()));
    Record record = GenericRecord.create(intIds);
    record.setField("id", 1);
    assertRejected(
        EvolutionPolicy.ADD_AND_WIDEN,
        Batch.of(0, intIds, List.of(record)),
        "Cannot append batch 0 of producer p: column 'id' has type int, table has long"
            + " (narrowing type change)");
  }

  @Test
  void rejectsCaseOnlyNameDifference() {
    Schema shouting =
        Events.replace(Events.SCHEMA, Types.NestedField.optional(2, "User_Id", long64()));
    assertRejected(
        EvolutionPolicy.ADD_COLUMNS,
        batch(4, shouting, Map.of("User_Id", 3L)),
        "Cannot append batch 4 of producer p: column 'User_Id' differs only by case from table"
            + " column 'user_id'");
  }

  @Test
  void rejectsIncompatibleListElementType() {
    Schema doubles =
        Events.replace(
            Events.SCHEMA,
            Types.NestedField.optional(
                6, "embedding", Types.ListType.ofOptional(7, Types.DoubleType.get())));
    assertRejected(
        EvolutionPolicy.ADD_COLUMNS,
        batch(0, doubles, Map.of("embedding", List.of(1.0))),
        "column 'embedding.element' has type double, table has float (widening needs policy"
            + " ADD_AND_WIDEN, not ADD_COLUMNS)");
  }

  private void assertRejected(EvolutionPolicy policy, Batch batch, String message) {
    try (TableWriter writer = writer(policy)) {
      assertThatThrownBy(() -> writer.append(batch))
          .isInstanceOf(SchemaEvolutionException.class)
          .hasMessageContaining(message);
    }
    table.refresh();
    assertThat(table.currentSnapshot()).isNull();
    assertThat(table.schema().sameSchema(Events.SCHEMA)).isTrue();
  }

  private TableWriter writer(EvolutionPolicy policy) {
    return TableWriter.forTable(table).producerId("p").evolution(policy).build();
  }

  private TableMetadata metadata() {
    table.refresh();
    return ((HasTableOperations) table).operations().current();
  }

  /** One row of {@code schema}: the event row's values by name, then {@code extra}. */
  private static Batch batch(long sequence, Schema schema, Map<String, Object> extra) {
    return Batch.of(sequence, schema, List.of(row(schema, 1, extra)));
  }

  private static Record row(Schema schema, long id, Map<String, Object> extra) {
    Record event = Events.row(Events.SCHEMA, id);
    Record record = GenericRecord.create(schema);
    for (Types.NestedField field : schema.columns()) {
      record.setField(field.name(), extra.getOrDefault(field.name(), eventValue(event, field)));
    }
    return record;
  }

  private static Object eventValue(Record event, Types.NestedField field) {
    return Events.SCHEMA.findField(field.name()) == null ? null : event.getField(field.name());
  }

  private static Batch oneRow(long sequence, Schema schema, String name, Object value) {
    Record record = GenericRecord.create(schema);
    record.setField(name, value);
    return Batch.of(sequence, schema, List.of(record));
  }

  private static Type string() {
    return Types.StringType.get();
  }

  private static Type.PrimitiveType long64() {
    return Types.LongType.get();
  }
}
