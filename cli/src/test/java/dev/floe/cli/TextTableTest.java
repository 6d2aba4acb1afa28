package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextTableTest {
  @Test
  void columnsAreAsWideAsTheirWidestCellWithNumbersRightAligned() {
    StringWriter printed = new StringWriter();
    TextTable table =
        new TextTable()
            .text("TABLE")
            .number("ROWS")
            .text("REFS")
            .row("db.events", "1,050", "main,exp-1")
            .row("db.t", 7, null)
            .row("db.u", 0, "");
    table.print(new PrintWriter(printed, true));

    assertThat(printed.toString().lines())
        .containsExactly(
            "TABLE       ROWS  REFS", //
            "db.events  1,050  main,exp-1",
            "db.t           7  -",
            "db.u           0");
  }

  @Test
  void aRowMustHaveOneCellPerColumn() {
    TextTable table = new TextTable().text("A").number("B");

    assertThatThrownBy(() -> table.row("x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid row [x]: 1 cells for 2 columns [A, B]");
  }
}
