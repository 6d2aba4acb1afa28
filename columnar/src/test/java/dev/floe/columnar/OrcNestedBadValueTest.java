package dev.floe.columnar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.TempWarehouse;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ORC: a bad value inside a list or a map sits at an element index of the child vector, not at a
 * row: the error names the batch row that holds it, and no file survives the writer's close.
 */
class OrcNestedBadValueTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private NestedBadValues nested;

  @BeforeEach
  void open() {
    nested = new NestedBadValues(temp, FileFormat.ORC);
  }

  @Test
  void aNullListElementInARequiredColumnNamesItsRow() {
    assertThat(nested.failure("tags", null))
        .hasMessage("Cannot write row 1006: column tags.element is required but null");
    assertThat(nested.dataFiles()).isEmpty();
  }

  @Test
  void aNullMapValueInARequiredColumnNamesItsRowUnderAnOrder() {
    assertThat(nested.failure("attrs", NestedBadValues.reversed()))
        .hasMessage("Cannot write row 1006: column attrs.value is required but null");
    assertThat(nested.dataFiles()).isEmpty();
  }

  @Test
  void aTooWideDecimalInAListNamesItsRow() {
    assertThat(nested.failure("prices", null))
        .hasMessage(
            "Cannot write row 1006: column prices.element value 100.00 does not fit decimal(4, 2)");
    assertThat(nested.dataFiles()).isEmpty();
  }

  @Test
  void aTimestampOrcCannotHoldInAListNamesItsRow() {
    assertThat(nested.failure("times", null))
        .hasMessageStartingWith(
            "Cannot write row 1006: column times.element value 1969-12-31T23:59:59.500Z");
    assertThat(nested.dataFiles()).isEmpty();
  }
}
