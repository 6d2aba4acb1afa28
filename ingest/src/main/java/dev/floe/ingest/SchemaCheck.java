package dev.floe.ingest;

import dev.floe.catalog.exceptions.SchemaEvolutionException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Compares a batch schema with a table schema by column name, recursively, and plans the changes
 * the policy allows. Field ids of the batch are ignored: producers build schemas on their own.
 */
final class SchemaCheck {
  private final EvolutionPolicy policy;
  private final String batch;
  private final List<SchemaPlan.NewColumn> additions = new ArrayList<>();
  private final List<SchemaPlan.Widening> widenings = new ArrayList<>();

  private SchemaCheck(EvolutionPolicy policy, String batch) {
    this.policy = policy;
    this.batch = batch;
  }

  /**
   * Returns the changes that let {@code batchSchema} be appended to {@code tableSchema}, or throws
   * {@link SchemaEvolutionException} naming the first column that breaks a rule.
   *
   * @param batch names the batch in messages, e.g. {@code "batch 7 of producer p"}
   */
  static SchemaPlan plan(
      Schema tableSchema, Schema batchSchema, EvolutionPolicy policy, String batch) {
    SchemaCheck check = new SchemaCheck(policy, batch);
    check.struct(null, tableSchema.asStruct(), batchSchema.asStruct());
    return new SchemaPlan(check.additions, check.widenings);
  }

  private void struct(String parent, Types.StructType table, Types.StructType batchType) {
    // Batch side first, so a renamed-by-case column is reported as such, not as missing.
    for (Types.NestedField field : batchType.fields()) {
      if (table.field(field.name()) == null) {
        extraColumn(parent, table, field);
      }
    }
    for (Types.NestedField column : table.fields()) {
      Types.NestedField field = batchType.field(column.name());
      if (field != null) {
        field(path(parent, column.name()), column, field);
      } else if (column.isRequired()) {
        throw fail(path(parent, column.name()), "is required but missing");
      }
    }
  }

  private void extraColumn(String parent, Types.StructType table, Types.NestedField field) {
    String path = path(parent, field.name());
    Types.NestedField sameButCase = table.caseInsensitiveField(field.name());
    if (sameButCase != null) {
      throw fail(
          path, "differs only by case from table column '%s'", path(parent, sameButCase.name()));
    }
    if (policy == EvolutionPolicy.STRICT) {
      throw fail(path, "is not in the table (policy STRICT does not add columns)");
    }
    if (field.isRequired()) {
      throw fail(path, "is new and required (new columns must be optional)");
    }
    additions.add(new SchemaPlan.NewColumn(parent, field.name(), field.type()));
  }

  private void field(String path, Types.NestedField column, Types.NestedField field) {
    Type want = column.type();
    Type have = field.type();
    if (want.isPrimitiveType() && have.isPrimitiveType()) {
      primitive(path, want.asPrimitiveType(), have.asPrimitiveType());
    } else if (want.isStructType() && have.isStructType()) {
      struct(path, want.asStructType(), have.asStructType());
    } else if (want.isListType() && have.isListType()) {
      field(
          path + ".element", want.asListType().fields().get(0), have.asListType().fields().get(0));
    } else if (want.isMapType() && have.isMapType()) {
      field(path + ".key", want.asMapType().fields().get(0), have.asMapType().fields().get(0));
      field(path + ".value", want.asMapType().fields().get(1), have.asMapType().fields().get(1));
    } else {
      throw typeChange(path, want, have, "incompatible type change");
    }
  }

  private void primitive(String path, Type.PrimitiveType want, Type.PrimitiveType have) {
    if (want.equals(have)) {
      return;
    }
    if (widens(want, have)) {
      if (policy != EvolutionPolicy.ADD_AND_WIDEN) {
        throw typeChange(path, want, have, "widening needs policy ADD_AND_WIDEN, not " + policy);
      }
      if (path.endsWith(".key")) {
        throw typeChange(path, want, have, "map keys cannot be widened");
      }
      widenings.add(new SchemaPlan.Widening(path, have));
    } else if (widens(have, want)) {
      throw typeChange(path, want, have, "narrowing type change");
    } else {
      throw typeChange(path, want, have, "incompatible type change");
    }
  }

  /** The Iceberg spec's type promotions. */
  static boolean widens(Type.PrimitiveType from, Type.PrimitiveType to) {
    return switch (from.typeId()) {
      case INTEGER -> to.typeId() == Type.TypeID.LONG;
      case FLOAT -> to.typeId() == Type.TypeID.DOUBLE;
      case DECIMAL -> {
        if (to.typeId() != Type.TypeID.DECIMAL) {
          yield false;
        }
        Types.DecimalType a = (Types.DecimalType) from;
        Types.DecimalType b = (Types.DecimalType) to;
        yield a.scale() == b.scale() && b.precision() > a.precision();
      }
      default -> false;
    };
  }

  private SchemaEvolutionException typeChange(String path, Type want, Type have, String rule) {
    return fail(path, "has type %s, table has %s (%s)", have, want, rule);
  }

  private SchemaEvolutionException fail(String path, String problem, Object... args) {
    return new SchemaEvolutionException(
        "Cannot append %s: column '%s' %s", batch, path, String.format(problem, args));
  }

  private static String path(String parent, String name) {
    return parent == null ? name : parent + "." + name;
  }
}
