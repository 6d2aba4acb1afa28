package dev.floe.catalog.testing;

import dev.floe.catalog.exceptions.NessieUnavailableException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The Java 21+ launcher for the Nessie runner: the lookup lives in main code ({@link
 * dev.floe.catalog.localnessie.NessieJava}, shared with {@code floe nessie start}). Without one,
 * each test class that uses Nessie fails with the same one line saying what to do, not a stack
 * trace.
 */
final class NessieJava {
  private NessieJava() {}

  static Path find() {
    try {
      return dev.floe.catalog.localnessie.NessieJava.find();
    } catch (NessieUnavailableException e) {
      throw new MissingRuntime(e.getMessage());
    }
  }

  /**
   * The message is the whole story and a dozen classes repeat it: only the frame that threw is kept
   * (an empty trace crashes Surefire's fork).
   */
  static final class MissingRuntime extends IllegalStateException {
    MissingRuntime(String detail) {
      super(
          "Nessie tests need a Java 21+ runtime: set FLOE_NESSIE_JAVA to a JDK 21+ (or run Maven"
              + " with -Dfloe.nessie.java=...) or install one under /usr/lib/jvm. "
              + detail.replaceAll("\\s*\\R\\s*", " "));
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      super.fillInStackTrace();
      StackTraceElement[] trace = getStackTrace();
      setStackTrace(Arrays.copyOf(trace, Math.min(trace.length, 1)));
      return this;
    }
  }
}
