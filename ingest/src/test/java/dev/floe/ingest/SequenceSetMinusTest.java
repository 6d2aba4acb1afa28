package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a later ledger added: the sequences of one set that another lacks. */
class SequenceSetMinusTest {
  @Test
  void keepsWhatTheOtherLacksAcrossRanges() {
    SequenceSet a = SequenceSet.parse("0-9,20-29,40");
    SequenceSet b = SequenceSet.parse("3-4,9-21,40,50-60");

    assertThat(a.minus(b).toString()).isEqualTo("0-2,5-8,22-29");
    assertThat(b.minus(a).toString()).isEqualTo("10-19,50-60");
  }

  @Test
  void emptyAndWholeDifferences() {
    SequenceSet a = SequenceSet.parse("0-41,43");

    assertThat(a.minus(a).isEmpty()).isTrue();
    assertThat(a.minus(SequenceSet.EMPTY)).isEqualTo(a);
    assertThat(SequenceSet.EMPTY.minus(a).isEmpty()).isTrue();
    // The intersection, as the replay's duplicate check computes it.
    SequenceSet onMain = SequenceSet.parse("40-50");
    assertThat(a.minus(a.minus(onMain)).toString()).isEqualTo("40-41,43");
  }
}
