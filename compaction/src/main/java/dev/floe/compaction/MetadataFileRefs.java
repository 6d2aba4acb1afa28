package dev.floe.compaction;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.util.JsonUtil;

/**
 * The files a table metadata file names, read from its JSON without building the metadata: its
 * snapshots' manifest lists, its metadata log and its statistics files (field names from the
 * Iceberg table spec). Reading a version this way costs a JSON tree; {@link
 * TableMetadataParser#read} builds every snapshot, schema and summary, several times slower, and
 * the Nessie-aware scan reads one version per commit.
 *
 * @param manifestLists the manifest list of each snapshot
 * @param otherFiles metadata log entries and statistics files
 */
record MetadataFileRefs(List<String> manifestLists, List<String> otherFiles) {
  MetadataFileRefs {
    manifestLists = List.copyOf(manifestLists);
    otherFiles = List.copyOf(otherFiles);
  }

  /**
   * The files {@code metadataLocation} names, or null when a snapshot has no manifest list (format
   * v1 may embed its manifests): then only the full parser knows them.
   */
  static MetadataFileRefs read(FileIO io, String metadataLocation) {
    JsonNode root;
    try (InputStream in = open(io, metadataLocation)) {
      root = JsonUtil.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read table metadata " + metadataLocation, e);
    }
    List<String> manifestLists = new ArrayList<>();
    for (JsonNode snapshot : root.path("snapshots")) {
      JsonNode list = snapshot.get("manifest-list");
      if (list == null || !list.isTextual()) {
        return null;
      }
      manifestLists.add(list.asText());
    }
    List<String> others = new ArrayList<>();
    root.path("metadata-log").forEach(entry -> addText(others, entry, "metadata-file"));
    root.path("statistics").forEach(entry -> addText(others, entry, "statistics-path"));
    root.path("partition-statistics").forEach(entry -> addText(others, entry, "statistics-path"));
    return new MetadataFileRefs(manifestLists, others);
  }

  private static void addText(List<String> into, JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    if (value != null && value.isTextual()) {
      into.add(value.asText());
    }
  }

  private static InputStream open(FileIO io, String location) throws IOException {
    InputStream in = io.newInputFile(location).newStream();
    return TableMetadataParser.Codec.fromFileName(location) == TableMetadataParser.Codec.GZIP
        ? new GZIPInputStream(in)
        : in;
  }
}
