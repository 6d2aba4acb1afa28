package dev.floe.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The batches every producer had committed on a writer's branch when {@link
 * TableWriter#committed()} read the branch head: what the writer's own duplicate check consults,
 * for callers that choose their producer ids or skip work by it (the CLI finds a file's earlier
 * ingest by a producer id prefix). Immutable; a later commit is not seen.
 */
public final class CommittedBatches {
  private final TreeMap<String, SequenceSet> state;

  CommittedBatches(Map<String, SequenceSet> state) {
    this.state = new TreeMap<>(state);
  }

  /** The producers with committed batches whose ids start with {@code prefix}, in id order. */
  public List<String> producers(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    List<String> found = new ArrayList<>();
    for (String producer : state.tailMap(prefix, true).keySet()) {
      if (!producer.startsWith(prefix)) {
        break; // sorted: no later id has the prefix
      }
      if (!state.get(producer).isEmpty()) {
        found.add(producer);
      }
    }
    return List.copyOf(found);
  }

  /** Whether batch {@code sequence} of {@code producer} is committed. */
  public boolean contains(String producer, long sequence) {
    return state
        .getOrDefault(Objects.requireNonNull(producer, "producer"), SequenceSet.EMPTY)
        .contains(sequence);
  }

  /**
   * The smallest committed batch sequence of {@code producer} at or after {@code from}, or -1 if
   * none: walks a producer's sequences without listing them ({@code floe ingest} reads the row
   * ranges its sequences encode).
   */
  public long ceiling(String producer, long from) {
    return state
        .getOrDefault(Objects.requireNonNull(producer, "producer"), SequenceSet.EMPTY)
        .ceiling(from);
  }
}
