package dev.floe.lockformat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a lock file's JSON (formats 1 to 5) into {@link Lock}s without Floe's Jackson, so it runs
 * inside Spark. Field names are Floe's {@code LockFileParser}'s. The digests are checked for
 * consistency up front: a root that is not the root over the file digests, or a {@code /2} file
 * digest that is not the one over its units, means the lock was edited, and it is refused.
 */
public final class LockParser {
  /** The newest lock format read here: 5 adds {@code floe-digest/2} units. */
  public static final int FORMAT_VERSION = 5;

  private static final int FILE_DIGESTS_VERSION = 4;

  private LockParser() {}

  /** Every table's lock in {@code json}, in file order; throws naming the first bad field. */
  public static List<Lock> parse(String json) {
    Object root = Json.parse(json);
    if (!(root instanceof Map<?, ?> node)) {
      throw new IllegalArgumentException("Invalid lock file: expected a JSON object");
    }
    version(node);
    if (!node.containsKey("tables")) {
      return List.of(lock(node));
    }
    if (!(node.get("tables") instanceof List<?> tables) || tables.isEmpty()) {
      throw new IllegalArgumentException("Invalid lock file: 'tables' must be a non-empty array");
    }
    List<Lock> locks = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      try {
        locks.add(lock(object(tables.get(i), "tables[" + i + "]")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("tables[" + i + "]: " + e.getMessage(), e);
      }
    }
    return locks;
  }

  private static int version(Map<?, ?> node) {
    int version = (int) number(node, "formatVersion");
    if (version > FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "format version "
              + version
              + " is newer than this reader reads ("
              + FORMAT_VERSION
              + ")");
    }
    return version;
  }

  private static Lock lock(Map<?, ?> node) {
    int version = version(node);
    String digest = node.get("contentDigest") instanceof String text ? text : null;
    boolean perFile = version >= FILE_DIGESTS_VERSION && digest != null;
    String algorithm = null;
    if (perFile) {
      algorithm =
          node.containsKey("digestAlgorithm") ? text(node, "digestAlgorithm") : Lock.DIGEST_1;
      if (!algorithm.equals(Lock.DIGEST_1) && !algorithm.equals(Lock.DIGEST_2)) {
        throw new IllegalArgumentException("unknown digestAlgorithm '" + algorithm + "'");
      }
    }
    Object filter = node.get("filter");
    List<String> columns = new ArrayList<>();
    for (Object column : list(node, "columns")) {
      columns.add(String.valueOf(column));
    }
    return new Lock(
        version,
        text(node, "catalog"),
        text(node, "table"),
        text(node, "ref"),
        number(node, "snapshotId"),
        (int) number(node, "schemaId"),
        columns,
        text(node, "fingerprint"),
        (int) number(node, "dataFiles"),
        number(node, "records"),
        digest,
        algorithm,
        text(node, "tag"),
        filter == null ? null : Json.write(filter),
        node.get("split") == null ? null : split(object(node.get("split"), "split")),
        node.get("shuffleSeed") == null ? null : number(node, "shuffleSeed"),
        node.get("nessieHash") == null ? null : text(node, "nessieRef"),
        node.get("nessieHash") == null ? null : text(node, "nessieHash"),
        node.get("rows") == null ? null : number(node, "rows"),
        perFile ? files(node, digest, algorithm) : List.of());
  }

  private static List<Lock.FileEntry> files(Map<?, ?> node, String root, String algorithm) {
    List<?> entries = list(node, "fileDigests");
    List<Lock.FileEntry> files = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String where = "fileDigests[" + i + "]";
      Map<?, ?> entry = object(entries.get(i), where);
      String path = text(entry, "path");
      String digest = hex(entry, "digest", where);
      List<Lock.Unit> units = new ArrayList<>();
      if (algorithm.equals(Lock.DIGEST_2)) {
        List<?> unitList = list(entry, "units");
        long next = 0;
        long rows = 0;
        for (int u = 0; u < unitList.size(); u++) {
          String at = where + ".units[" + u + "]";
          Map<?, ?> unit = object(unitList.get(u), at);
          Lock.Unit value =
              new Lock.Unit(
                  number(unit, "offset"),
                  number(unit, "count"),
                  number(unit, "rows"),
                  hex(unit, "digest", at),
                  unit.get("parts") == null ? Map.of() : parts(unit, at));
          if (value.offset() != next || value.count() < 0 || value.rows() > value.count()) {
            throw new IllegalArgumentException(
                at
                    + ": units must cover the file's positions in order from 0 (offset "
                    + next
                    + " expected), with rows <= count");
          }
          next += value.count();
          rows += value.rows();
          units.add(value);
        }
        if (rows != number(entry, "rows") || !Digests.fileOfUnits(units).equals(digest)) {
          throw new IllegalArgumentException(
              where
                  + ": the file's rows or digest is not the one over its units: the lock was edited");
        }
      }
      files.add(new Lock.FileEntry(path, number(entry, "rows"), digest, units));
    }
    String computed = Digests.root(files);
    if (!computed.equals(root)) {
      throw new IllegalArgumentException(
          "field 'contentDigest' is "
              + root
              + ", but the root over field 'fileDigests' is "
              + computed
              + ": the lock was edited");
    }
    return files;
  }

  // The unit's rows of each part; they add up to the unit's rows, or the lock was edited.
  private static Map<Lock.Part, Lock.PartRows> parts(Map<?, ?> unit, String at) {
    Map<Lock.Part, Lock.PartRows> parts = new EnumMap<>(Lock.Part.class);
    long rows = 0;
    for (Map.Entry<?, ?> entry : object(unit.get("parts"), at + ".parts").entrySet()) {
      String name = String.valueOf(entry.getKey());
      Lock.Part part;
      try {
        part = Lock.Part.valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + ".parts: unknown part '" + name + "'", e);
      }
      String where = at + ".parts." + name;
      Map<?, ?> value = object(entry.getValue(), where);
      Lock.PartRows partRows =
          new Lock.PartRows(number(value, "rows"), hex(value, "digest", where));
      rows += partRows.rows();
      parts.put(part, partRows);
    }
    if (rows != number(unit, "rows")) {
      throw new IllegalArgumentException(
          at + ": the rows of its parts do not add up to its rows: the lock was edited");
    }
    return parts;
  }

  private static Lock.Split split(Map<?, ?> node) {
    return new Lock.Split(
        text(node, "keyColumn"),
        fraction(node, "train"),
        fraction(node, "validation"),
        fraction(node, "test"),
        number(node, "seed"));
  }

  private static Object required(Map<?, ?> node, String field) {
    Object value = node.get(field);
    if (value == null) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return value;
  }

  private static String text(Map<?, ?> node, String field) {
    if (required(node, field) instanceof String text) {
      return text;
    }
    throw new IllegalArgumentException("field '" + field + "' must be a string");
  }

  private static String hex(Map<?, ?> node, String field, String where) {
    String text = text(node, field);
    if (!text.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          where + ": field '" + field + "' is not 64 lower-case hex digits");
    }
    return text;
  }

  private static long number(Map<?, ?> node, String field) {
    if (required(node, field) instanceof Long number) {
      return number;
    }
    throw new IllegalArgumentException("field '" + field + "' must be an integer");
  }

  private static double fraction(Map<?, ?> node, String field) {
    if (required(node, field) instanceof Number number) {
      return number.doubleValue();
    }
    throw new IllegalArgumentException("field '" + field + "' must be a number");
  }

  private static List<?> list(Map<?, ?> node, String field) {
    if (required(node, field) instanceof List<?> list) {
      return list;
    }
    throw new IllegalArgumentException("field '" + field + "' must be an array");
  }

  private static Map<?, ?> object(Object value, String where) {
    if (value instanceof Map<?, ?> map) {
      return map;
    }
    throw new IllegalArgumentException(where + ": expected a JSON object");
  }
}
