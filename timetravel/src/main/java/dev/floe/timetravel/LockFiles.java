package dev.floe.timetravel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.exceptions.LockFileException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON form of a {@link TrainingLock}. Written field by field (not by reflection) so the file
 * format is stated here and a missing field gets a message naming it.
 */
final class LockFiles {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private LockFiles() {}

  static void write(TrainingLock lock, Path path) {
    ObjectNode node = JSON.createObjectNode();
    node.put("formatVersion", lock.formatVersion());
    node.put("catalog", lock.catalog());
    node.put("table", lock.table());
    node.put("ref", lock.ref());
    node.put("snapshotId", lock.snapshotId());
    node.put("schemaId", lock.schemaId());
    lock.columns().forEach(node.putArray("columns")::add);
    node.put("fingerprint", lock.fingerprint());
    node.put("dataFiles", lock.dataFiles());
    node.put("records", lock.records());
    node.put("contentDigest", lock.contentDigest());
    node.put("tag", lock.tag());
    node.put("pinnedAt", lock.pinnedAt().toString());
    Path target = path.toAbsolutePath();
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
      Files.writeString(temp, JSON.writeValueAsString(node) + "\n");
      move(temp, target);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new LockFileException(e, "Cannot write lock file %s: %s", path, e);
    }
  }

  static TrainingLock read(Path path) {
    JsonNode node;
    try {
      node = JSON.readTree(Files.readString(path));
    } catch (NoSuchFileException e) {
      throw new LockFileException(e, "Cannot read lock file %s: file does not exist", path);
    } catch (JsonProcessingException e) {
      throw new LockFileException(
          e, "Cannot read lock file %s: not valid JSON (%s)", path, e.getOriginalMessage());
    } catch (IOException e) {
      throw new LockFileException(e, "Cannot read lock file %s: %s", path, e);
    }
    try {
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("expected a JSON object");
      }
      int version = (int) number(node, "formatVersion");
      if (version > TrainingLock.FORMAT_VERSION) {
        throw new IllegalArgumentException(
            String.format(
                "format version %s is newer than this Floe reads (%s)",
                version, TrainingLock.FORMAT_VERSION));
      }
      return new TrainingLock(
          version,
          text(node, "catalog"),
          text(node, "table"),
          text(node, "ref"),
          number(node, "snapshotId"),
          (int) number(node, "schemaId"),
          columns(node),
          text(node, "fingerprint"),
          (int) number(node, "dataFiles"),
          number(node, "records"),
          node.path("contentDigest").isTextual() ? node.get("contentDigest").asText() : null,
          text(node, "tag"),
          instant(node, "pinnedAt"));
    } catch (IllegalArgumentException e) {
      throw new LockFileException(e, "Cannot read lock file %s: %s", path, e.getMessage());
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(String.format("field '%s' must be a string", field));
    }
    return value.asText();
  }

  private static long number(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.canConvertToLong() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException(String.format("field '%s' must be an integer", field));
    }
    return value.asLong();
  }

  private static List<String> columns(JsonNode node) {
    JsonNode value = required(node, "columns");
    if (!value.isArray()) {
      throw new IllegalArgumentException("field 'columns' must be an array of column names");
    }
    List<String> columns = new ArrayList<>();
    value.forEach(column -> columns.add(column.asText()));
    return columns;
  }

  private static Instant instant(JsonNode node, String field) {
    String text = text(node, field);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          String.format("field '%s' is not an ISO-8601 instant: %s", field, text), e);
    }
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(String.format("missing field '%s'", field));
    }
    return value;
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path temp) {
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // the write already failed; that error is the one worth reporting
      }
    }
  }
}
