package dev.floe.cli;

import dev.floe.bench.EventData;
import dev.floe.catalog.exceptions.SchemaEvolutionException;
import dev.floe.ingest.AppendResult;
import dev.floe.ingest.Batch;
import dev.floe.ingest.EvolutionPolicy;
import dev.floe.ingest.TableWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/** Steps 3-4 of the demo: a safe schema change is accepted, bad batches are rejected whole. */
final class DemoSchemaSteps {
  private final DemoRun demo;

  DemoSchemaSteps(DemoRun demo) {
    this.demo = demo;
  }

  void evolve() {
    demo.report.step("Schema evolution: a batch with a new optional column is accepted");
    boolean hadDevice = demo.table.schema().findField("device") != null;
    int schemaBefore = demo.table.schema().schemaId();
    Schema withDevice =
        new Schema(
            append(
                EventData.SCHEMA,
                Types.NestedField.optional(100, "device", Types.StringType.get())));
    List<Record> records =
        reshape(
            demo.sample(1),
            withDevice,
            r -> {
              r.setField("device", ((Long) r.getField("id")) % 2 == 0 ? "ios" : "android");
              return r;
            });
    AppendResult result;
    try (TableWriter writer =
        TableWriter.forTable(demo.table)
            .producerId("enricher-run-" + demo.run)
            .evolution(EvolutionPolicy.ADD_COLUMNS)
            .build()) {
      result = writer.append(Batch.of(0, withDevice, records));
    }
    demo.table.refresh();
    Types.NestedField device = demo.table.schema().findField("device");
    if (hadDevice) {
      demo.report.line(
          "column device was already added by an earlier run: schema id stays %d",
          demo.table.schema().schemaId());
    } else {
      demo.report.line(
          "added optional column device (string): schema id %d -> %d",
          schemaBefore, demo.table.schema().schemaId());
    }
    demo.report.check(
        device != null && device.isOptional(), "table schema has optional column device");
    demo.report.check(
        result.rows() == records.size() && result.schemaEvolved() != hadDevice,
        String.format(
            "batch of %s rows committed with the schema change in one snapshot (%d)",
            Format.count(records.size()), result.snapshotId()));
    demo.report.done();
  }

  void reject() {
    demo.report.step("Bad batches are rejected whole, with the column and rule named");
    long snapshotBefore = demo.table.currentSnapshot().snapshotId();
    Schema amountAsText =
        new Schema(
            EventData.SCHEMA.columns().stream()
                .map(
                    f ->
                        f.name().equals("amount")
                            ? Types.NestedField.optional(
                                f.fieldId(), "amount", Types.StringType.get())
                            : f)
                .toList());
    List<Record> typed =
        reshape(
            demo.sample(2),
            amountAsText,
            r -> {
              r.setField("amount", "12.50 EUR");
              return r;
            });
    Schema userOptional =
        new Schema(
            EventData.SCHEMA.columns().stream()
                .map(f -> f.name().equals("user_id") ? f.asOptional() : f)
                .toList());
    List<Record> nulls = reshape(demo.sample(3), userOptional, r -> r);
    nulls.get(7).setField("user_id", null);
    rejects("incompatible type", Batch.of(0, amountAsText, typed));
    rejects("null in a required column", Batch.of(1, userOptional, nulls));
    demo.table.refresh();
    demo.report.check(
        demo.table.currentSnapshot().snapshotId() == snapshotBefore,
        "nothing was committed: main is unchanged");
    demo.report.done();
  }

  private void rejects(String what, Batch batch) {
    try (TableWriter writer =
        TableWriter.forTable(demo.table)
            .producerId("bad-producer-run-" + demo.run)
            .evolution(EvolutionPolicy.ADD_AND_WIDEN)
            .build()) {
      writer.append(batch);
      demo.report.check(false, what + ": batch was rejected");
    } catch (SchemaEvolutionException e) {
      demo.report.line("rejected: %s", e.getMessage());
      demo.report.check(true, what + ": batch was rejected");
    }
  }

  private static List<Record> reshape(
      List<Record> rows, Schema schema, UnaryOperator<Record> edit) {
    List<Record> out = new ArrayList<>(rows.size());
    for (Record row : rows) {
      GenericRecord copy = GenericRecord.create(schema);
      for (Types.NestedField field : schema.columns()) {
        if (row.struct().field(field.name()) != null
            && field.type().equals(EventData.SCHEMA.findType(field.name()))) {
          copy.setField(field.name(), row.getField(field.name()));
        }
      }
      out.add(edit.apply(copy));
    }
    return out;
  }

  private static List<Types.NestedField> append(Schema schema, Types.NestedField field) {
    List<Types.NestedField> fields = new ArrayList<>(schema.columns());
    fields.add(field);
    return fields;
  }
}
