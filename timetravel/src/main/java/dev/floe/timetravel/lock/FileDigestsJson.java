package dev.floe.timetravel.lock;

import static dev.floe.timetravel.lock.JsonFields.number;
import static dev.floe.timetravel.lock.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.timetravel.FileDigest;
import dev.floe.timetravel.Split;
import dev.floe.timetravel.TrainingLock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * The per-file digests of a lock file: {@code fileDigests} (format 4: {@code path}, {@code rows},
 * {@code digest}) and, from format 5, {@code digestAlgorithm} ({@code floe-digest/2}) and each
 * file's {@code units} ({@code offset}, {@code count}, {@code rows}, {@code digest}).
 */
final class FileDigestsJson {
  private static final String ROWS = "rows";
  private static final String FILE_DIGESTS = "fileDigests";
  private static final String PATH = "path";
  private static final String DIGEST = "digest";
  private static final String DIGEST_ALGORITHM = "digestAlgorithm";
  private static final String UNITS = "units";
  private static final String OFFSET = "offset";
  private static final String COUNT = "count";
  private static final String PARTS = "parts";
  private static final String CONTENT_DIGEST = "contentDigest";

  private FileDigestsJson() {}

  static void write(ObjectNode node, TrainingLock lock) {
    boolean units = lock.formatVersion() >= TrainingLock.UNITS_VERSION;
    if (units) {
      node.put(DIGEST_ALGORITHM, TrainingLock.DIGEST_V2);
    }
    ArrayNode files = node.putArray(FILE_DIGESTS);
    for (FileDigest file : lock.fileDigests()) {
      ObjectNode entry = files.addObject();
      entry.put(PATH, file.path());
      entry.put(ROWS, file.rows());
      entry.put(DIGEST, file.digest());
      if (units) {
        ArrayNode array = entry.putArray(UNITS);
        for (FileDigest.Unit unit : file.units()) {
          ObjectNode unitNode =
              array
                  .addObject()
                  .put(OFFSET, unit.offset())
                  .put(COUNT, unit.count())
                  .put(ROWS, unit.rows())
                  .put(DIGEST, unit.digest());
          if (!unit.parts().isEmpty()) {
            ObjectNode parts = unitNode.putObject(PARTS);
            unit.parts()
                .forEach(
                    (part, rows) ->
                        parts
                            .putObject(part.name().toLowerCase(Locale.ROOT))
                            .put(ROWS, rows.rows())
                            .put(DIGEST, rows.digest()));
          }
        }
      }
    }
  }

  // The root is recomputed here, so a lock whose digests were edited apart is refused up front.
  static List<FileDigest> read(JsonNode node, String root, int version) {
    boolean units = version >= TrainingLock.UNITS_VERSION;
    // Read as format 4, a format-5 lock's file digests (over units) could never match a read.
    Preconditions.checkArgument(
        units || !node.has(DIGEST_ALGORITHM),
        "field '%s' is in a format %s lock, which has none (format %s on): was the format edited?",
        DIGEST_ALGORITHM,
        version,
        TrainingLock.UNITS_VERSION);
    if (units) {
      String algorithm = text(node, DIGEST_ALGORITHM);
      Preconditions.checkArgument(
          TrainingLock.DIGEST_V2.equals(algorithm),
          "field '%s' is '%s': a format %s lock's digest is %s",
          DIGEST_ALGORITHM,
          algorithm,
          version,
          TrainingLock.DIGEST_V2);
    }
    JsonNode files = node.get(FILE_DIGESTS);
    Preconditions.checkArgument(
        files != null && files.isArray(),
        "missing field '%s' (an array: format %s locks with a content digest have one)",
        FILE_DIGESTS,
        TrainingLock.FILE_DIGESTS_VERSION);
    List<FileDigest> digests = objects(files, FILE_DIGESTS, file -> fileDigest(file, units));
    String computed = FileDigest.root(digests);
    Preconditions.checkArgument(
        computed.equals(root),
        "field '%s' is %s, but the root over field '%s' is %s: the lock was edited",
        CONTENT_DIGEST,
        root,
        FILE_DIGESTS,
        computed);
    return digests;
  }

  // A file digest of floe-digest/2 is recomputed from its units, as the root from the files.
  private static FileDigest fileDigest(JsonNode file, boolean withUnits) {
    String path = text(file, PATH);
    String digest = text(file, DIGEST);
    List<FileDigest.Unit> units = List.of();
    if (withUnits) {
      JsonNode array = file.get(UNITS);
      Preconditions.checkArgument(
          array != null && array.isArray(), "missing field '%s' (an array) of %s", UNITS, path);
      units =
          objects(
              array,
              UNITS,
              unit ->
                  new FileDigest.Unit(
                      number(unit, OFFSET),
                      number(unit, COUNT),
                      number(unit, ROWS),
                      text(unit, DIGEST),
                      parts(unit.get(PARTS))));
      String computed = FileDigest.over(units);
      Preconditions.checkArgument(
          computed.equals(digest),
          "field '%s' of %s is %s, but the digest over its units is %s: the lock was edited",
          DIGEST,
          path,
          digest,
          computed);
    }
    return new FileDigest(path, number(file, ROWS), digest, units);
  }

  // A unit's optional "parts" (locks with a split, pinned since per-part unit digests came in):
  // older format-5 locks have none and read as before.
  private static Map<Split.Part, FileDigest.PartRows> parts(JsonNode node) {
    Map<Split.Part, FileDigest.PartRows> parts = new EnumMap<>(Split.Part.class);
    if (node == null) {
      return parts;
    }
    Preconditions.checkArgument(node.isObject(), "field '%s' is not a JSON object", PARTS);
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      Split.Part part =
          Arrays.stream(Split.Part.values())
              .filter(p -> p.name().toLowerCase(Locale.ROOT).equals(entry.getKey()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          String.format(
                              "field '%s' names part '%s': the parts are train, validation and"
                                  + " test",
                              PARTS, entry.getKey())));
      JsonNode value = entry.getValue();
      Preconditions.checkArgument(
          value.isObject(), "field '%s.%s' is not a JSON object", PARTS, entry.getKey());
      parts.put(part, new FileDigest.PartRows(number(value, ROWS), text(value, DIGEST)));
    }
    return parts;
  }

  // Each element of array, an object, parsed; an error says which one, as in "units[2]: ...".
  private static <T> List<T> objects(JsonNode array, String name, Function<JsonNode, T> parse) {
    List<T> parsed = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode element = array.get(i);
      try {
        Preconditions.checkArgument(element.isObject(), "expected a JSON object");
        parsed.add(parse.apply(element));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + "[" + i + "]: " + e.getMessage(), e);
      }
    }
    return parsed;
  }
}
