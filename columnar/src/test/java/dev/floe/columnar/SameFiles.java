package dev.floe.columnar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/** Asserts that two writers' data files agree wherever Iceberg and readers look. */
final class SameFiles {
  private SameFiles() {}

  static void assertSame(BothWriters both, List<DataFile> ours, List<DataFile> theirs) {
    assertThat(ours).hasSameSizeAs(theirs);
    for (int k = 0; k < ours.size(); k++) {
      DataFile our = ours.get(k);
      DataFile their = theirs.get(k);
      String at = "file " + k + " (" + our.location() + ")";
      assertThat(our.format()).as(at).isEqualTo(their.format());
      assertThat(our.recordCount()).as(at).isEqualTo(their.recordCount());
      assertThat(our.partition()).as(at).isEqualTo(their.partition());
      assertThat(our.specId()).as(at).isEqualTo(their.specId());
      assertThat(our.sortOrderId()).as(at).isEqualTo(their.sortOrderId());
      assertThat(our.valueCounts()).as(at + " value counts").isEqualTo(their.valueCounts());
      assertThat(our.nullValueCounts()).as(at + " null counts").isEqualTo(their.nullValueCounts());
      assertThat(our.nanValueCounts()).as(at + " NaN counts").isEqualTo(their.nanValueCounts());
      assertThat(our.lowerBounds()).as(at + " lower bounds").isEqualTo(their.lowerBounds());
      assertThat(our.upperBounds()).as(at + " upper bounds").isEqualTo(their.upperBounds());
      assertThat(our.columnSizes()).as(at + " column sizes").isEqualTo(their.columnSizes());
      assertThat(our.splitOffsets()).as(at + " split offsets").isEqualTo(their.splitOffsets());
      assertThat(our.fileSizeInBytes()).as(at + " size").isEqualTo(their.fileSizeInBytes());

      ParquetMetadata ourFooter = both.footer(our);
      ParquetMetadata theirFooter = both.footer(their);
      // MessageType.equals ignores field ids: compare the printed schema, which shows them.
      assertThat(ourFooter.getFileMetaData().getSchema().toString())
          .as(at + " schema")
          .isEqualTo(theirFooter.getFileMetaData().getSchema().toString());
      assertThat(ourFooter.getFileMetaData().getKeyValueMetaData())
          .as(at + " key-value metadata")
          .isEqualTo(theirFooter.getFileMetaData().getKeyValueMetaData());
      assertThat(ourFooter.getBlocks()).hasSameSizeAs(theirFooter.getBlocks());
      for (int b = 0; b < ourFooter.getBlocks().size(); b++) {
        BlockMetaData ourBlock = ourFooter.getBlocks().get(b);
        BlockMetaData theirBlock = theirFooter.getBlocks().get(b);
        assertThat(ourBlock.getRowCount()).isEqualTo(theirBlock.getRowCount());
        for (int c = 0; c < ourBlock.getColumns().size(); c++) {
          ColumnChunkMetaData ourColumn = ourBlock.getColumns().get(c);
          ColumnChunkMetaData theirColumn = theirBlock.getColumns().get(c);
          assertThat(ourColumn.getCodec()).as(at + " codec").isEqualTo(theirColumn.getCodec());
          assertThat(ourColumn.getEncodings()).isEqualTo(theirColumn.getEncodings());
          assertThat(ourColumn.getStatistics())
              .as(at + " " + ourColumn.getPath())
              .isEqualTo(theirColumn.getStatistics());
        }
      }
    }
  }
}
