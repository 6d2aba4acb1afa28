package dev.floe.ingest.files;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.apache.iceberg.data.Record;

/**
 * Random rows for {@link ArrowTextTypesTest#TABLE} as CSV and JSON lines, in the many spellings the
 * map-row conversion accepts for each type (spaces, signs, exponents, offsets, epoch numbers,
 * trailing zeros), every value valid, about one in eight null.
 */
final class TextValues {
  private static final String[] CSV_COLUMNS = {
    "id", "ok", "n", "big", "f", "d", "price", "wide", "day", "at_time", "at", "local", "word",
    "uid", "bin", "fx"
  };

  private TextValues() {}

  static String csv(Random random, int rows) {
    StringBuilder out = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
    for (int row = 0; row < rows; row++) {
      List<String> values = new ArrayList<>();
      values.add(Integer.toString(row));
      for (int c = 1; c < CSV_COLUMNS.length; c++) {
        String value = random.nextInt(8) == 0 ? null : scalar(random, CSV_COLUMNS[c]);
        values.add(value == null ? "" : csvText(value));
      }
      out.append(String.join(",", values)).append('\n');
    }
    return out.toString();
  }

  static String jsonLines(Random random, int rows) {
    StringBuilder out = new StringBuilder();
    for (int row = 0; row < rows; row++) {
      List<String> fields = new ArrayList<>();
      fields.add("\"id\": " + row);
      for (int c = 1; c < CSV_COLUMNS.length; c++) {
        String name = CSV_COLUMNS[c];
        if (random.nextInt(8) != 0 && !name.equals("bin") && !name.equals("fx")) {
          fields.add("\"" + name + "\": " + jsonScalar(random, name));
        }
      }
      maybe(random, fields, "tags", r -> list(r, () -> quoted(word(r))));
      maybe(random, fields, "vec", r -> list(r, () -> r.nextInt(6) == 0 ? "null" : floating(r)));
      maybe(random, fields, "point", TextValues::point);
      maybe(random, fields, "counts", r -> object(r, () -> Long.toString(r.nextLong()), true));
      maybe(random, fields, "spans", r -> list(r, () -> span(r)));
      if (random.nextInt(10) == 0) {
        fields.add("\"bin\": null");
      }
      out.append('{').append(String.join(", ", fields)).append("}\n");
    }
    return out.toString();
  }

  /** A record as text that tells every value apart, binary by its bytes. */
  static String describe(Record record) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < record.size(); i++) {
      Object value = record.get(i);
      text.append(i == 0 ? "" : "|")
          .append(
              value instanceof ByteBuffer b
                  ? "bytes"
                      + java.util.Arrays.toString(
                          org.apache.iceberg.util.ByteBuffers.toByteArray(b))
                  : value instanceof byte[] b ? "fixed" + java.util.Arrays.toString(b) : value);
    }
    return text.toString();
  }

  private static void maybe(
      Random random, List<String> fields, String name, Function<Random, String> value) {
    if (random.nextInt(6) != 0) {
      fields.add("\"" + name + "\": " + value.apply(random));
    }
  }

  private static String scalar(Random random, String column) {
    return switch (column) {
      case "ok" -> random.nextBoolean() ? "true" : "FALSE";
      case "n" -> pad(random, Integer.toString(random.nextInt()));
      case "big" ->
          random.nextBoolean() ? Long.toString(random.nextLong()) : random.nextInt(99) + ".0";
      case "f" ->
          random.nextInt(20) == 0 ? "-0.0" : Float.toString(random.nextFloat() * 1e6f - 5e5f);
      case "d" -> floating(random);
      case "price" -> decimal(random, 7, 2);
      case "wide" -> decimal(random, 28, 10);
      case "day" -> LocalDate.ofEpochDay(random.nextInt(40_000) - 5_000).toString();
      case "at_time" -> time(random);
      case "at" -> zoned(random);
      case "local" -> local(random);
      case "word" -> random.nextInt(10) == 0 ? " spaced, \"quoted\" " : word(random);
      case "uid" -> new UUID(random.nextLong(), random.nextLong()).toString();
      default -> null; // bin, fx: text is no value of theirs, only a null is
    };
  }

  private static String jsonScalar(Random random, String column) {
    return switch (column) {
      case "ok" -> Boolean.toString(random.nextBoolean());
      case "n", "big", "f", "d", "price", "wide" ->
          random.nextInt(5) == 0
              ? quoted(scalar(random, column).trim())
              : scalar(random, column).trim();
      case "at" ->
          random.nextInt(4) == 0 ? Long.toString(epochMillis(random)) : quoted(zoned(random));
      default -> quoted(scalar(random, column));
    };
  }

  private static String point(Random random) {
    List<String> fields = new ArrayList<>();
    fields.add("\"x\": " + floating(random));
    if (random.nextBoolean()) {
      fields.add("\"name\": " + (random.nextInt(4) == 0 ? "null" : quoted(word(random))));
    }
    if (random.nextBoolean()) {
      fields.add("\"cost\": " + decimal(random, 4, 1));
    }
    return "{" + String.join(", ", fields) + "}";
  }

  private static String span(Random random) {
    if (random.nextInt(8) == 0) {
      return "null";
    }
    String ids =
        object(
            random,
            () ->
                random.nextInt(5) == 0
                    ? "null"
                    : quoted(new UUID(random.nextLong(), random.nextLong()).toString()),
            false);
    return "{\"from\": " + quoted(time(random)) + ", \"ids\": " + ids + "}";
  }

  private static String object(
      Random random, java.util.function.Supplier<String> value, boolean words) {
    List<String> entries = new ArrayList<>();
    int size = random.nextInt(4);
    for (int i = 0; i < size; i++) {
      String key = words ? word(random) + i : Integer.toString(i * 7 - 3);
      entries.add(quoted(key) + ": " + value.get());
    }
    return "{" + String.join(", ", entries) + "}";
  }

  private static String list(Random random, java.util.function.Supplier<String> element) {
    List<String> elements = new ArrayList<>();
    int size = random.nextInt(5);
    for (int i = 0; i < size; i++) {
      elements.add(element.get());
    }
    return "[" + String.join(", ", elements) + "]";
  }

  private static String floating(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> Double.toString(random.nextGaussian() * 1e12);
      case 1 -> Integer.toString(random.nextInt(1000));
      case 2 -> String.format(java.util.Locale.ROOT, "%.3e", random.nextDouble());
      default -> Double.toString(random.nextDouble());
    };
  }

  private static String decimal(Random random, int digits, int scale) {
    StringBuilder text = new StringBuilder(random.nextBoolean() ? "-" : "");
    text.append(random.nextInt(9) + 1);
    int whole = random.nextInt(digits - scale);
    for (int i = 0; i < whole; i++) {
      text.append(random.nextInt(10));
    }
    int fraction = random.nextInt(scale + 1); // fewer digits than the scale: exact all the same
    if (fraction > 0) {
      text.append('.');
      for (int i = 0; i < fraction; i++) {
        text.append(random.nextInt(10));
      }
    }
    return text.toString();
  }

  private static String time(Random random) {
    LocalTime time = LocalTime.ofNanoOfDay((long) (random.nextDouble() * 86_400e9));
    return switch (random.nextInt(4)) {
      case 0 -> time.withSecond(0).withNano(0).toString(); // HH:mm
      case 1 -> time.withNano(0).toString();
      case 2 -> time.withNano(time.getNano() / 1000 * 1000).toString();
      default -> time.toString(); // nanoseconds: kept to microseconds by both paths
    };
  }

  private static String zoned(Random random) {
    ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(49) - 24) * 1800);
    return dateTime(random, 'T') + (random.nextBoolean() ? "Z" : offset.toString());
  }

  private static String local(Random random) {
    return random.nextInt(6) == 0
        ? LocalDate.ofEpochDay(random.nextInt(40_000) - 5_000).toString()
        : dateTime(random, random.nextBoolean() ? 'T' : ' ');
  }

  private static String dateTime(Random random, char separator) {
    LocalDate day = LocalDate.ofEpochDay(random.nextInt(40_000) - 5_000);
    LocalTime time = LocalTime.ofNanoOfDay((long) (random.nextDouble() * 86_400e9));
    return day + String.valueOf(separator) + time.withNano(time.getNano() / 1000 * 1000);
  }

  private static long epochMillis(Random random) {
    return 200_000_000_000L + (long) (random.nextDouble() * 5_000_000_000_000L);
  }

  private static String word(Random random) {
    String[] words = {"click", "view", "ünïcödé", "", "a b", "x"};
    return words[random.nextInt(words.length)];
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String csvText(String value) {
    return value.contains(",") || value.contains("\"")
        ? "\"" + value.replace("\"", "\"\"") + "\""
        : value;
  }

  private static String pad(Random random, String value) {
    return random.nextInt(6) == 0 ? " " + value + " " : value;
  }
}
