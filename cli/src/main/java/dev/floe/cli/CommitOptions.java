package dev.floe.cli;

import dev.floe.catalog.Durations;
import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.ingest.DeadLetter;
import dev.floe.ingest.EvolutionPolicy;
import dev.floe.ingest.IngestProperties;
import dev.floe.ingest.TableWriter;
import dev.floe.ingest.profile.ProfileTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.util.PropertyUtil;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How {@code floe ingest}'s writer makes its commits: the file format, when a group commit closes,
 * schema evolution, dead letters and the profile table; and the {@link TableWriter.Builder} they
 * make. {@link #validate} first, so a bad value stops the run before anything is opened.
 */
final class CommitOptions {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)b?");

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "Data file format: parquet or orc (default: the table's write.format.default; parquet"
              + " for a table --create makes).")
  String format; // null: the table's own

  @Option(
      names = "--commit-bytes",
      paramLabel = "SIZE",
      description =
          "Commit once the batches waiting hold this much data in memory, e.g. 256MB (default"
              + " 1GB, or a quarter of the heap if less). Larger: fewer snapshots and files, more"
              + " memory (up to about twice it).")
  String commitBytes;

  @Option(
      names = "--commit-interval",
      paramLabel = "DURATION",
      description = "Commit at the latest this long after a batch is read, e.g. 10s (default 60s).")
  String commitInterval = "60s";

  @Option(
      names = "--evolution",
      paramLabel = "POLICY",
      description =
          "How the table's schema may change to fit the input: strict (default), add-columns or"
              + " add-and-widen.")
  String evolution = IngestProperties.EVOLUTION_DEFAULT;

  @Option(
      names = "--dead-letter",
      paramLabel = "DIR",
      description =
          "Write rows that do not fit the table to Parquet files in DIR with the reason and append"
              + " the others; without it a bad row stops the run, naming its file and line.")
  Path deadLetter;

  @Option(
      names = "--no-profile-table",
      negatable = false,
      description =
          "When TABLE profiles its commits (floe.ingest.profile.enabled), do not also write each"
              + " commit's profile to NAMESPACE."
              + ProfileTable.NAME
              + " (the default writes it there, readable by any engine, before the data commit).")
  boolean noProfileTable;

  private EvolutionPolicy policy;
  private Duration interval;
  private long groupBytes;

  /** The data file format --format names, or null: the table's own. */
  FileFormat given() {
    return format == null ? null : FileFormat.fromString(format);
  }

  /** Parses the values; a bad one is a usage error (exit 2) naming it. */
  void validate(CommandSpec spec) {
    policy = usage(spec, () -> EvolutionPolicy.fromString(evolution));
    interval = usage(spec, () -> Durations.parse(commitInterval));
    groupBytes =
        commitBytes == null
            ? Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4)
            : usage(spec, () -> bytes(commitBytes));
  }

  /** Without --format, the files the table says it is made of (ORC tables stayed Parquet). */
  static FileFormat formatOf(Table table) {
    return FileFormat.fromString(
        table
            .properties()
            .getOrDefault(
                TableProperties.DEFAULT_FILE_FORMAT, TableProperties.DEFAULT_FILE_FORMAT_DEFAULT));
  }

  /** A group-commit writer to {@code target} with these options, after {@link #validate}. */
  TableWriter.Builder writer(
      Floe floe, ResolvedTable target, String producer, FileFormat fileFormat, SortOrder order) {
    TableWriter.Builder builder =
        TableWriter.forTable(target)
            .producerId(producer)
            .format(fileFormat)
            .evolution(policy)
            .groupCommit(interval, groupBytes)
            .sortOrder(order)
            .fillGroups();
    if (deadLetter != null) {
      builder.deadLetter(DeadLetter.parquetFolder(deadLetter));
    }
    if (!noProfileTable && profiles(target.table())) {
      builder.profileTable(
          ProfileTable.of(floe, target.name().identifier().namespace().toString()));
    }
    return builder;
  }

  /**
   * Whether the writer profiles the table's commits: the table property, as the writer reads it.
   */
  private static boolean profiles(Table table) {
    return PropertyUtil.propertyAsBoolean(
        table.properties(),
        IngestProperties.PROFILE_ENABLED,
        IngestProperties.PROFILE_ENABLED_DEFAULT);
  }

  /** {@code 1GB}, {@code 256mb}, {@code 65536}: bytes. */
  static long bytes(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    Preconditions.checkArgument(
        m.matches(), "Invalid --commit-bytes: %s (use e.g. 256MB, 1GB or a number of bytes)", text);
    int shift = "kmg".indexOf(m.group(2).isEmpty() ? ' ' : m.group(2).charAt(0)) * 10 + 10;
    long value;
    try {
      // A shift would wrap silently on overflow: 99999999999G must be refused, not mis-sized.
      value =
          Math.multiplyExact(Long.parseLong(m.group(1)), m.group(2).isEmpty() ? 1L : 1L << shift);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("Invalid --commit-bytes: " + text + " (too large)");
    }
    Preconditions.checkArgument(value > 0, "Invalid --commit-bytes: %s (must be > 0)", text);
    return value;
  }

  private static <T> T usage(CommandSpec spec, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
