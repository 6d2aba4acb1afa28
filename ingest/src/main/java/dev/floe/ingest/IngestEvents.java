package dev.floe.ingest;

import dev.floe.catalog.events.FloeEvent;
import dev.floe.catalog.events.FloeEvents;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.Table;

/**
 * Tells listeners (lineage, metrics) of a writer's commits: called with each complete {@link
 * AppendResult}, publishes without blocking and returns the result unchanged. A duplicate batch
 * committed nothing and tells nothing.
 */
final class IngestEvents {
  private final Table table;
  private final String branch;

  IngestEvents(Table table, String branch) {
    this.table = table;
    this.branch = branch;
  }

  AppendResult committed(AppendResult result) {
    if (result.duplicate() || result.snapshotId() == null) {
      return result;
    }
    FloeEvents.emit(
        () ->
            new FloeEvent.Commit(
                FloeEvents.tableName(table),
                table.location(),
                branch,
                result.snapshotId(),
                "append",
                List.of(
                    new FloeEvent.ProducerBatches(
                        result.producerId(), List.of(result.sequence()), result.rows())),
                result.files(),
                result.rows(),
                result.bytes(),
                Instant.now()));
    return result;
  }
}
