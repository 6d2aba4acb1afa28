package dev.floe.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README honest: every Java block of its "API tour" section is the code ApiTourTest runs.
 * Block N of the README is the concatenation of ApiTourTest's {@code // tour:N} regions, each
 * compared without its own indentation and without trailing spaces.
 */
class ReadmeTourTest {
  private static final Pattern BEGIN = Pattern.compile("^\\s*// tour:(\\d+)\\s*$");
  private static final Pattern END = Pattern.compile("^\\s*// tour:end\\s*$");

  @Test
  void readmeApiTourIsTheCodeTheTourTestRuns() throws IOException {
    List<String> readme = readmeTour(Files.readAllLines(path("floe.readme")));
    Map<Integer, List<String>> tested = testedRegions(Files.readAllLines(path("floe.tour.source")));

    assertThat(readme).as("Java blocks in the README's API tour").isNotEmpty();
    assertThat(tested.keySet())
        .as("ApiTourTest has a // tour:N region for each README block, N from 1")
        .containsExactlyElementsOf(
            java.util.stream.IntStream.rangeClosed(1, readme.size()).boxed().toList());
    for (int n = 1; n <= readme.size(); n++) {
      assertThat(String.join("\n", tested.get(n)))
          .as("README API tour block %d (edit README.md and ApiTourTest together)", n)
          .isEqualTo(readme.get(n - 1));
    }
  }

  private static Path path(String property) {
    String value = System.getProperty(property);
    assertThat(value).as("system property %s (set by the tour's pom)", property).isNotNull();
    return Path.of(value);
  }

  /** The ```java blocks between "## API tour" and the next "## " heading, dedented. */
  static List<String> readmeTour(List<String> lines) {
    List<String> blocks = new ArrayList<>();
    boolean inSection = false;
    List<String> block = null;
    for (String line : lines) {
      if (block == null && line.startsWith("## ")) {
        inSection = line.trim().equals("## API tour");
      } else if (inSection && block == null && line.trim().equals("```java")) {
        block = new ArrayList<>();
      } else if (block != null && line.trim().equals("```")) {
        blocks.add(String.join("\n", dedent(block)));
        block = null;
      } else if (block != null) {
        block.add(line);
      }
    }
    return blocks;
  }

  /** Regions by block number, each dedented on its own, in source order. */
  static Map<Integer, List<String>> testedRegions(List<String> lines) {
    Map<Integer, List<String>> regions = new TreeMap<>();
    List<String> region = null;
    int block = 0;
    for (String line : lines) {
      Matcher begin = BEGIN.matcher(line);
      if (region == null && begin.matches()) {
        block = Integer.parseInt(begin.group(1));
        region = new ArrayList<>();
      } else if (region != null && END.matcher(line).matches()) {
        regions.computeIfAbsent(block, k -> new ArrayList<>()).addAll(dedent(region));
        region = null;
      } else if (region != null) {
        region.add(line);
      }
    }
    assertThat(region).as("a // tour:%d region without // tour:end", block).isNull();
    return regions;
  }

  private static List<String> dedent(List<String> lines) {
    int indent =
        lines.stream()
            .filter(line -> !line.isBlank())
            .mapToInt(line -> line.length() - line.stripLeading().length())
            .min()
            .orElse(0);
    return lines.stream()
        .map(line -> line.isBlank() ? "" : line.substring(indent).stripTrailing())
        .toList();
  }
}
