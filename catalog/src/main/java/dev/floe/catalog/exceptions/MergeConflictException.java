package dev.floe.catalog.exceptions;

import java.util.List;

/**
 * An experiment cannot merge into {@code main}: main changed the same tables since the experiment
 * branched. Nothing was merged; {@link #tables()} names the tables in conflict.
 */
public class MergeConflictException extends FloeException {
  private final List<String> tables;

  public MergeConflictException(List<String> tables, String message, Object... args) {
    super(message, args);
    this.tables = List.copyOf(tables);
  }

  public MergeConflictException(
      Throwable cause, List<String> tables, String message, Object... args) {
    super(cause, message, args);
    this.tables = List.copyOf(tables);
  }

  /** Tables that changed on both main and the experiment. */
  public List<String> tables() {
    return tables;
  }
}
