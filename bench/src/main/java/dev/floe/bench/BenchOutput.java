package dev.floe.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a report as {@code NAME.json} and {@code NAME.md} into an output folder. */
public final class BenchOutput {
  private BenchOutput() {}

  /** Returns the two files written. */
  public static List<Path> write(BenchReport report, Path outDir) {
    try {
      Files.createDirectories(outDir);
      Path json = outDir.resolve(report.name() + ".json");
      Path markdown = outDir.resolve(report.name() + ".md");
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(json.toFile(), toJson(report));
      Files.writeString(markdown, markdown(report));
      return List.of(json, markdown);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write benchmark results to " + outDir, e);
    }
  }

  /** A Markdown table of the cases, with the environment the numbers came from. */
  public static String markdown(BenchReport report) {
    StringBuilder md = new StringBuilder();
    md.append("## ").append(report.name()).append(report.quick() ? " (quick)" : "").append("\n\n");
    md.append("| workload | subject | rows | MB | seconds | rows/s | MB/s |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|\n");
    for (BenchCase c : report.cases()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,d | %.1f | %.2f | %,.0f | %.1f |%n",
              c.workload(),
              c.subject(),
              c.rows(),
              c.bytes() / 1048576.0,
              c.seconds(),
              c.rowsPerSecond(),
              c.megabytesPerSecond()));
    }
    md.append("\n`").append(report.resultLine()).append("`\n\n");
    if (report.notes() != null && !report.notes().isBlank()) {
      md.append(report.notes()).append("\n\n");
    }
    md.append("Environment: ").append(environment()).append("\n");
    return md.toString();
  }

  private static Map<String, Object> toJson(BenchReport report) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", report.name());
    json.put("quick", report.quick());
    json.put("finishedAt", Instant.now().toString());
    json.put("environment", environment());
    json.put("result", report.result());
    json.put(
        "cases",
        report.cases().stream()
            .map(
                c -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("workload", c.workload());
                  row.put("subject", c.subject());
                  row.put("rows", c.rows());
                  row.put("bytes", c.bytes());
                  row.put("seconds", c.seconds());
                  row.put("rowsPerSecond", Math.round(c.rowsPerSecond()));
                  row.put("megabytesPerSecond", Math.round(c.megabytesPerSecond() * 10) / 10.0);
                  return row;
                })
            .toList());
    json.put("notes", report.notes());
    return json;
  }

  static String environment() {
    return String.format(
        Locale.ROOT,
        "Java %s, %d cores, %s %s",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"));
  }
}
