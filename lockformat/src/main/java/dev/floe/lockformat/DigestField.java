package dev.floe.lockformat;

import java.util.List;
import java.util.Objects;

/**
 * The shape of one column (or nested field) for {@link RowDigest}: what {@code docs/digest.md}
 * needs of an Iceberg type, without Iceberg. Dates are {@link Kind#INT} (days), times and
 * timestamps {@link Kind#LONG} (micros or nanos): the caller hands their numbers.
 *
 * @param kind the kind of value
 * @param optional whether the field is nullable (and so has a validity stream)
 * @param size the byte width of a {@link Kind#FIXED}, the scale of a {@link Kind#DECIMAL}, else 0
 * @param children a list's element, a map's key and value, a struct's fields; else empty
 */
public record DigestField(Kind kind, boolean optional, int size, List<DigestField> children) {
  /** The kinds of value the digest tells apart. */
  public enum Kind {
    BOOLEAN,
    INT,
    LONG,
    FLOAT,
    DOUBLE,
    DECIMAL,
    UUID,
    FIXED,
    STRING,
    BINARY,
    LIST,
    MAP,
    STRUCT
  }

  public DigestField {
    Objects.requireNonNull(kind, "kind");
    children = List.copyOf(Objects.requireNonNull(children, "children"));
    int expected =
        switch (kind) {
          case LIST -> 1;
          case MAP -> 2;
          case STRUCT -> children.size();
          default -> 0;
        };
    if (children.size() != expected) {
      throw new IllegalArgumentException(
          "Invalid digest field: a " + kind + " has " + children.size() + " children");
    }
    if (kind == Kind.MAP && children.get(0).optional()) {
      throw new IllegalArgumentException("Invalid digest field: a map's key is required");
    }
  }

  /** A primitive field; use {@link #fixed} and {@link #decimal} for those two. */
  public static DigestField of(Kind kind, boolean optional) {
    return new DigestField(kind, optional, 0, List.of());
  }

  public static DigestField fixed(int length, boolean optional) {
    return new DigestField(Kind.FIXED, optional, length, List.of());
  }

  public static DigestField decimal(int scale, boolean optional) {
    return new DigestField(Kind.DECIMAL, optional, scale, List.of());
  }

  public static DigestField list(DigestField element, boolean optional) {
    return new DigestField(Kind.LIST, optional, 0, List.of(element));
  }

  public static DigestField map(DigestField key, DigestField value, boolean optional) {
    return new DigestField(Kind.MAP, optional, 0, List.of(key, value));
  }

  public static DigestField struct(List<DigestField> fields, boolean optional) {
    return new DigestField(Kind.STRUCT, optional, 0, fields);
  }
}
