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
 * Compactions ({@code replace}) change no values and are looked through.
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
    Snapshot parent = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId());
    while (parent != null && DataOperations.REPLACE.equals(parent.operation())) {
      parent = parent.parentId() == null ? null : table.snapshot(parent.parentId());
    }
    Map<Integer, CompactSketch> before = Map.of();
    Schema parentSchema = null;
    if (parent == null && hasAncestors(table, snapshot)) {
      return List.of(); // the chain is cut (expired snapshots): the old values are unknown
    } else if (parent != null) {
      if (!DataOperations.APPEND.equals(parent.operation())) {
        return List.of();
      }
      before = read(table, parent.snapshotId());
      parentSchema = parent.schemaId() == null ? null : table.schemas().get(parent.schemaId());
    }
    List<Blob> blobs = new ArrayList<>();
    for (ColumnProfile column : commit.columns().values()) {
      if (column.theta() == null) {
        continue;
      }
      CompactSketch previous = before.get(column.fieldId());
      boolean newColumn =
          parent == null
              || parentSchema != null && parentSchema.findField(column.fieldId()) == null;
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
    Map<Integer, CompactSketch> sketches = new HashMap<>();
    for (Pair<BlobMetadata, byte[]> blob :
        StatisticsBlobs.read(
            table, snapshotId, b -> BLOB_TYPE.equals(b.type()) && b.inputFields().size() == 1)) {
      sketches.put(
          blob.first().inputFields().get(0), CompactSketch.heapify(Memory.wrap(blob.second())));
    }
    return sketches;
  }

  /** Whether the chain below {@code snapshot} holds any data snapshot (append or other). */
  private static boolean hasAncestors(Table table, Snapshot snapshot) {
    Long parentId = snapshot.parentId();
    while (parentId != null) {
      Snapshot parent = table.snapshot(parentId);
      if (parent == null || !DataOperations.REPLACE.equals(parent.operation())) {
        return true;
      }
      parentId = parent.parentId();
    }
    return false;
  }
}
