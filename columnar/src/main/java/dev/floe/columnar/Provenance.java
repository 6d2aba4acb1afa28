package dev.floe.columnar;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.util.JsonUtil;

/**
 * Where the rows of one data file came from: its {@link Contribution}s, kept in the file's own
 * key-value metadata under {@link #KEY} (the Parquet footer, ORC user metadata, Avro file
 * metadata), so the file carries it wherever it is copied and nothing else has to be kept in step.
 *
 * <p>Besides the counts, the file says which contribution each row belongs to, as runs of rows in
 * file order ({@link #at}): a rewrite that splits the file (a sorted compaction, applied deletes)
 * needs it to count its output's rows exactly. A file whose rows alternate between origins more
 * than {@link #MAX_RUNS} times keeps the counts only; a later rewrite of its rows then counts them
 * as unknown rather than guessing.
 */
public final class Provenance {
  /** The key of a data file's metadata that holds its provenance as JSON. */
  public static final String KEY = "floe.provenance";

  /** Runs kept per file, about 12 bytes each in the footer. */
  public static final int MAX_RUNS = 50_000;

  private static final int VERSION = 1;
  private final List<Contribution> contributions;
  // Pairs (index into contributions, rows) in file order; null when not kept.
  private final long[] runs;
  private final long rows;

  private Provenance(List<Contribution> contributions, long[] runs) {
    this.contributions = List.copyOf(contributions);
    this.rows = this.contributions.stream().mapToLong(Contribution::rows).sum();
    this.runs = runs != null && runs.length / 2 <= MAX_RUNS ? runs : null;
    if (this.runs != null) {
      long inRuns = 0;
      for (int k = 0; k < this.runs.length; k += 2) {
        Preconditions.checkArgument(
            this.runs[k] >= 0 && this.runs[k] < this.contributions.size(),
            "Invalid provenance: run %s names contribution %s of %s",
            k / 2,
            this.runs[k],
            this.contributions.size());
        inRuns += this.runs[k + 1];
      }
      Preconditions.checkArgument(
          inRuns == rows, "Invalid provenance: runs hold %s rows, contributions %s", inRuns, rows);
    }
  }

  /** A file's provenance; {@code runs} are pairs (contribution index, rows), or null. */
  public static Provenance of(List<Contribution> contributions, long[] runs) {
    Objects.requireNonNull(contributions, "contributions");
    return new Provenance(contributions, runs == null ? null : runs.clone());
  }

  /**
   * The provenance stored in {@code file}'s metadata, read from its footer only (no data pages);
   * empty when the file has none (written by another engine, or before Floe kept provenance).
   */
  public static Optional<Provenance> read(FileIO io, ContentFile<?> file) {
    String json = ProvenanceFooters.read(io.newInputFile(file.location()), file.format());
    return json == null ? Optional.empty() : Optional.of(fromJson(json, file.location()));
  }

  public List<Contribution> contributions() {
    return contributions;
  }

  /** The rows of the file, as its provenance counts them. */
  public long rows() {
    return rows;
  }

  /** Whether each row's contribution is known ({@link #at}), not only the counts. */
  public boolean hasPositions() {
    return runs != null || contributions.size() <= 1;
  }

  /**
   * Tells the contribution of each row; ask with increasing positions. A file without positions and
   * with more than one contribution answers {@link Contribution#unknown} for every row.
   */
  public Cursor cursor() {
    return new Cursor();
  }

  /** Hands each run of rows, in file order, to {@code sink} (contributions whole, without runs). */
  void replay(java.util.function.ObjLongConsumer<Contribution> sink) {
    if (runs == null) {
      contributions.forEach(c -> sink.accept(c, c.rows()));
      return;
    }
    for (int k = 0; k < runs.length; k += 2) {
      sink.accept(contributions.get((int) runs[k]), runs[k + 1]);
    }
  }

  /** Reads row positions of one file in increasing order. Not thread-safe. */
  public final class Cursor {
    private int run;
    private long runEnd = runs == null || runs.length == 0 ? 0 : runs[1];

    private Cursor() {}

    /** The contribution of the row at {@code position} (0-based, in file order). */
    public Contribution at(long position) {
      if (runs == null) {
        return contributions.size() == 1 && position < rows
            ? contributions.get(0)
            : Contribution.unknown(0);
      }
      while (position >= runEnd && run + 2 < runs.length) {
        run += 2;
        runEnd += runs[run + 1];
      }
      Preconditions.checkArgument(
          position < runEnd, "Invalid position %s: the file has %s rows", position, rows);
      return contributions.get((int) runs[run]);
    }
  }

  public String toJson() {
    return JsonUtil.generate(
        gen -> {
          gen.writeStartObject();
          gen.writeNumberField("version", VERSION);
          gen.writeArrayFieldStart("contributions");
          for (Contribution c : contributions) {
            gen.writeStartObject();
            gen.writeStringField("producer", c.producer());
            gen.writeStringField("run", c.run());
            gen.writeStringField("source", c.source());
            gen.writeNumberField("first_seq", c.firstSeq());
            gen.writeNumberField("last_seq", c.lastSeq());
            gen.writeNumberField("rows", c.rows());
            gen.writeEndObject();
          }
          gen.writeEndArray();
          if (runs != null) {
            gen.writeArrayFieldStart("runs");
            for (long value : runs) {
              gen.writeNumber(value);
            }
            gen.writeEndArray();
          }
          gen.writeEndObject();
        },
        false);
  }

  /** Parses what {@link #toJson} wrote; {@code where} names the file in errors. */
  public static Provenance fromJson(String json, String where) {
    try {
      return JsonUtil.parse(json, Provenance::fromJson);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          String.format("Invalid %s metadata in %s: %s", KEY, where, e.getMessage()), e);
    }
  }

  private static Provenance fromJson(JsonNode node) {
    int version = JsonUtil.getInt("version", node);
    Preconditions.checkArgument(version == VERSION, "unknown version %s", version);
    List<Contribution> list = new ArrayList<>();
    for (JsonNode c : node.get("contributions")) {
      list.add(
          new Contribution(
              JsonUtil.getStringOrNull("producer", c),
              JsonUtil.getStringOrNull("run", c),
              JsonUtil.getStringOrNull("source", c),
              JsonUtil.getLong("first_seq", c),
              JsonUtil.getLong("last_seq", c),
              JsonUtil.getLong("rows", c)));
    }
    List<Long> runs = JsonUtil.getLongListOrNull("runs", node);
    return new Provenance(
        list, runs == null ? null : runs.stream().mapToLong(Long::longValue).toArray());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Provenance other
        && contributions.equals(other.contributions)
        && Arrays.equals(runs, other.runs);
  }

  @Override
  public int hashCode() {
    return contributions.hashCode() * 31 + Arrays.hashCode(runs);
  }

  @Override
  public String toString() {
    return toJson();
  }
}
