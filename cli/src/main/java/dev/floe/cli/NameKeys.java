package dev.floe.cli;

import dev.floe.ingest.IngestProperties;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * When an earlier Floe committed batches under a file's name key ({@code cli:<file name>}): a file
 * written after that is not the file that was ingested then (a new day's export of the same name),
 * so its name key must not stop it. Read from the table's snapshots as they are loaded now.
 */
final class NameKeys {
  private NameKeys() {}

  /**
   * The time of the newest snapshot that names a batch of {@code producer}; once those expired, the
   * oldest snapshot that carries the producer in its committed state (the batches are older);
   * {@link Long#MAX_VALUE} when no snapshot says.
   */
  static long committedAt(Table table, String producer) {
    long newest = Long.MIN_VALUE;
    long oldestCarrying = Long.MAX_VALUE;
    for (Snapshot snapshot : table.snapshots()) {
      Map<String, String> summary = snapshot.summary();
      if (summary == null) {
        continue;
      }
      if (producer.equals(summary.get(IngestProperties.PRODUCER_ID))
          || summary.containsKey(IngestProperties.BATCHES_PREFIX + producer)) {
        newest = Math.max(newest, snapshot.timestampMillis());
      } else if (summary.containsKey(IngestProperties.COMMITTED_PREFIX + producer)) {
        oldestCarrying = Math.min(oldestCarrying, snapshot.timestampMillis());
      }
    }
    return newest != Long.MIN_VALUE ? newest : oldestCarrying;
  }
}
