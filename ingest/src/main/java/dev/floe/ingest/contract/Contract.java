package dev.floe.ingest.contract;

import dev.floe.catalog.exceptions.InvalidContractException;
import dev.floe.catalog.internal.SmallFiles;
import dev.floe.ingest.TableWriter;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * A data contract for one table: schema expectations and quality rules, each {@link Severity#WARN}
 * or {@link Severity#BLOCK}. Metadata rules are checked by {@link #check(Table)} from table
 * metadata and manifests only (no data file is read); row-level rules run in the writer through
 * {@link #applyTo}. The file format is in the README's "Data contracts" section.
 *
 * @param table the table the contract is for, or null when the file does not say
 */
public record Contract(String table, List<ContractRule> rules) {
  public Contract {
    rules = List.copyOf(rules);
  }

  /** Reads a contract file; errors name the file, the line and the rule. */
  public static Contract read(Path file) {
    Preconditions.checkNotNull(file, "Invalid contract file: null");
    try {
      // Bounded for pipes and devices: a contract of /dev/zero is an error, not an OOM.
      return parse(SmallFiles.read(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new InvalidContractException(e, "Cannot read contract %s: no such file", file);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new InvalidContractException(e, "Cannot read contract %s: not UTF-8 text", file);
    } catch (IOException e) {
      throw new InvalidContractException(e, "Cannot read contract %s: %s", file, e.getMessage());
    }
  }

  /** Parses contract JSON; {@code source} names it in errors (a file name, "inline"). */
  public static Contract parse(String json, String source) {
    return ContractParser.parse(json, source);
  }

  /** Starts checking the metadata rules on {@code table}; see {@link ContractCheck}. */
  public ContractCheck check(Table table) {
    return new ContractCheck(this, table);
  }

  /**
   * Adds the contract's blocking row-level rules ({@code range}, {@code allowed_values}, {@code
   * regex}) to a writer: rows that break them go to the writer's dead letters (or reject the batch,
   * without dead letters). Warn-only rules are not added: a warning must not stop data. Values
   * compare by number for numbers and by text otherwise, so {@code [1, 2]} allows a long 1.
   */
  public TableWriter.Builder applyTo(TableWriter.Builder writer) {
    Preconditions.checkNotNull(writer, "Invalid writer: null");
    for (ContractRule rule : rules) {
      if (rule.severity() != Severity.BLOCK) {
        continue;
      }
      switch (rule.kind()) {
        case RANGE -> {
          double lo = rule.min() == null ? Double.NEGATIVE_INFINITY : rule.min();
          double hi = rule.max() == null ? Double.POSITIVE_INFINITY : rule.max();
          // A value that is no number breaks the rule (and is named) instead of failing the write.
          writer.rule(
              rule.column(),
              v ->
                  v == null
                      || (v instanceof Number n && n.doubleValue() >= lo && n.doubleValue() <= hi),
              "in [" + lo + ", " + hi + "]");
        }
        case ALLOWED_VALUES -> {
          Set<Object> allowed =
              rule.values().stream().map(Contract::comparable).collect(Collectors.toSet());
          writer.rule(
              rule.column(),
              v -> v == null || allowed.contains(comparable(v)),
              "one of " + rule.values());
        }
        case REGEX -> {
          Pattern pattern = Pattern.compile(rule.pattern());
          writer.rule(
              rule.column(),
              v -> v == null || pattern.matcher(v.toString()).matches(),
              "matches /" + rule.pattern() + "/");
        }
        default -> {
          // Metadata rules: checked by check(table), not per row.
        }
      }
    }
    return writer;
  }

  private static Object comparable(Object value) {
    return value instanceof Number n ? (Object) n.doubleValue() : value.toString();
  }
}
