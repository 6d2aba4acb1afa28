package dev.floe.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * A table of command output: a header line, then one line per row, each column as wide as its
 * widest cell and two spaces apart; text left-aligned, numbers right-aligned so their digits line
 * up. A line never ends in blanks. Scripts should use {@code --json}: the widths follow the data.
 */
final class TextTable {
  private final List<String> headers = new ArrayList<>();
  private final List<Boolean> rightAligned = new ArrayList<>();
  private final List<String[]> rows = new ArrayList<>();

  /** Adds left-aligned columns. */
  TextTable text(String... columns) {
    return add(columns, false);
  }

  /** Adds right-aligned columns. */
  TextTable number(String... columns) {
    return add(columns, true);
  }

  private TextTable add(String[] columns, boolean right) {
    Preconditions.checkState(
        rows.isEmpty(), "Cannot add columns %s after rows", Arrays.toString(columns));
    for (String header : columns) {
      headers.add(header);
      rightAligned.add(right);
    }
    return this;
  }

  /** Adds a row, one cell per column in order; a null cell prints as {@code -}. */
  TextTable row(Object... cells) {
    Preconditions.checkArgument(
        cells.length == headers.size(),
        "Invalid row %s: %s cells for %s columns %s",
        Arrays.toString(cells),
        cells.length,
        headers.size(),
        headers);
    rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : c.toString()).toArray(String[]::new));
    return this;
  }

  void print(PrintWriter out) {
    int[] widths = headers.stream().mapToInt(String::length).toArray();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    out.println(line(headers.toArray(new String[0]), widths));
    rows.forEach(row -> out.println(line(row, widths)));
  }

  private String line(String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      String pad = " ".repeat(widths[i] - cells[i].length());
      line.append(i == 0 ? "" : "  ");
      if (rightAligned.get(i)) {
        line.append(pad).append(cells[i]);
      } else {
        line.append(cells[i]).append(pad);
      }
    }
    return line.toString().stripTrailing();
  }
}
