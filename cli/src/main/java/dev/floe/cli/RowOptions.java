package dev.floe.cli;

import dev.floe.timetravel.Filters;
import java.util.List;
import org.apache.iceberg.expressions.Expression;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --columns} and {@code --filter}: which rows and columns a read or a pin takes. */
final class RowOptions {
  @Option(
      names = "--columns",
      split = ",",
      paramLabel = "COL",
      description = "Columns (default all; of every table when there are several).")
  List<String> columns;

  @Option(
      names = "--filter",
      paramLabel = "EXPR",
      description =
          "Only rows matching, e.g. \"label = 'cat' and amount >= 2.5\" (=, !=, <, <=, >, >=,"
              + " is [not] null, in (..), and, or, not, parentheses).")
  String filter;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** The columns asked for, or null for all of them. */
  String[] columns() {
    return columns == null ? null : columns.toArray(new String[0]);
  }

  /** The rows asked for, or null for all; a filter that does not parse is a usage error. */
  Expression filter() {
    try {
      return filter == null ? null : Filters.parse(filter);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), e.getMessage());
    }
  }
}
