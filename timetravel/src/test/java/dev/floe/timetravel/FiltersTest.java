package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.Test;

class FiltersTest {
  @Test
  void parsesComparisonsCombinedWithAndOrAndParentheses() {
    assertThat(Filters.parse("id >= 5 and label = 'it''s'").toString())
        .isEqualTo(
            Expressions.and(
                    Expressions.greaterThanOrEqual("id", 5L), Expressions.equal("label", "it's"))
                .toString());
    assertThat(Filters.parse("(amount < 2.5 or amount > 10) and not user_id != 3").toString())
        .isEqualTo(
            Expressions.and(
                    Expressions.or(
                        Expressions.lessThan("amount", 2.5),
                        Expressions.greaterThan("amount", 10L)),
                    Expressions.not(Expressions.notEqual("user_id", 3L)))
                .toString());
  }

  @Test
  void parsesNullChecksAndInLists() {
    assertThat(Filters.parse("label is not null").toString())
        .isEqualTo(Expressions.notNull("label").toString());
    assertThat(Filters.parse("label IS NULL").toString())
        .isEqualTo(Expressions.isNull("label").toString());
    assertThat(Filters.parse("user_id in (1, 2,3)").toString())
        .isEqualTo(Expressions.in("user_id", 1L, 2L, 3L).toString());
  }

  @Test
  void rejectsMalformedFiltersSayingWhy() {
    assertThatThrownBy(() -> Filters.parse("id >="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid filter 'id >=': expected a value, got the end");
    assertThatThrownBy(() -> Filters.parse("id ~ 3")).hasMessageContaining("expected an operator");
    assertThatThrownBy(() -> Filters.parse("label = 'open"))
        .hasMessageContaining("unterminated quote");
    assertThatThrownBy(() -> Filters.parse("id = 1 id = 2"))
        .hasMessageContaining("unexpected 'id'");
    assertThatThrownBy(() -> Filters.parse(" ")).hasMessageContaining("it is empty");
  }
}
