package dev.floe.columnar;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Checks, before a value is read, that a batch's vectors are laid out as {@link ArrowLayout} says
 * (the same check for every format), so a vector of the wrong type fails naming its column instead
 * of being read as something else. Names are compared at the top level and inside structs, where
 * swapped columns of one type would otherwise land silently in each other's place; list and map
 * entry names are Arrow's business. Top-level vectors must hold a value for every row of the batch:
 * past its value count a vector's buffers hold leftovers, which would be read as rows.
 */
final class LayoutCheck {
  private LayoutCheck() {}

  static void check(Schema expected, List<FieldVector> vectors, int rowCount) {
    List<Field> fields = expected.getFields();
    if (fields.size() != vectors.size()) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot write %s vectors: the write schema has %s columns %s",
              vectors.size(), fields.size(), names(fields)));
    }
    for (int i = 0; i < fields.size(); i++) {
      // Columns are matched by position, so a name that differs means the caller's order differs.
      String name = fields.get(i).getName();
      if (!name.equals(vectors.get(i).getName())) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot write column %s: vector %s is %s", name, i, vectors.get(i).getName()));
      }
    }
    for (int i = 0; i < fields.size(); i++) {
      check(fields.get(i).getName(), fields.get(i), vectors.get(i));
      if (vectors.get(i).getValueCount() < rowCount) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot write column %s: the vector has %s values where %s are needed",
                fields.get(i).getName(), vectors.get(i).getValueCount(), rowCount));
      }
    }
  }

  private static void check(String path, Field expected, FieldVector actual) {
    Field field = actual.getField();
    List<FieldVector> children = actual.getChildrenFromFields();
    if (!sameType(expected.getType(), field.getType())
        || expected.getChildren().size() != children.size()) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot write column %s: expected Arrow type %s, got %s (%s)",
              path, describe(expected), describe(field), actual.getClass().getSimpleName()));
    }
    boolean struct = expected.getType() instanceof ArrowType.Struct;
    for (int i = 0; i < expected.getChildren().size(); i++) {
      Field child = expected.getChildren().get(i);
      if (struct && !child.getName().equals(children.get(i).getName())) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot write column %s: found column %s in its place",
                path + "." + child.getName(), children.get(i).getName()));
      }
      check(struct ? path + "." + child.getName() : path, child, children.get(i));
    }
  }

  // Whether map keys are declared sorted changes nothing that is written.
  private static boolean sameType(ArrowType expected, ArrowType actual) {
    if (expected instanceof ArrowType.Map) {
      return actual instanceof ArrowType.Map;
    }
    return expected.equals(actual);
  }

  private static String describe(Field field) {
    return field.getChildren().isEmpty()
        ? field.getType().toString()
        : field.getType() + "<" + names(field.getChildren()) + ">";
  }

  private static List<String> names(List<Field> fields) {
    return fields.stream().map(f -> f.getName() + ": " + describe(f)).toList();
  }
}
