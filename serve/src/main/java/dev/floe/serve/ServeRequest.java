package dev.floe.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.timetravel.EqualShards;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.Split;
import dev.floe.timetravel.TrainingLock;
import dev.floe.timetravel.lock.LockFileParser;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A request of the {@code floe serve} protocol, version 1 ({@code docs/serve.md}): a UTF-8 JSON
 * object carrying the lock itself (never a path on the server), the part, the shard layout and, in
 * a ticket, the rank. Parsing is strict: an unknown field, a wrong type or a value out of range is
 * refused with a one-line reason, since a misspelt {@code world_size} silently read as 1 would hand
 * every rank all the rows.
 *
 * @param lock the lock of the table served (chosen by {@code table} in a lock of several tables)
 * @param part the split part, or null for all rows
 * @param rank the shard of a ticket, or null in a descriptor
 */
record ServeRequest(
    ObjectNode json,
    TrainingLock lock,
    Split.Part part,
    int worldSize,
    long epoch,
    boolean shuffle,
    EqualShards equal,
    Integer rank) {
  static final int VERSION = 1;

  /** Every endpoint's ticket carries the lock: a bound keeps one answer's size sane. */
  static final int MAX_WORLD_SIZE = 65_536;

  // A field given twice would be read as its last value, where a client may have read the first.
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Set<String> FIELDS =
      Set.of("version", "lock", "table", "part", "world_size", "epoch", "shuffle", "equal", "rank");

  ServeRequest {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(lock, "lock");
    Objects.requireNonNull(equal, "equal");
  }

  /** Parses request bytes; throws {@link IllegalArgumentException} with a one-line reason. */
  static ServeRequest parse(byte[] bytes) {
    JsonNode node;
    try {
      node = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Invalid request: not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalArgumentException("Invalid request: not a JSON object");
    }
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      check(FIELDS.contains(name), "unknown field '%s' (fields: %s)", name, sorted(FIELDS));
    }
    JsonNode version = object.get("version");
    check(
        version != null && version.isInt() && version.intValue() == VERSION,
        "field 'version' must be %s, is %s",
        VERSION,
        version);
    int worldSize = integer(object, "world_size", 1);
    check(
        worldSize >= 1 && worldSize <= MAX_WORLD_SIZE,
        "field 'world_size' must be at least 1 and at most %s, is %s",
        MAX_WORLD_SIZE,
        worldSize);
    Integer rank = object.has("rank") ? integer(object, "rank", 0) : null;
    check(
        rank == null || rank >= 0 && rank < worldSize,
        "field 'rank' is %s, must be 0 to %s for world_size %s",
        rank,
        worldSize - 1,
        worldSize);
    JsonNode epoch = object.get("epoch");
    check(
        epoch == null || epoch.isIntegralNumber() && epoch.canConvertToLong(),
        "field 'epoch' must be an integer, is %s",
        epoch);
    JsonNode shuffle = object.get("shuffle");
    check(shuffle == null || shuffle.isBoolean(), "field 'shuffle' must be true or false", shuffle);
    TrainingLock lock = lock(object);
    check(
        lock.formatVersion() >= TrainingLock.FILE_DIGESTS_VERSION && lock.contentDigest() != null,
        "the lock of %s pins no per-file content digests (format %s, or pinned with --no-digest):"
            + " pin it again to serve it",
        lock.label(),
        lock.formatVersion());
    Split.Part part = part(object.get("part"));
    check(
        part == null || lock.split() != null,
        "field 'part' is %s, but the lock of %s has no split",
        part == null ? null : part.name().toLowerCase(Locale.ROOT),
        lock.label());
    return new ServeRequest(
        object,
        lock,
        part,
        worldSize,
        epoch == null ? 0 : epoch.longValue(),
        shuffle != null && shuffle.booleanValue(),
        equal(object.get("equal")),
        rank);
  }

  /** The ticket of shard {@code shardRank}: this request's JSON object plus its rank. */
  byte[] ticket(int shardRank) {
    ObjectNode ticket = json.deepCopy();
    ticket.put("rank", shardRank);
    try {
      return JSON.writeValueAsBytes(ticket);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write ticket", e);
    }
  }

  private static TrainingLock lock(ObjectNode object) {
    JsonNode lock = object.get("lock");
    check(
        lock != null && lock.isObject(),
        "field 'lock' must be the lock file's JSON object, inline");
    LockFile file = LockFileParser.fromJson(lock);
    JsonNode table = object.get("table");
    check(table == null || table.isTextual(), "field 'table' must be a table label, is %s", table);
    List<TrainingLock> locks = file.locks();
    if (table == null) {
      check(
          locks.size() == 1,
          "the lock pins %s tables (%s): name one in field 'table'",
          locks.size(),
          file.tables());
      return locks.get(0);
    }
    return locks.stream()
        .filter(l -> l.label().equals(table.textValue()) || l.table().equals(table.textValue()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    String.format(
                        "Invalid request: the lock pins no table '%s' (it pins: %s)",
                        table.textValue(), file.tables())));
  }

  private static Split.Part part(JsonNode part) {
    if (part == null || part.isNull()) {
      return null;
    }
    check(part.isTextual(), "field 'part' must be train, validation, test or null, is %s", part);
    try {
      return Split.Part.valueOf(part.textValue().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid request: unknown part '%s' (train, validation, test or null)",
              part.textValue()));
    }
  }

  private static EqualShards equal(JsonNode equal) {
    if (equal == null) {
      return EqualShards.NONE;
    }
    check(
        equal.isTextual() && Set.of("none", "drop", "pad").contains(equal.textValue()),
        "field 'equal' must be none, drop or pad, is %s",
        equal);
    return EqualShards.valueOf(equal.textValue().toUpperCase(Locale.ROOT));
  }

  private static int integer(ObjectNode object, String field, int otherwise) {
    JsonNode value = object.get(field);
    if (value == null) {
      return otherwise;
    }
    check(value.isInt(), "field '%s' must be an integer, is %s", field, value);
    return value.intValue();
  }

  private static void check(boolean ok, String reason, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException("Invalid request: " + String.format(reason, args));
    }
  }

  private static String sorted(Set<String> names) {
    return names.stream().sorted().collect(Collectors.joining(", "));
  }
}
