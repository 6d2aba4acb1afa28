package dev.floe.python;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A virtual environment under {@code target/venv} with the client installed from a copy of its
 * sources (pip builds in the source folder, and the checkout must stay clean), its {@code torch}
 * extra and pytest. pip installs offline from the machine's wheels and local index, as the
 * account's pip configuration names them (on the build image {@code ~/.config/pip/pip.conf}: pip
 * runs with the real home folder, and with {@code --no-cache-dir} writes nothing there); {@code
 * PIP_RETRIES=0} keeps an unreachable PyPI from costing seconds per package. The environment is
 * kept between runs (creating it and installing torch takes about a minute); the client is
 * reinstalled every run. pytest runs with a home folder of its own.
 */
final class PythonVenv {
  private static final long INSTALL_MINUTES = 20;

  private final Path module;
  private final Path venv;
  private final Path home;

  private PythonVenv(Path module) {
    this.module = module;
    this.venv = module.resolve("target/venv");
    this.home = module.resolve("target/test-home");
  }

  /** The environment of the module folder {@code module}, created and brought up to date. */
  static PythonVenv ready(Path module) throws IOException, InterruptedException {
    PythonVenv env = new PythonVenv(module);
    env.prepare();
    return env;
  }

  Path python() {
    return venv.resolve("bin/python");
  }

  private void prepare() throws IOException, InterruptedException {
    Files.createDirectories(home);
    if (!Files.isExecutable(python())) {
      run(
          List.of("python3", "-m", "venv", venv.toString()),
          "create a virtual environment"
              + " (python3 with the venv module: apt-get install python3-venv)");
    }
    Path source = module.resolve("target/client-src");
    deleteTree(source);
    Files.createDirectories(source);
    Files.copy(module.resolve("pyproject.toml"), source.resolve("pyproject.toml"));
    Files.copy(module.resolve("README.md"), source.resolve("README.md"));
    copyTree(module.resolve("floe"), source.resolve("floe"));
    pip("install", source + "[torch]", "pytest");
    pip("install", "--no-deps", "--force-reinstall", source.toString());
  }

  private void pip(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(python().toString(), "-m", "pip"));
    command.add("--no-cache-dir");
    command.add("-q");
    command.addAll(List.of(args));
    run(command, "pip " + String.join(" ", args));
  }

  /** Runs {@code command} in the module folder with this environment; returns exit code, output. */
  Result exec(List<String> command, Map<String, String> env, long minutes)
      throws IOException, InterruptedException {
    Map<String, String> all = new HashMap<>(env);
    all.put("HOME", home.toString());
    return start(command, all, minutes);
  }

  private Result start(List<String> command, Map<String, String> env, long minutes)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(module.resolve("target"), "python-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(module.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // No bytecode in the checkout (the tests run from it).
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    builder.environment().put("PIP_RETRIES", "0");
    builder.environment().put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
        process.destroyForcibly().waitFor();
        return new Result(-1, "timed out after " + minutes + " min: " + read(log));
      }
      return new Result(process.exitValue(), read(log));
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  private void run(List<String> command, String what) throws IOException, InterruptedException {
    Result result;
    try {
      result = start(command, Map.of(), INSTALL_MINUTES);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot " + what + ": " + e.getMessage(), e);
    }
    if (result.exit() != 0) {
      throw new IllegalStateException(
          "Cannot " + what + " (exit " + result.exit() + "):\n" + result.output());
    }
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  record Result(int exit, String output) {}

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (dir.getFileName().toString().equals("__pycache__")) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(file, to.resolve(from.relativize(file).toString()));
            return FileVisitResult.CONTINUE;
          }
        });
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + root, e);
    }
  }
}
