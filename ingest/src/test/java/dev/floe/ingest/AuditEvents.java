package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.GenericData;
import dev.floe.ingest.contract.Contract;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/**
 * The write-audit-publish tests' table: {@code ml.events} with 20 rows on main, audited on a branch
 * against {@link #LABELS}, and the reads and writes the tests make of it.
 */
final class AuditEvents {
  /** Blocks a commit whose labels are more than 10% null. */
  static final Contract LABELS =
      Contract.parse(
          "{\"rules\": [{\"rule\": \"null_rate\", \"column\": \"label\", \"max\": 0.1}]}",
          "labels");

  private final Floe floe;
  private final Table table;

  AuditEvents(Floe floe) {
    this.floe = floe;
    this.table = Events.create(floe);
    append(TableWriter.forTable(table), "main-p", Events.batch(0, 0, 20));
  }

  Table table() {
    return table;
  }

  /** An audit of the table on {@code branch} against {@link #LABELS}. */
  Audit audit(String branch) {
    return Audit.of(floe, "ml.events").branch(branch).contract(LABELS);
  }

  /** Appends each batch as {@code producer}; none may be a duplicate. */
  static void append(TableWriter.Builder builder, String producer, Batch... batches) {
    try (TableWriter writer = builder.producerId(producer).build()) {
      for (Batch batch : batches) {
        assertThat(writer.append(batch).duplicate()).isFalse();
      }
    }
  }

  long head(String ref) {
    table.refresh();
    return table.snapshot(ref).snapshotId();
  }

  List<Long> ids(String ref) {
    table.refresh();
    return Events.ids(GenericData.read(table, ref));
  }

  /** Rows whose label is null: a batch the contract's null rate blocks. */
  static Batch unlabelled(long sequence, long firstId, int count) {
    List<Record> rows = new ArrayList<>();
    for (long id = firstId; id < firstId + count; id++) {
      Record row = Events.row(Events.SCHEMA, id);
      row.setField("label", null);
      rows.add(row);
    }
    return Batch.of(sequence, Events.SCHEMA, rows);
  }
}
