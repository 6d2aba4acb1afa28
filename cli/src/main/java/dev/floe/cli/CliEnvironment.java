package dev.floe.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the floe command takes from the process it runs in: the environment ({@code FLOE_*}), the
 * working folder where {@code ./floe.properties} is looked up (null: none), the home folder for
 * {@code ~/.floe} (null: the JVM's {@code user.home}) and whether the user watches a terminal.
 * {@link FloeCli#main} reads the real process; in-process runs get {@link #clean()} unless they
 * pass their own, so a stray {@code FLOE_CATALOG_MODE} or a {@code floe.properties} in the build's
 * folder cannot redirect them.
 */
record CliEnvironment(Map<String, String> env, Path workingDir, Path home, boolean interactive) {
  CliEnvironment {
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  /** The running process: its environment, its working folder, its console. */
  static CliEnvironment system() {
    return new CliEnvironment(
        System.getenv(), Path.of("").toAbsolutePath(), null, isTerminal(System.console()));
  }

  /** No variables, no working-folder config, not a terminal. */
  static CliEnvironment clean() {
    return new CliEnvironment(Map.of(), null, null, false);
  }

  /** The environment of the floe command {@code spec} belongs to. */
  static CliEnvironment of(CommandSpec spec) {
    return spec.root().userObject() instanceof FloeCli cli ? cli.environment() : clean();
  }

  /**
   * {@code name} as a path, relative to the working folder when it is relative and there is one.
   */
  Path path(String name) {
    Path path = Path.of(name);
    return workingDir == null || path.isAbsolute() ? path : workingDir.resolve(path);
  }

  /** {@code forced} when the user said --progress or --no-progress, else only on a terminal. */
  boolean showProgress(Boolean forced) {
    return forced != null ? forced : interactive;
  }

  /**
   * Whether {@code console} is a terminal. Up to JDK 21 {@code System.console()} is null unless
   * stdin and stdout are terminals; from JDK 22 it is there even when output goes into a pipe, and
   * {@code Console.isTerminal()} (22+, called reflectively since Floe compiles for 17) tells.
   */
  static boolean isTerminal(Console console) {
    if (console == null) {
      return false;
    }
    Method isTerminal;
    try {
      isTerminal = Console.class.getMethod("isTerminal");
    } catch (NoSuchMethodException e) {
      return true; // JDK 17-21: a console exists only on a terminal
    }
    try {
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false; // cannot tell: no progress is the safe side, it never corrupts a pipe
    }
  }
}
