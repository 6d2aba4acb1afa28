package dev.floe.columnar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.orc.ColumnStatistics;
import org.apache.orc.DoubleColumnStatistics;
import org.apache.orc.OrcProto;
import org.apache.orc.Reader;
import org.apache.orc.StripeInformation;
import org.apache.orc.impl.ReaderImpl;
import org.apache.orc.impl.RecordReaderImpl;

/**
 * Two ORC files that hold the same rows, stripes and statistics but whose bytes may still differ:
 * ORC's {@code sum} statistic of a float or double column holding both +Infinity and -Infinity is
 * NaN, and whether that NaN has its sign bit set depends on how the JVM ran the addition
 * (interpreted or JIT-compiled), so even Iceberg's own writer gives different bytes for the same
 * rows from one run to the next. The sum is in the row index, the stripe and file statistics (all
 * compressed), so sizes can move by a few bytes; nothing else does. Protobuf's generated {@code
 * equals} compares doubles by {@code doubleToLongBits}, which makes every NaN equal: so every
 * statistic is compared exactly, except for which NaN a sum is.
 */
final class OrcNaNSums {
  private OrcNaNSums() {}

  static void assertSameButForNaNSums(
      DataFile want, DataFile got, byte[] wantBytes, byte[] gotBytes) {
    try (Reader expected = OrcTwins.reader(want);
        Reader actual = OrcTwins.reader(got)) {
      assertThat(hasNaNSum(expected.getStatistics()))
          .as("bytes of %s differ without a NaN sum to explain it", got.location())
          .isTrue();
      OrcProto.Footer wantFooter = ((ReaderImpl) expected).getFileTail().getFooter();
      OrcProto.Footer gotFooter = ((ReaderImpl) actual).getFileTail().getFooter();
      // Stripe offsets and index lengths move with the compressed row index; compared below.
      assertThat(gotFooter.toBuilder().clearStripes().clearContentLength().build())
          .as("footer (types, statistics, metadata)")
          .isEqualTo(wantFooter.toBuilder().clearStripes().clearContentLength().build());
      assertThat(((ReaderImpl) actual).getOrcProtoStripeStatistics())
          .as("stripe statistics")
          .isEqualTo(((ReaderImpl) expected).getOrcProtoStripeStatistics());
      List<StripeInformation> wantStripes = expected.getStripes();
      List<StripeInformation> gotStripes = actual.getStripes();
      assertThat(gotStripes).hasSameSizeAs(wantStripes);
      try (RecordReaderImpl wantRows = (RecordReaderImpl) expected.rows();
          RecordReaderImpl gotRows = (RecordReaderImpl) actual.rows()) {
        for (int s = 0; s < wantStripes.size(); s++) {
          StripeInformation w = wantStripes.get(s);
          StripeInformation g = gotStripes.get(s);
          assertThat(g.getNumberOfRows()).isEqualTo(w.getNumberOfRows());
          assertThat(section(gotBytes, g.getOffset() + g.getIndexLength(), g.getDataLength()))
              .as("data streams of stripe %s", s)
              .isEqualTo(section(wantBytes, w.getOffset() + w.getIndexLength(), w.getDataLength()));
          long gotTail = g.getOffset() + g.getIndexLength() + g.getDataLength();
          long wantTail = w.getOffset() + w.getIndexLength() + w.getDataLength();
          assertThat(section(gotBytes, gotTail, g.getFooterLength()))
              .as("stripe footer of stripe %s", s)
              .isEqualTo(section(wantBytes, wantTail, w.getFooterLength()));
          assertThat(gotRows.readRowIndex(s, null, null).getRowGroupIndex())
              .as("row index of stripe %s", s)
              .isEqualTo(wantRows.readRowIndex(s, null, null).getRowGroupIndex());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean hasNaNSum(ColumnStatistics[] statistics) {
    return Arrays.stream(statistics)
        .anyMatch(s -> s instanceof DoubleColumnStatistics d && Double.isNaN(d.getSum()));
  }

  private static byte[] section(byte[] bytes, long from, long length) {
    return Arrays.copyOfRange(bytes, (int) from, (int) (from + length));
  }
}
