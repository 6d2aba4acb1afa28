package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.InternalData;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's CLI tour (the first code block of its "## CLI" section), in order, against a
 * temp warehouse, so a README command that breaks fails here. A line runs when it starts with
 * {@code ./floe } and, without its trailing {@code # comment}:
 *
 * <ul>
 *   <li>has no placeholder: no {@code |}, {@code [}, {@code ...} or upper-case word such as DIR,
 *       ID, FILE, N;
 *   <li>needs no server and no long run: not {@code nessie} or {@code bench}, no {@code #hash},
 *       {@code --catalog-mode}, {@code --nessie-uri} or {@code --s3-config};
 *   <li>names no ref ({@code db.t@ref}): the tour's branches and tags are made in an order meant
 *       for reading, not running;
 *   <li>is not in {@link #NEEDS_SKIPPED_LINES} (it reads what a skipped line writes).
 * </ul>
 *
 * <p>File arguments (names ending in .json, .jsonl, .csv, .parquet, .arrow, .arrows or .properties)
 * live in a temp folder; this test writes the inputs the tour names ({@link #inputs}). The
 * warehouse comes from FLOE_WAREHOUSE of the command's environment.
 */
class CliTourTest {
  /** Lines that read what a skipped line writes, by a part of their text. */
  static final Set<String> NEEDS_SKIPPED_LINES = Set.of();

  private static final Pattern PLACEHOLDER = Pattern.compile("\\||\\[|\\.\\.\\.|\\b[A-Z]{2,}\\b");
  private static final Pattern TOKEN = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)");
  private static final Pattern FILE =
      Pattern.compile(".*\\.(json|jsonl|csv|parquet|arrow|arrows|properties)");

  static final Schema EVENTS =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "user_id", Types.IntegerType.get()),
          Types.NestedField.optional(3, "event_ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(4, "label", Types.StringType.get()),
          Types.NestedField.optional(5, "amount", Types.DoubleType.get()));

  @TempDir Path dir;

  @Test
  void readmeCliTourRunsInEmbeddedMode() throws IOException {
    List<String> tour = tour(Files.readAllLines(readme()));
    assertThat(tour).as("the CLI tour starts from floe table create").isNotEmpty();
    assertThat(tour.get(0)).startsWith("./floe table create ");
    inputs();
    CliEnvironment environment =
        new CliEnvironment(Map.of("FLOE_WAREHOUSE", dir.resolve("wh").toString()), dir, dir, false);

    List<String> ran = new ArrayList<>();
    for (String line : tour) {
      String command = withoutComment(line);
      if (!runnable(command)) {
        continue;
      }
      CliRun run = CliRun.floe(environment, args(command));
      assertThat(run.exitCode()).as("README line: %s%n%s", line, run.err()).isZero();
      ran.add(command);
    }
    assertThat(ran)
        .as("README lines run")
        .anyMatch(l -> l.startsWith("./floe table evolve "))
        .anyMatch(l -> l.startsWith("./floe table drop "))
        .anyMatch(l -> l.contains(" --create "));
  }

  @Test
  void theRuleSkipsPlaceholdersRefsAndServers() {
    assertThat(runnable("./floe table describe demo.events --json")).isTrue();
    assertThat(runnable("./floe tables [--json]")).isFalse();
    assertThat(runnable("./floe rehydrate x.json --format parquet|arrow")).isFalse();
    assertThat(runnable("./floe tag demo.events r1 --snapshot ID")).isFalse();
    assertThat(runnable("./floe read demo.events@exp-1 --limit 5")).isFalse();
    assertThat(runnable("./floe nessie start")).isFalse();
    assertThat(withoutComment("./floe read t --limit 5   # newest first"))
        .isEqualTo("./floe read t --limit 5");
    assertThat(List.of(args("./floe read t --filter \"a = 'x'\" --out r.arrows")))
        .containsExactly(
            "read", "t", "--filter", "a = 'x'", "--out", dir.resolve("r.arrows").toString());
  }

  /** The lines of the first code block after "## CLI", continuation comments left out. */
  static List<String> tour(List<String> readme) {
    List<String> lines = new ArrayList<>();
    boolean inSection = false;
    boolean inBlock = false;
    for (String line : readme) {
      if (!inBlock && line.startsWith("## ")) {
        inSection = line.strip().equals("## CLI");
      } else if (inSection && line.strip().startsWith("```")) {
        if (inBlock) {
          return lines;
        }
        inBlock = true;
      } else if (inBlock && line.startsWith("./floe ")) {
        lines.add(line);
      }
    }
    return lines;
  }

  static String withoutComment(String line) {
    return line.replaceFirst("\\s+#\\s.*$", "").strip();
  }

  static boolean runnable(String command) {
    String rest = command.substring("./floe ".length());
    String first = rest.split("\\s+")[0];
    return !PLACEHOLDER.matcher(command).find()
        && !first.equals("nessie")
        && !first.equals("bench")
        && !command.contains("#")
        && !command.contains("@")
        && !command.contains("--catalog-mode")
        && !command.contains("--nessie-uri")
        && !command.contains("--s3-config")
        && NEEDS_SKIPPED_LINES.stream().noneMatch(command::contains);
  }

  private String[] args(String command) {
    List<String> args = new ArrayList<>();
    Matcher m = TOKEN.matcher(command.substring("./floe ".length()));
    while (m.find()) {
      String token = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      boolean quoted = m.group(3) == null;
      args.add(!quoted && FILE.matcher(token).matches() ? dir.resolve(token).toString() : token);
    }
    return args.toArray(new String[0]);
  }

  /** The input files the tour names, with the columns of its events table. */
  private void inputs() throws IOException {
    Files.writeString(
        dir.resolve("events.json"),
        "{\"columns\": [{\"name\": \"id\", \"type\": \"long\", \"required\": true},"
            + " {\"name\": \"user_id\", \"type\": \"int\"},"
            + " {\"name\": \"event_ts\", \"type\": \"timestamptz\"},"
            + " {\"name\": \"label\", \"type\": \"string\"},"
            + " {\"name\": \"amount\", \"type\": \"double\"}]}");
    Files.writeString(
        dir.resolve("a.jsonl"),
        "{\"id\": 1, \"user_id\": 7, \"event_ts\": \"2026-11-21T10:00:00Z\", \"label\": \"click\","
            + " \"amount\": 3.5}\n");
    String csv = "id,user_id,event_ts,label,amount\n2,8,2026-11-22T10:00:00Z,view,1.0\n";
    Files.writeString(dir.resolve("b.csv"), csv);
    Files.writeString(dir.resolve("export.csv"), csv.replace(',', ';').replace("2;8", "3;9"));
    // A new column (--evolution add-columns) and a row that does not fit (--dead-letter).
    Files.writeString(
        dir.resolve("big.csv"),
        "id,user_id,event_ts,label,amount,channel\n"
            + "6,9,2026-11-23T10:00:00Z,buy,2.0,web\n"
            + "7,9,not-a-time,buy,2.0,app\n");
    parquet(dir.resolve("c.parquet"), 4);
    parquet(dir.resolve("clicks.parquet"), 5);
    IngestCreateTest.arrowFile(dir.resolve("d.arrow"));
  }

  private static void parquet(Path file, long id) throws IOException {
    try (FileAppender<Record> out =
        InternalData.write(FileFormat.PARQUET, org.apache.iceberg.Files.localOutput(file.toFile()))
            .schema(EVENTS)
            .build()) {
      Record row = GenericRecord.create(EVENTS);
      row.setField("id", id);
      row.setField("user_id", 10);
      row.setField("label", "click");
      row.setField("amount", 2.5);
      out.add(row);
    }
  }

  private static Path readme() {
    return Path.of(System.getProperty("basedir", "."), "..", "README.md").normalize();
  }
}
