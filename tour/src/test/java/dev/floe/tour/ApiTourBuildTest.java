package dev.floe.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The tour's pom cannot inherit floe-parent (that would hide a pin missing from floe-bom), so it
 * names its test libraries and plugins itself: they must stay the versions Floe builds with.
 */
class ApiTourBuildTest {
  private static final Pattern PROPERTY = Pattern.compile("<(junit|assertj)\\.version>([^<]+)<");
  private static final Pattern PLUGIN =
      Pattern.compile(
          "<artifactId>(maven-[a-z-]+-plugin)</artifactId>\\s*<version>([^<]+)</version>");

  @Test
  void tourBuildsWithTheTestLibrariesAndPluginsFloeUses() throws IOException {
    String tour = Files.readString(Path.of(System.getProperty("floe.tour.pom")));
    String parent = Files.readString(Path.of(System.getProperty("floe.parent.pom")));

    Map<String, String> tourVersions = versions(tour);
    Map<String, String> parentVersions = versions(parent);
    assertThat(tourVersions).containsKeys("junit", "assertj", "maven-surefire-plugin");
    tourVersions.forEach(
        (name, version) ->
            assertThat(parentVersions.get(name))
                .as("version of %s in floe-parent's pom.xml", name)
                .isEqualTo(version));
  }

  private static Map<String, String> versions(String pom) {
    Map<String, String> versions = new LinkedHashMap<>();
    for (Pattern pattern : new Pattern[] {PROPERTY, PLUGIN}) {
      Matcher m = pattern.matcher(pom);
      while (m.find()) {
        versions.put(m.group(1), m.group(2));
      }
    }
    return versions;
  }
}
