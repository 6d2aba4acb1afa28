package dev.floe.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode, as a person's browser would show a page: a
 * screenshot, or the DOM after scripts ran. The browser gets its own profile and home folder under
 * {@code work}, so it reads and writes nothing of the machine's user. Missing chromium fails the
 * test (CI installs it): a report nobody looked at is not tested.
 */
final class HeadlessChromium {
  private final Path work;

  HeadlessChromium(Path work) {
    this.work = work;
  }

  /** Renders {@code page} at 1280x2000 into {@code png}. */
  void screenshot(Path page, Path png) throws Exception {
    run("--screenshot=" + png, "--window-size=1280,2000", page.toUri().toString());
    if (!Files.isRegularFile(png) || Files.size(png) == 0) {
      throw new AssertionError("chromium wrote no screenshot to " + png);
    }
  }

  /** The page's DOM as serialized after its scripts ran. */
  String dumpDom(Path page) throws Exception {
    return run("--dump-dom", page.toUri().toString());
  }

  private String run(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(executable());
    command.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--user-data-dir=" + Files.createDirectories(work.resolve("chromium-profile"))));
    command.addAll(List.of(args));
    Path out = work.resolve("chromium.out");
    Path err = work.resolve("chromium.err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Path home = Files.createDirectories(work.resolve("home"));
    builder.environment().put("HOME", home.toString());
    builder.environment().put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    builder.environment().put("XDG_CACHE_HOME", home.resolve(".cache").toString());
    Process p = builder.start();
    // A guard against a hung browser, not a speed check.
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("chromium did not finish in 120 s: " + command);
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(
          "chromium failed (exit " + p.exitValue() + "): " + Files.readString(err));
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** Where Debian's package (and a local build) puts it; PATH is not read, so no shell matters. */
  private static String executable() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/local/bin/chromium")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new AssertionError(
        "chromium is not installed (no /usr/bin/chromium): the report test renders the page in"
            + " headless Chromium (Debian: apt-get install -y chromium; .ci/run installs it)");
  }
}
