package dev.floe.catalog;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.SortOrderBuilder;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.Term;
import org.apache.iceberg.transforms.Transforms;
import org.apache.iceberg.types.Type;

/**
 * Partition specs and sort orders from text, as a person writes them: {@code "day(event_ts),
 * bucket(user_id, 16)"} and {@code "user_id, event_ts desc nulls last"}. Terms are a column
 * (identity), {@code year|month|day|hour(col)}, {@code bucket(col, N)}, {@code truncate(col, W)} or
 * {@code void(col)}; Iceberg's own order {@code bucket(16, col)} is accepted too. The specs are
 * built with Iceberg's {@link PartitionSpec.Builder} and {@link SortOrderBuilder}, which check the
 * transform against the column type. Bad text throws {@link IllegalArgumentException} naming the
 * term and the rule.
 */
public final class TableSpecs {
  /** The terms {@link #partitionSpec} and {@link #sortBy} take, for messages and help. */
  public static final String TERMS =
      "col, year(col), month(col), day(col), hour(col), bucket(col, N), truncate(col, W),"
          + " void(col)";

  private static final Set<String> TRANSFORMS =
      Set.of("identity", "year", "month", "day", "hour", "bucket", "truncate", "void");
  private static final Pattern CALL =
      Pattern.compile("(\\w+)\\s*\\(\\s*([^,()\\s]+)\\s*(?:,\\s*([^,()\\s]+)\\s*)?\\)");
  private static final Pattern COLUMN = Pattern.compile("[^,()\\s]+");
  private static final Pattern SORT_ITEM =
      Pattern.compile(
          "(.+?)(?:\\s+(asc|desc))?(?:\\s+nulls\\s+(first|last))?", Pattern.CASE_INSENSITIVE);

  private TableSpecs() {}

  /** A partition term: a transform name, its source column and its width or bucket count. */
  private record Field(String text, String transform, String column, int arg) {}

  /** The partition spec {@code text} describes; blank text is unpartitioned. */
  public static PartitionSpec partitionSpec(Schema schema, String text) {
    PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
    for (String item : items(text)) {
      Field field = field(schema, item);
      try {
        switch (field.transform()) {
          case "identity" -> builder.identity(field.column());
          case "year" -> builder.year(field.column());
          case "month" -> builder.month(field.column());
          case "day" -> builder.day(field.column());
          case "hour" -> builder.hour(field.column());
          case "bucket" -> builder.bucket(field.column(), field.arg());
          case "truncate" -> builder.truncate(field.column(), field.arg());
          default -> builder.alwaysNull(field.column());
        }
        // The builder checks names; whether the transform takes the column's type is checked
        // only when a table is created, with a message that does not say which term.
        List<PartitionField> fields = builder.build().fields();
        PartitionField added = fields.get(fields.size() - 1);
        Type type = schema.findType(added.sourceId());
        checkArgument(
            added.transform().canTransform(type),
            "%s does not take column %s of type %s",
            field.transform(),
            field.column(),
            type);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            String.format("Cannot partition by %s: %s", field.text(), e.getMessage()), e);
      }
    }
    return builder.build();
  }

  /** The sort order {@code text} describes; blank text is unsorted. */
  public static SortOrder sortOrder(Schema schema, String text) {
    return sortBy(schema, SortOrder.builderFor(schema), text).build();
  }

  /**
   * Adds the sort terms of {@code text} to {@code builder}, a {@link SortOrder.Builder} or a
   * table's {@code replaceSortOrder()}. Without a direction a term is ascending; without a null
   * order nulls come first when ascending and last when descending (Iceberg's defaults).
   */
  public static <R extends SortOrderBuilder<R>> R sortBy(Schema schema, R builder, String text) {
    R sorted = builder;
    for (String item : items(text)) {
      Matcher m = SORT_ITEM.matcher(item);
      checkArgument(m.matches(), "Invalid sort term: '%s'", item);
      Field field = field(schema, m.group(1).strip());
      boolean desc = "desc".equalsIgnoreCase(m.group(2));
      NullOrder nulls =
          m.group(3) == null
              ? (desc ? NullOrder.NULLS_LAST : NullOrder.NULLS_FIRST)
              : ("first".equalsIgnoreCase(m.group(3))
                  ? NullOrder.NULLS_FIRST
                  : NullOrder.NULLS_LAST);
      Term term = term(field);
      try {
        SortOrder.checkCompatibility(
            add(SortOrder.builderFor(schema), term, desc, nulls).build(), schema);
        sorted = add(sorted, term, desc, nulls);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            String.format("Cannot sort by %s: %s", field.text(), e.getMessage()), e);
      }
    }
    return sorted;
  }

  private static <R extends SortOrderBuilder<R>> R add(
      R builder, Term term, boolean desc, NullOrder nulls) {
    return desc ? builder.desc(term, nulls) : builder.asc(term, nulls);
  }

  private static Term term(Field field) {
    String column = field.column();
    return switch (field.transform()) {
      case "identity" -> Expressions.ref(column);
      case "year" -> Expressions.year(column);
      case "month" -> Expressions.month(column);
      case "day" -> Expressions.day(column);
      case "hour" -> Expressions.hour(column);
      case "bucket" -> Expressions.bucket(column, field.arg());
      case "truncate" -> Expressions.truncate(column, field.arg());
      default -> Expressions.transform(column, Transforms.alwaysNull());
    };
  }

  /** Splits on the commas outside parentheses. */
  private static List<String> items(String text) {
    List<String> items = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return items;
    }
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      checkArgument(depth >= 0 && depth <= 1, "Unbalanced parentheses in '%s'", text);
      if (c == ',' && depth == 0) {
        items.add(item(text, start, i));
        start = i + 1;
      }
    }
    checkArgument(depth == 0, "Unbalanced parentheses in '%s'", text);
    items.add(item(text, start, text.length()));
    return items;
  }

  private static String item(String text, int start, int end) {
    String item = text.substring(start, end).strip();
    checkArgument(!item.isEmpty(), "Empty term in '%s'", text);
    return item;
  }

  private static Field field(Schema schema, String item) {
    if (COLUMN.matcher(item).matches()) {
      return new Field(item, "identity", column(schema, item, item), 0);
    }
    Matcher m = CALL.matcher(item);
    checkArgument(m.matches(), "Invalid term '%s' (use %s)", item, TERMS);
    String transform = m.group(1).toLowerCase(Locale.ROOT);
    String first = m.group(2);
    String second = m.group(3);
    boolean takesArg = transform.equals("bucket") || transform.equals("truncate");
    checkArgument(
        TRANSFORMS.contains(transform),
        "Unknown transform '%s' in '%s' (use %s)",
        transform,
        item,
        TERMS);
    if (!takesArg) {
      checkArgument(second == null, "Invalid term '%s': %s takes one column", item, transform);
      return new Field(item, transform, column(schema, first, item), 0);
    }
    checkArgument(
        second != null,
        "Invalid term '%s': %s(col, N) takes a column and a number",
        item,
        transform);
    // Iceberg and Spark write bucket(16, col); people often write bucket(col, 16).
    boolean numberFirst = first.chars().allMatch(Character::isDigit);
    String column = numberFirst ? second : first;
    String number = numberFirst ? first : second;
    checkArgument(
        number.chars().allMatch(Character::isDigit) && !number.isEmpty(),
        "Invalid term '%s': %s needs a whole number, got '%s'",
        item,
        transform,
        number);
    int arg = Integer.parseInt(number);
    checkArgument(arg > 0, "Invalid term '%s': %s needs a number above 0", item, transform);
    return new Field(item, transform, column(schema, column, item), arg);
  }

  private static String column(Schema schema, String name, String item) {
    checkArgument(
        schema.findField(name) != null,
        "Unknown column '%s' in '%s' (columns: %s)",
        name,
        item,
        String.join(", ", schema.columns().stream().map(c -> c.name()).toList()));
    return name;
  }
}
