package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Builds the class-data-sharing archive (AppCDS) the {@code ./floe} launcher starts the CLI with:
 * the classes a few typical commands load, parsed, verified and laid out once in a file the JVM
 * maps at start-up, instead of read from 200 jars on every run. Most of a short command's time is
 * that loading, so the archive roughly halves it.
 *
 * <p>Two JVMs, the way JDK 17 builds a static archive: one runs the training commands ({@link
 * #train}) on a scratch warehouse and lists the classes it loaded; the second dumps those classes.
 * The archive is written beside its target and moved into place, so a crash leaves no half archive;
 * a JVM that finds the archive stale, corrupt or made by another JDK ignores it and loads classes
 * the ordinary way. Costs about ten seconds of CPU, once per build of the jar.
 *
 * <p>The launcher runs {@code java -cp floe-cli.jar dev.floe.cli.ClassDataArchive ARCHIVE}: the
 * archive is valid for runs with that same class path (the launcher's {@code -jar floe-cli.jar}).
 */
final class ClassDataArchive {
  /** What the launcher passes too: Arrow's memory module reads java.nio internals. */
  static final String OPENS = "--add-opens=java.base/java.nio=ALL-UNNAMED";

  private static final String TRAIN = "--train";
  private static final String TRAIN_QUICK = "--train-quick";
  private static final long TIMEOUT_MINUTES = 10;

  private ClassDataArchive() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length == 2 && (TRAIN.equals(args[0]) || TRAIN_QUICK.equals(args[0]))) {
      train(Path.of(args[1]), TRAIN_QUICK.equals(args[0]));
      // A pool thread a command left behind must not keep the archive waiting.
      System.exit(0);
    }
    Preconditions.checkArgument(args.length == 1, "Usage: ClassDataArchive ARCHIVE");
    create(
        javaBinary(),
        System.getProperty("java.class.path"),
        Path.of(args[0]).toAbsolutePath(),
        false);
  }

  /** The java launcher of the running JVM: the archive only fits the JDK that dumped it. */
  static Path javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /**
   * Writes {@code archive} for runs of {@code java} with {@code classpath}; throws if it cannot.
   * Jars only: the JVM archives no classes from folders (a build's {@code target/classes}). A
   * {@code quick} archive learns from help and an empty catalog only (seconds, not ten).
   */
  static void create(Path java, String classpath, Path archive, boolean quick)
      throws IOException, InterruptedException {
    for (String entry : classpath.split(File.pathSeparator)) {
      Preconditions.checkArgument(
          !Files.isDirectory(Path.of(entry)),
          "Cannot archive classes of folder %s: class data sharing takes jars only",
          entry);
    }
    Files.createDirectories(archive.toAbsolutePath().getParent());
    Path work = Files.createTempDirectory(archive.toAbsolutePath().getParent(), "cds-");
    try {
      Path classes = work.resolve("classes.txt");
      run(
          work,
          java.toString(),
          "-XX:DumpLoadedClassList=" + classes,
          OPENS,
          "-cp",
          classpath,
          ClassDataArchive.class.getName(),
          quick ? TRAIN_QUICK : TRAIN,
          work.resolve("warehouse").toString());
      Path dumped = work.resolve("floe-cli.jsa");
      run(
          work,
          java.toString(),
          "-Xshare:dump",
          // As at run time: newer JDKs keep their optimised module handling only if they match.
          OPENS,
          "-XX:SharedClassListFile=" + classes,
          "-XX:SharedArchiveFile=" + dumped,
          "-cp",
          classpath);
      Files.move(
          dumped, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      deleteTree(work);
    }
  }

  /**
   * What the archive learns from: help, the catalog opened on an empty and on a filled warehouse,
   * and a small demo (ingest, compaction, time travel). A command that fails here (its syntax
   * changed) only leaves its classes out of the archive.
   */
  static void train(Path warehouse, boolean quick) {
    String wh = warehouse.toString();
    Floe.open(FloeConfig.embedded(warehouse)).close();
    List<List<String>> commands =
        new ArrayList<>(
            List.of(List.of("--help"), List.of("tables", "--help"), List.of("tables", "-w", wh)));
    if (!quick) {
      commands.add(
          List.of("demo", "-w", wh, "--producers", "1", "--batches", "1", "--rows", "100"));
      commands.add(List.of("tables", "-w", wh));
      commands.add(List.of("snapshots", "-w", wh, "demo.events"));
    }
    for (List<String> command : commands) {
      try {
        FloeCli.run(command.toArray(new String[0]));
      } catch (RuntimeException | LinkageError e) {
        // A command that cannot run on this JDK (Arrow's allocator on a newer one) still leaves
        // the classes it loaded so far, and the next commands theirs.
        System.err.println("Training command " + command + " failed: " + e);
      }
    }
  }

  private static void run(Path work, String... command) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(command));
    Path log = work.resolve("step.log");
    Process process =
        new ProcessBuilder(args)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    process.getOutputStream().close();
    if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("Timed out after " + TIMEOUT_MINUTES + " min: " + args);
    }
    Preconditions.checkState(
        process.exitValue() == 0,
        "Cannot build the class-data archive: %s exited with %s:\n%s",
        args,
        process.exitValue(),
        Files.readString(log));
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dir, e);
    }
  }
}
