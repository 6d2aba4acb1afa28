package dev.floe.ingest.profile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.puffin.Blob;
import org.apache.iceberg.puffin.BlobMetadata;
import org.apache.iceberg.util.Pair;

/**
 * Iceberg's standard distinct counts: one {@value #BLOB_TYPE} blob per column, with the {@code ndv}
 * property, the field id in {@code fields}, the snapshot's id and sequence number, in the Puffin
 * statistics file of the snapshot. The sketch is the table's: the parent snapshot's sketch merged
 * with the commit's. A column gets no blob when that would be wrong: when the parent's statistics
 * have no sketch for a column the parent already had (an append by a writer that does not profile),
 * or when the parent is not an append (deletes and overwrites leave the old sketch too large).
 * Compactions ({@code replace}) change no values and are looked through; an append expired right
 * below one is read from the ledger file the compaction carries.
 */
public final class ThetaBlobs {
  public static final String BLOB_TYPE = "apache-datasketches-theta-v1";
  public static final String NDV = "ndv";

  private ThetaBlobs() {}

  /**
   * The blobs of {@code snapshot} (staged in {@code table}, e.g. a transaction's) for {@code
   * commit}.
   */
  public static List<Blob> forSnapshot(Table table, Snapshot snapshot, Profile commit) {
    Map<Integer, CompactSketch> before = Map.of();
    Schema parentSchema = null;
    boolean first = true;
    Snapshot lastReplace = null;
    for (Long id = snapshot.parentId(); id != null; ) {
      Snapshot parent = table.snapshot(id);
      if (parent == null && lastReplace == null) {
        return List.of(); // the chain is cut (expired snapshots): the old values are unknown
      } else if (parent == null || DataOperations.APPEND.equals(parent.operation())) {
        // An expired append right below a compaction: the compaction carries its ledger file.
        Snapshot holder = parent != null ? parent : lastReplace;
        before = sketches(table, holder.snapshotId(), id);
        parentSchema = holder.schemaId() == null ? null : table.schemas().get(holder.schemaId());
        first = false;
        break;
      } else if (!DataOperations.REPLACE.equals(parent.operation())) {
        return List.of(); // deletes and overwrites: the old sketch would count gone values
      }
      lastReplace = parent;
      id = parent.parentId();
    }
    List<Blob> blobs = new ArrayList<>();
    for (ColumnProfile column : commit.columns().values()) {
      if (column.theta() == null) {
        continue;
      }
      CompactSketch previous = before.get(column.fieldId());
      boolean newColumn =
          first || parentSchema != null && parentSchema.findField(column.fieldId()) == null;
      if (previous == null && !newColumn) {
        continue;
      }
      CompactSketch merged = ColumnProfile.union(previous, column.theta());
      blobs.add(
          new Blob(
              BLOB_TYPE,
              List.of(column.fieldId()),
              snapshot.snapshotId(),
              snapshot.sequenceNumber(),
              ByteBuffer.wrap(merged.toByteArray()),
              null,
              Map.of(NDV, Long.toString((long) merged.getEstimate()))));
    }
    return blobs;
  }

  /** The theta sketches by field id in the statistics file of {@code snapshotId}; empty if none. */
  public static Map<Integer, CompactSketch> read(Table table, long snapshotId) {
    return sketches(table, snapshotId, snapshotId);
  }

  /** The sketches of snapshot {@code sourceId} in the statistics file of {@code holderId}. */
  private static Map<Integer, CompactSketch> sketches(Table table, long holderId, long sourceId) {
    Map<Integer, CompactSketch> sketches = new HashMap<>();
    for (Pair<BlobMetadata, byte[]> blob :
        StatisticsBlobs.read(
            table,
            holderId,
            b ->
                BLOB_TYPE.equals(b.type())
                    && b.inputFields().size() == 1
                    && b.snapshotId() == sourceId)) {
      sketches.put(
          blob.first().inputFields().get(0), CompactSketch.heapify(Memory.wrap(blob.second())));
    }
    return sketches;
  }
}
