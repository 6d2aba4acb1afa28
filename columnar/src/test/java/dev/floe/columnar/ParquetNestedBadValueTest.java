package dev.floe.columnar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.TempWarehouse;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bad value inside a list or a map sits at an element index of the child vector, not at a row:
 * the error names the batch row that holds it, and no file survives the writer's close.
 */
class ParquetNestedBadValueTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private NestedBadValues nested;

  @BeforeEach
  void open() {
    nested = new NestedBadValues(temp, FileFormat.PARQUET);
  }

  @Test
  void aNullListElementInARequiredColumnNamesItsRow() {
    assertThat(nested.failure("tags", null))
        .hasMessageContaining("Cannot write column tags.element")
        .hasMessageContaining("is null but the column is required")
        .hasMessageContaining("row 1006 of the batch");
    assertThat(nested.dataFiles()).isEmpty();
  }

  @Test
  void aNullMapValueInARequiredColumnNamesItsRowUnderAnOrder() {
    assertThat(nested.failure("attrs", NestedBadValues.reversed()))
        .hasMessageContaining("Cannot write column attrs.value")
        .hasMessageContaining("row 1006 of the batch");
    assertThat(nested.dataFiles()).isEmpty();
  }

  @Test
  void aTooWideDecimalInAListNamesItsRow() {
    assertThat(nested.failure("prices", null))
        .hasMessageContaining("Cannot write column prices.element")
        .hasMessageContaining("does not fit decimal(4,2)")
        .hasMessageContaining("row 1006 of the batch");
    assertThat(nested.dataFiles()).isEmpty();
  }
}
