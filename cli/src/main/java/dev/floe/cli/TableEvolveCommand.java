package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.SchemaJson;
import dev.floe.catalog.TableRef;
import dev.floe.catalog.TableSpecs;
import dev.floe.catalog.exceptions.SchemaEvolutionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdatePartitionSpec;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code floe table evolve}: the schema changes old rows survive (the ones a writer's evolution
 * policy may make, plus renames and relaxing a required column), a new partition spec and sort
 * order, all in one commit. Nothing is dropped and nothing narrows: old data files stay readable.
 */
@Command(
    name = "evolve",
    mixinStandardHelpOptions = true,
    description = {
      "Change a table's schema, partitioning and sort order in one commit; table-wide, so no @ref.",
      "Allowed: add an optional column, widen a type (int->long, float->double, decimal to more"
          + " digits), rename, make a column optional, replace the partition spec or sort order."
          + " Refused: required new columns, narrowing, dropping."
    })
final class TableEvolveCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "TABLE", description = "db.table")
  String name;

  @Option(
      names = "--add-column",
      paramLabel = "\"NAME TYPE\"",
      description = "Add an optional column, e.g. \"score double\" (repeatable).")
  List<String> addColumns = new ArrayList<>();

  @Option(
      names = "--required",
      description = "Refused: a required column cannot be added, old rows have no value for it.")
  boolean required;

  @Option(
      names = "--widen",
      paramLabel = "\"COL TYPE\"",
      description = "Widen a column's type, e.g. \"clicks long\" (repeatable).")
  List<String> widen = new ArrayList<>();

  @Option(names = "--rename", paramLabel = "OLD=NEW", description = "Rename a column.")
  Map<String, String> renames = new LinkedHashMap<>();

  @Option(names = "--make-optional", paramLabel = "COL", description = "Let a column hold nulls.")
  List<String> makeOptional = new ArrayList<>();

  @Option(
      names = "--partition-by",
      paramLabel = "SPEC",
      description = "Replace the partition spec (terms as in table create; \"\" unpartitions).")
  String partitionBy;

  @Option(names = "--sort-by", paramLabel = "ORDER", description = "Replace the sort order.")
  String sortBy;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    if (required) {
      throw NewTableOptions.usage(
          spec,
          "Cannot add a required column: rows written before it have no value for it (add it"
              + " optional, without --required)");
    }
    TableRef ref = TableRef.parse(name);
    if (!ref.isMain()) {
      throw NewTableOptions.usage(
          spec,
          "Cannot evolve %s: a schema is table-wide, on every branch; name the table without @%s",
          name,
          ref.ref());
    }
    if (addColumns.isEmpty()
        && widen.isEmpty()
        && renames.isEmpty()
        && makeOptional.isEmpty()
        && partitionBy == null
        && sortBy == null) {
      throw NewTableOptions.usage(
          spec,
          "Nothing to change: give --add-column, --widen, --rename, --make-optional,"
              + " --partition-by or --sort-by");
    }
    try (Floe floe = catalog.open()) {
      Table table = floe.tables().load(name);
      Transaction txn = table.newTransaction();
      if (!addColumns.isEmpty()
          || !widen.isEmpty()
          || !renames.isEmpty()
          || !makeOptional.isEmpty()) {
        UpdateSchema update = txn.updateSchema();
        Schema schema = table.schema();
        for (String text : addColumns) {
          String[] parts = nameAndType("--add-column", text);
          if (schema.caseInsensitiveFindField(parts[0]) != null) {
            throw new SchemaEvolutionException(
                "Cannot add column %s: the table has a column of that name", parts[0]);
          }
          Type type =
              NewTableOptions.parsed(spec, "--add-column " + text, () -> SchemaJson.type(parts[1]));
          // geo.alt adds alt to the struct geo.
          int dot = parts[0].lastIndexOf('.');
          if (dot > 0 && schema.findField(parts[0].substring(0, dot)) != null) {
            update.addColumn(parts[0].substring(0, dot), parts[0].substring(dot + 1), type);
          } else {
            update.addColumn(parts[0], type);
          }
        }
        for (String text : widen) {
          String[] parts = nameAndType("--widen", text);
          Types.NestedField column = existing(schema, parts[0], "widen");
          Type to =
              NewTableOptions.parsed(spec, "--widen " + text, () -> SchemaJson.type(parts[1]));
          if (!to.isPrimitiveType()
              || !TypeUtil.isPromotionAllowed(column.type(), to.asPrimitiveType())) {
            throw new SchemaEvolutionException(
                "Cannot widen column %s from %s to %s: only int->long, float->double and"
                    + " decimal(P,S)->decimal(P2,S) with P2>P are safe for old rows",
                parts[0], column.type(), to);
          }
          if (!to.equals(column.type())) {
            update.updateColumn(parts[0], to.asPrimitiveType());
          }
        }
        for (Map.Entry<String, String> rename : renames.entrySet()) {
          existing(schema, rename.getKey(), "rename");
          if (schema.findField(rename.getValue()) != null) {
            throw new SchemaEvolutionException(
                "Cannot rename column %s to %s: the table has a column %s",
                rename.getKey(), rename.getValue(), rename.getValue());
          }
          update.renameColumn(rename.getKey(), rename.getValue());
        }
        for (String column : makeOptional) {
          existing(schema, column, "make optional");
          update.makeColumnOptional(column);
        }
        update.commit();
      }
      Schema schema = txn.table().schema();
      if (partitionBy != null) {
        PartitionSpec wanted =
            NewTableOptions.parsed(
                spec, "--partition-by", () -> TableSpecs.partitionSpec(schema, partitionBy));
        replaceSpec(txn, wanted);
      }
      if (sortBy != null) {
        NewTableOptions.parsed(
                spec, "--sort-by", () -> TableSpecs.sortBy(schema, txn.replaceSortOrder(), sortBy))
            .commit();
      }
      txn.commitTransaction();
      Table evolved = floe.tables().load(name);
      if (output.json) {
        output.printJson(TableLayout.json(name, evolved));
      } else {
        TableLayout.print(output.out(), "Evolved", name, evolved);
      }
    }
  }

  /** Keeps the fields both specs have (their ids, so old data stays pruned by them). */
  private static void replaceSpec(Transaction txn, PartitionSpec wanted) {
    PartitionSpec current = txn.table().spec();
    Schema schema = txn.table().schema();
    UpdatePartitionSpec update = txn.updateSpec();
    boolean changed = false;
    for (PartitionField field : current.fields()) {
      if (wanted.fields().stream().noneMatch(f -> same(f, field))) {
        update.removeField(field.name());
        changed = true;
      }
    }
    for (PartitionField field : wanted.fields()) {
      if (current.fields().stream().noneMatch(f -> same(f, field))) {
        String source = schema.findColumnName(field.sourceId());
        update.addField(field.name(), Expressions.transform(source, field.transform()));
        changed = true;
      }
    }
    if (changed) {
      update.commit();
    }
  }

  private static boolean same(PartitionField a, PartitionField b) {
    return a.sourceId() == b.sourceId() && Objects.equals(a.transform(), b.transform());
  }

  private String[] nameAndType(String option, String text) {
    String[] parts = text.strip().split("\\s+", 2);
    if (parts.length != 2) {
      throw NewTableOptions.usage(
          spec, "Invalid %s: '%s' (use \"NAME TYPE\", e.g. \"score double\")", option, text);
    }
    return parts;
  }

  private static Types.NestedField existing(Schema schema, String column, String change) {
    Types.NestedField field = schema.findField(column);
    if (field == null) {
      throw new SchemaEvolutionException(
          "Cannot %s column %s: no such column (columns: %s)",
          change,
          column,
          String.join(", ", schema.columns().stream().map(Types.NestedField::name).toList()));
    }
    return field;
  }
}
