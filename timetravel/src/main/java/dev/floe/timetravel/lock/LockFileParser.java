package dev.floe.timetravel.lock;

import static dev.floe.timetravel.lock.JsonFields.fraction;
import static dev.floe.timetravel.lock.JsonFields.instant;
import static dev.floe.timetravel.lock.JsonFields.integer;
import static dev.floe.timetravel.lock.JsonFields.names;
import static dev.floe.timetravel.lock.JsonFields.number;
import static dev.floe.timetravel.lock.JsonFields.numberOrNull;
import static dev.floe.timetravel.lock.JsonFields.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.Split;
import dev.floe.timetravel.TrainingLock;
import dev.floe.timetravel.TrainingLockBuilder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * The lock file format, in the manner of Iceberg's {@code SnapshotRefParser}: written field by
 * field (not by reflection), so the format is stated here and a missing field gets a message naming
 * it. One table: its lock's fields at the top level (formats 1 to 3, so older Floe versions read
 * it). Several: format 3, {@code formatVersion} and a {@code tables} array of those objects.
 *
 * <p>Version 1: the snapshot, schema, columns, file fingerprint and counts, digest and tag. Version
 * 2 added {@code filter}, {@code split} and {@code shuffleSeed}; version 3 the Nessie commit and
 * lock files of several tables; version 4 {@code fileDigests} ({@code path}, {@code rows}, {@code
 * digest}); version 5 {@code digestAlgorithm} ({@code floe-digest/2}) and each file's {@code units}
 * ({@code offset}, {@code count}, {@code rows}, {@code digest}). {@code rows} is optional in any
 * version: readers before it ignore it.
 */
public final class LockFileParser {
  // A field given twice would be read as its last value; another JSON reader may take the first.
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final String FORMAT_VERSION = "formatVersion";
  private static final String TABLES = "tables";
  private static final String CATALOG = "catalog";
  private static final String TABLE = "table";
  private static final String REF = "ref";
  private static final String SNAPSHOT_ID = "snapshotId";
  private static final String SCHEMA_ID = "schemaId";
  private static final String COLUMNS = "columns";
  private static final String FINGERPRINT = "fingerprint";
  private static final String DATA_FILES = "dataFiles";
  private static final String RECORDS = "records";
  private static final String ROWS = "rows";
  private static final String CONTENT_DIGEST = "contentDigest";
  private static final String TAG = "tag";
  private static final String PINNED_AT = "pinnedAt";
  private static final String FILTER = "filter";
  private static final String SHUFFLE_SEED = "shuffleSeed";
  private static final String SPLIT = "split";
  private static final String KEY_COLUMN = "keyColumn";
  private static final String TRAIN = "train";
  private static final String VALIDATION = "validation";
  private static final String TEST = "test";
  private static final String SEED = "seed";
  private static final String DIGESTS = "digests";
  private static final String NESSIE_REF = "nessieRef";
  private static final String NESSIE_HASH = "nessieHash";

  private LockFileParser() {}

  /** The lock file as pretty JSON. */
  public static String toJson(LockFile file) {
    ObjectNode node;
    if (file.locks().size() == 1) {
      node = toJson(file.locks().get(0));
    } else {
      node = JSON.createObjectNode();
      // The oldest version that holds every lock, and multi-table files need 3.
      int version = file.locks().stream().mapToInt(TrainingLock::formatVersion).max().orElse(3);
      node.put(FORMAT_VERSION, Math.max(3, version));
      ArrayNode tables = node.putArray(TABLES);
      file.locks().forEach(lock -> tables.add(toJson(lock)));
    }
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a lock file as JSON", e);
    }
  }

  private static ObjectNode toJson(TrainingLock lock) {
    ObjectNode node = JSON.createObjectNode();
    node.put(FORMAT_VERSION, lock.formatVersion());
    node.put(CATALOG, lock.catalog());
    node.put(TABLE, lock.table());
    node.put(REF, lock.ref());
    node.put(SNAPSHOT_ID, lock.snapshotId());
    node.put(SCHEMA_ID, lock.schemaId());
    lock.columns().forEach(node.putArray(COLUMNS)::add);
    node.put(FINGERPRINT, lock.fingerprint());
    node.put(DATA_FILES, lock.dataFiles());
    node.put(RECORDS, lock.records());
    if (lock.rows() != null) {
      node.put(ROWS, lock.rows());
    }
    node.put(CONTENT_DIGEST, lock.contentDigest());
    node.put(TAG, lock.tag());
    node.put(PINNED_AT, lock.pinnedAt().toString());
    if (lock.filter() != null) {
      node.set(FILTER, filterJson(lock.filter()));
    }
    if (lock.shuffleSeed() != null) {
      node.put(SHUFFLE_SEED, lock.shuffleSeed());
    }
    if (lock.split() != null) {
      ObjectNode split = node.putObject(SPLIT);
      split.put(KEY_COLUMN, lock.split().keyColumn());
      split.put(TRAIN, lock.split().train());
      split.put(VALIDATION, lock.split().validation());
      split.put(TEST, lock.split().test());
      split.put(SEED, lock.split().seed());
      ObjectNode digests = split.putObject(DIGESTS);
      for (Split.Part part : Split.Part.values()) {
        digests.put(part.name().toLowerCase(Locale.ROOT), lock.splitDigests().get(part));
      }
    }
    if (lock.nessieHash() != null) {
      node.put(NESSIE_REF, lock.nessieRef());
      node.put(NESSIE_HASH, lock.nessieHash());
    }
    if (lock.formatVersion() >= TrainingLock.FILE_DIGESTS_VERSION && lock.contentDigest() != null) {
      FileDigestsJson.write(node, lock);
    }
    return node;
  }

  /**
   * The lock file {@code node} holds; a wrong shape, a missing field or a newer format version
   * throws {@link IllegalArgumentException} naming it.
   */
  public static LockFile fromJson(JsonNode node) {
    Preconditions.checkArgument(node != null && node.isObject(), "expected a JSON object");
    checkVersion(node);
    if (!node.has(TABLES)) {
      return new LockFile(List.of(lock(node)));
    }
    JsonNode tables = node.get(TABLES);
    Preconditions.checkArgument(
        tables.isArray() && !tables.isEmpty(), "field '%s' must be a non-empty array", TABLES);
    List<TrainingLock> locks = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      try {
        locks.add(lock(tables.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(TABLES + "[" + i + "]: " + e.getMessage(), e);
      }
    }
    return new LockFile(locks);
  }

  private static int checkVersion(JsonNode node) {
    long version = number(node, FORMAT_VERSION);
    Preconditions.checkArgument(
        version <= TrainingLock.FORMAT_VERSION,
        "format version %s is newer than this Floe reads (%s)",
        version,
        TrainingLock.FORMAT_VERSION);
    return integer(node, FORMAT_VERSION, 1, TrainingLock.FORMAT_VERSION);
  }

  // Fields are read in the order they are written, so the first missing one is named.
  private static TrainingLock lock(JsonNode node) {
    Preconditions.checkArgument(node.isObject(), "expected a JSON object");
    int version = checkVersion(node);
    String catalog = text(node, CATALOG);
    String table = text(node, TABLE);
    String ref = text(node, REF);
    TrainingLockBuilder lock =
        TrainingLock.builderFor(table, number(node, SNAPSHOT_ID))
            .formatVersion(version)
            .catalog(catalog)
            .ref(ref)
            .schemaId(integer(node, SCHEMA_ID, 0, Integer.MAX_VALUE))
            .columns(names(node, COLUMNS))
            .files(
                text(node, FINGERPRINT),
                integer(node, DATA_FILES, 0, Integer.MAX_VALUE),
                number(node, RECORDS))
            .contentDigest(
                node.path(CONTENT_DIGEST).isTextual() ? node.get(CONTENT_DIGEST).asText() : null)
            .tag(text(node, TAG))
            .pinnedAt(instant(node, PINNED_AT))
            .filter(node.hasNonNull(FILTER) ? node.get(FILTER).toString() : null);
    if (node.hasNonNull(SPLIT)) {
      lock.split(split(node.get(SPLIT)), splitDigests(node.get(SPLIT)));
    }
    lock.shuffleSeed(numberOrNull(node, SHUFFLE_SEED));
    if (node.hasNonNull(NESSIE_HASH)) {
      lock.nessieCommit(text(node, NESSIE_REF), text(node, NESSIE_HASH));
    }
    if (version >= TrainingLock.FILE_DIGESTS_VERSION && node.path(CONTENT_DIGEST).isTextual()) {
      lock.fileDigests(FileDigestsJson.read(node, node.get(CONTENT_DIGEST).asText(), version));
    }
    return lock.rows(numberOrNull(node, ROWS)).build();
  }

  private static Split split(JsonNode node) {
    return new Split(
        text(node, KEY_COLUMN),
        fraction(node, TRAIN),
        fraction(node, VALIDATION),
        fraction(node, TEST),
        number(node, SEED));
  }

  private static Map<Split.Part, String> splitDigests(JsonNode node) {
    Map<Split.Part, String> digests = new EnumMap<>(Split.Part.class);
    JsonNode values = node.path(DIGESTS);
    for (Split.Part part : Split.Part.values()) {
      JsonNode digest = values.get(part.name().toLowerCase(Locale.ROOT));
      if (digest != null && digest.isTextual()) {
        digests.put(part, digest.asText());
      }
    }
    return digests;
  }

  // The filter is stored as a JSON object, not an escaped string, so the lock stays readable.
  private static JsonNode filterJson(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Invalid filter JSON: " + json, e);
    }
  }
}
