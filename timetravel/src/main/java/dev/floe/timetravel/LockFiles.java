package dev.floe.timetravel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON form of a {@link TrainingLock}. Written field by field (not by reflection) so the file
 * format is stated here and a missing field gets a message naming it.
 */
final class LockFiles {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private LockFiles() {}

  /**
   * One table: its lock's fields at the top level (formats 1 to 3). Several: format 3, {@code
   * formatVersion} and a {@code tables} array of those objects.
   */
  static void write(LockFile file, Path path) {
    ObjectNode node;
    if (file.locks().size() == 1) {
      node = lockNode(file.locks().get(0));
    } else {
      node = JSON.createObjectNode();
      node.put("formatVersion", TrainingLock.FORMAT_VERSION);
      ArrayNode tables = node.putArray("tables");
      file.locks().forEach(lock -> tables.add(lockNode(lock)));
    }
    write(node, path);
  }

  private static ObjectNode lockNode(TrainingLock lock) {
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
    // Optional, since the live-row counts: the rows a rehydrate returns (readers before it ignore
    // it, so it needs no new format version).
    if (lock.rows() != null) {
      node.put("rows", lock.rows());
    }
    node.put("contentDigest", lock.contentDigest());
    node.put("tag", lock.tag());
    node.put("pinnedAt", lock.pinnedAt().toString());
    if (lock.filter() != null) {
      node.set("filter", readJson(lock.filter()));
    }
    if (lock.shuffleSeed() != null) {
      node.put("shuffleSeed", lock.shuffleSeed());
    }
    if (lock.split() != null) {
      ObjectNode split = node.putObject("split");
      split.put("keyColumn", lock.split().keyColumn());
      split.put("train", lock.split().train());
      split.put("validation", lock.split().validation());
      split.put("test", lock.split().test());
      split.put("seed", lock.split().seed());
      ObjectNode digests = split.putObject("digests");
      for (Split.Part part : Split.Part.values()) {
        digests.put(part.name().toLowerCase(Locale.ROOT), lock.splitDigests().get(part));
      }
    }
    if (lock.nessieHash() != null) {
      node.put("nessieRef", lock.nessieRef());
      node.put("nessieHash", lock.nessieHash());
    }
    return node;
  }

  private static void write(ObjectNode node, Path path) {
    Path target = path.toAbsolutePath();
    if (Files.exists(target) && !Files.isRegularFile(target)) {
      // A rename would replace a device or a folder's link with the lock (as root, /dev/full).
      throw new LockFileException(
          "Cannot write lock file %s: it exists and is not a regular file", path);
    }
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

  static LockFile read(Path path) {
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
      checkVersion(node);
      if (!node.has("tables")) {
        return new LockFile(List.of(lock(node)));
      }
      JsonNode tables = node.get("tables");
      if (!tables.isArray() || tables.isEmpty()) {
        throw new IllegalArgumentException("field 'tables' must be a non-empty array");
      }
      List<TrainingLock> locks = new ArrayList<>();
      for (int i = 0; i < tables.size(); i++) {
        try {
          locks.add(lock(tables.get(i)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("tables[" + i + "]: " + e.getMessage(), e);
        }
      }
      return new LockFile(locks);
    } catch (IllegalArgumentException e) {
      throw new LockFileException(e, "Cannot read lock file %s: %s", path, e.getMessage());
    }
  }

  private static int checkVersion(JsonNode node) {
    int version = (int) number(node, "formatVersion");
    if (version > TrainingLock.FORMAT_VERSION) {
      throw new IllegalArgumentException(
          String.format(
              "format version %s is newer than this Floe reads (%s)",
              version, TrainingLock.FORMAT_VERSION));
    }
    return version;
  }

  private static TrainingLock lock(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    int version = checkVersion(node);
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
        instant(node, "pinnedAt"),
        node.hasNonNull("filter") ? node.get("filter").toString() : null,
        node.hasNonNull("split") ? split(node.get("split")) : null,
        node.hasNonNull("split") ? splitDigests(node.get("split")) : Map.of(),
        node.hasNonNull("shuffleSeed") ? number(node, "shuffleSeed") : null,
        node.hasNonNull("nessieHash") ? text(node, "nessieRef") : null,
        node.hasNonNull("nessieHash") ? text(node, "nessieHash") : null,
        node.hasNonNull("rows") ? number(node, "rows") : null);
  }

  private static Split split(JsonNode node) {
    return new Split(
        text(node, "keyColumn"),
        fraction(node, "train"),
        fraction(node, "validation"),
        fraction(node, "test"),
        number(node, "seed"));
  }

  private static Map<Split.Part, String> splitDigests(JsonNode node) {
    Map<Split.Part, String> digests = new EnumMap<>(Split.Part.class);
    JsonNode values = node.path("digests");
    for (Split.Part part : Split.Part.values()) {
      JsonNode digest = values.get(part.name().toLowerCase(Locale.ROOT));
      if (digest != null && digest.isTextual()) {
        digests.put(part, digest.asText());
      }
    }
    return digests;
  }

  private static double fraction(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isNumber()) {
      throw new IllegalArgumentException(String.format("field '%s' must be a number", field));
    }
    return value.asDouble();
  }

  // The filter is stored as a JSON object, not an escaped string, so the lock stays readable.
  private static JsonNode readJson(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Invalid filter JSON: " + json, e);
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
