package dev.floe.catalog;

import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.exceptions.ValidationException;
import org.projectnessie.model.Validation;

/**
 * The names Floe accepts for branches, tags and experiments: 1-100 letters, digits, {@code .},
 * {@code _} or {@code -}, starting with a letter or digit, never {@code main}. So a name never
 * holds {@code @}, {@code #}, {@code /} or a space and reads back through {@code db.t@name}. A
 * Nessie catalog also applies Nessie's rules (a letter first, no {@code ..}, no trailing {@code
 * .}). A bad name throws {@link ValidationException} naming the rule.
 */
public final class RefNames {
  private RefNames() {}

  /** Checks {@code name} of a {@code kind} ("branch", "tag", "experiment") by Floe's rules. */
  public static void check(String kind, String name) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
      throw new ValidationException(
          "Invalid %s name '%s': use 1-100 letters, digits, '.', '_' or '-',"
              + " starting with a letter or digit",
          kind, name);
    }
    if (SnapshotRef.MAIN_BRANCH.equals(name)) {
      throw new ValidationException("Invalid %s name 'main': main is the shared branch", kind);
    }
  }

  /** {@link #check} plus Nessie's rules, for a catalog in nessie mode. */
  public static void check(String kind, String name, boolean nessie) {
    check(kind, name);
    if (nessie
        && (!Validation.isValidReferenceName(name) || Validation.isForbiddenReferenceName(name))) {
      throw new ValidationException(
          "Invalid %s name '%s': Nessie reference names start with a letter, do not contain '..'"
              + " and do not end with '.'",
          kind, name);
    }
  }
}
