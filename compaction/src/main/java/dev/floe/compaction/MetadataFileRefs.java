package dev.floe.compaction;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 * Iceberg table spec). Reading a version this way streams its JSON once and builds nothing; {@link
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
   * v1 may embed its manifests): then only the full parser knows them. Streams the JSON, skipping
   * schemas, summaries and everything else.
   */
  static MetadataFileRefs read(FileIO io, String metadataLocation) {
    List<String> manifestLists = new ArrayList<>();
    List<String> others = new ArrayList<>();
    try (InputStream in = open(io, metadataLocation);
        JsonParser json = JsonUtil.factory().createParser(in)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        json.nextToken();
        boolean complete =
            switch (field) {
              case "snapshots" -> eachObject(json, "manifest-list", manifestLists, "manifests");
              case "metadata-log" -> eachObject(json, "metadata-file", others, null);
              case "statistics", "partition-statistics" ->
                  eachObject(json, "statistics-path", others, null);
              default -> {
                json.skipChildren();
                yield true;
              }
            };
        if (!complete) {
          return null;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read table metadata " + metadataLocation, e);
    }
    return new MetadataFileRefs(manifestLists, others);
  }

  /**
   * Adds {@code wanted} of each object of the array the parser is at. False when an object has
   * {@code refused}, or lacks {@code wanted} while {@code refused} is set (a snapshot must name its
   * manifest list).
   */
  private static boolean eachObject(
      JsonParser json, String wanted, List<String> into, String refused) throws IOException {
    if (json.currentToken() != JsonToken.START_ARRAY) {
      json.skipChildren();
      return true;
    }
    while (json.nextToken() == JsonToken.START_OBJECT) {
      boolean found = false;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if (field.equals(wanted) && value == JsonToken.VALUE_STRING) {
          into.add(json.getText());
          found = true;
        } else if (field.equals(refused)) {
          return false;
        } else {
          json.skipChildren();
        }
      }
      if (!found && refused != null) {
        return false;
      }
    }
    return true;
  }

  private static InputStream open(FileIO io, String location) throws IOException {
    InputStream in = io.newInputFile(location).newStream();
    return TableMetadataParser.Codec.fromFileName(location) == TableMetadataParser.Codec.GZIP
        ? new GZIPInputStream(in)
        : in;
  }
}
