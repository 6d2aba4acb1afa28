package dev.floe.columnar;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Checks that vectors are laid out as {@link ArrowLayout} says before a value is read, so a vector
 * of the wrong type fails naming its column instead of being read as something else. Names are
 * compared at the top level and inside structs, where swapped columns of one type would otherwise
 * land silently in each other's place; list and map entry names are Arrow's business.
 */
final class OrcLayoutCheck {
  private OrcLayoutCheck() {}

  static void check(Schema expected, List<FieldVector> vectors, int rowCount) {
    List<Field> fields = expected.getFields();
    if (fields.size() != vectors.size()) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot write batch: expected %s columns %s, got %s",
              fields.size(), names(fields), vectors.size()));
    }
    for (int i = 0; i < fields.size(); i++) {
      check(fields.get(i).getName(), fields.get(i), vectors.get(i).getField(), true);
      // Past its value count a vector's buffers hold leftovers, which would be read as rows.
      if (vectors.get(i).getValueCount() < rowCount) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot write column %s: it holds %s values for a batch of %s rows",
                fields.get(i).getName(), vectors.get(i).getValueCount(), rowCount));
      }
    }
  }

  private static void check(String path, Field expected, Field actual, boolean named) {
    if (named && !expected.getName().equals(actual.getName())) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot write column %s: found column %s in its place", path, actual.getName()));
    }
    if (!sameType(expected.getType(), actual.getType())
        || expected.getChildren().size() != actual.getChildren().size()) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot write column %s: expected Arrow type %s, got %s",
              path, describe(expected), describe(actual)));
    }
    boolean struct = expected.getType() instanceof ArrowType.Struct;
    boolean map = expected.getType() instanceof ArrowType.Map;
    for (int i = 0; i < expected.getChildren().size(); i++) {
      Field child = expected.getChildren().get(i);
      String childPath = struct ? path + "." + child.getName() : path;
      check(childPath, child, actual.getChildren().get(i), struct && !map);
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
