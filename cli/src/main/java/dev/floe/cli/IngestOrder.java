package dev.floe.cli;

import dev.floe.catalog.TableSpecs;
import java.util.Locale;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;

/**
 * {@code floe ingest --sort-by}: the order the writer sorts each data file by as it writes it
 * ({@code dev.floe.ingest.TableWriter.Builder#sortOrder}), so sorting costs no second write and no
 * extra snapshot.
 */
final class IngestOrder {
  private IngestOrder() {}

  /**
   * The order to sort a run's files by: {@code text} (--sort-by), else the table's own; unsorted
   * for {@code none} or an unsorted table. Throws {@link IllegalArgumentException} for an order the
   * table's columns cannot have.
   */
  static SortOrder of(Table table, String text) {
    if (text == null) {
      return table.sortOrder();
    }
    return "none".equalsIgnoreCase(text.trim())
        ? SortOrder.unsorted()
        : TableSpecs.sortOrder(table.schema(), text);
  }

  /** {@code "user_id asc nulls first, bucket[8](id) desc nulls last"}. */
  static String describe(Schema schema, SortOrder order) {
    return String.join(
        ", ",
        order.fields().stream()
            .map(
                f -> {
                  String column = schema.findColumnName(f.sourceId());
                  String term =
                      f.transform().isIdentity() ? column : f.transform() + "(" + column + ")";
                  return term
                      + " "
                      + f.direction().name().toLowerCase(Locale.ROOT)
                      + (f.nullOrder() == NullOrder.NULLS_FIRST ? " nulls first" : " nulls last");
                })
            .toList());
  }
}
