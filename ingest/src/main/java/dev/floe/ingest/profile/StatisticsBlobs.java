package dev.floe.ingest.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.puffin.BlobMetadata;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinReader;
import org.apache.iceberg.util.Pair;

/** Reads the blobs of a snapshot's Puffin statistics file, listed in table metadata or not. */
final class StatisticsBlobs {
  private StatisticsBlobs() {}

  /** The blobs {@code wanted} picks in the statistics file of {@code snapshotId}; empty if none. */
  static List<Pair<BlobMetadata, byte[]>> read(
      Table table, long snapshotId, Predicate<BlobMetadata> wanted) {
    StatisticsFile file =
        table.statisticsFiles().stream()
            .filter(f -> f.snapshotId() == snapshotId)
            .findFirst()
            .orElse(null);
    if (file == null) {
      return List.of();
    }
    List<Pair<BlobMetadata, byte[]>> blobs = new ArrayList<>();
    try (PuffinReader reader =
        Puffin.read(table.io().newInputFile(file.path()))
            .withFileSize(file.fileSizeInBytes())
            .build()) {
      List<BlobMetadata> picked = reader.fileMetadata().blobs().stream().filter(wanted).toList();
      for (Pair<BlobMetadata, ByteBuffer> blob : reader.readAll(picked)) {
        ByteBuffer data = blob.second();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        blobs.add(Pair.of(blob.first(), bytes));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read statistics file " + file.path(), e);
    }
    return blobs;
  }
}
