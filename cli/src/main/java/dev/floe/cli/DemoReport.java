package dev.floe.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints the demo step by step and keeps score of its checks. */
final class DemoReport {
  private final PrintWriter out;
  private final int steps;
  private final List<String> failures = new ArrayList<>();
  private int step;
  private int checks;
  private long stepStart;

  DemoReport(PrintWriter out, int steps) {
    this.out = out;
    this.steps = steps;
  }

  void step(String title) {
    step++;
    stepStart = System.nanoTime();
    out.printf("%n[%d/%d] %s%n", step, steps, title);
    out.flush();
  }

  void line(String format, Object... args) {
    out.printf("      " + format + "%n", args);
    out.flush();
  }

  /** Records a check; a failed one makes the demo exit non-zero but lets later steps run. */
  boolean check(boolean passed, String what) {
    checks++;
    out.printf("      %s %s%n", passed ? "ok  " : "FAIL", what);
    out.flush();
    if (!passed) {
      failures.add("step " + step + ": " + what);
    }
    return passed;
  }

  void done() {
    out.printf("      (%s)%n", Format.since(stepStart));
  }

  int checks() {
    return checks;
  }

  List<String> failures() {
    return failures;
  }
}
