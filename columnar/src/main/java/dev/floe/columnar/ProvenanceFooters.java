package dev.floe.columnar;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.orc.OrcProto;
import org.apache.orc.impl.OrcTail;
import org.apache.orc.impl.ReaderImpl;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.parquet.format.Util;

/**
 * Reads {@link Provenance#KEY} from a data file's own metadata, touching only the file's tail
 * (Parquet footer, ORC file tail) or head (Avro header): never a data page. Through Iceberg's
 * {@link InputFile}, so any FileIO works (local, Hadoop, S3).
 */
final class ProvenanceFooters {
  private static final int PARQUET_TAIL = 8;

  private ProvenanceFooters() {}

  /** The JSON under the key, or null when the file has none. */
  static String read(InputFile file, FileFormat format) {
    try {
      return switch (format) {
        case PARQUET -> parquet(file);
        case ORC -> orc(file);
        case AVRO -> avro(file);
        default -> null;
      };
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the metadata of " + file.location(), e);
    }
  }

  private static String parquet(InputFile file) throws IOException {
    long length = file.getLength();
    try (SeekableInputStream in = file.newStream()) {
      ByteBuffer tail = ByteBuffer.wrap(readAt(in, length - PARQUET_TAIL, PARQUET_TAIL));
      int footerLength = tail.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
      if (footerLength <= 0 || footerLength > length - PARQUET_TAIL) {
        throw new IOException("not a Parquet file (footer length " + footerLength + ")");
      }
      byte[] footer = readAt(in, length - PARQUET_TAIL - footerLength, footerLength);
      FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(footer));
      if (meta.getKey_value_metadata() != null) {
        for (KeyValue kv : meta.getKey_value_metadata()) {
          if (Provenance.KEY.equals(kv.getKey())) {
            return kv.getValue();
          }
        }
      }
      return null;
    }
  }

  private static String orc(InputFile file) throws IOException {
    long length = file.getLength();
    try (SeekableInputStream in = file.newStream()) {
      int psLength = readAt(in, length - 1, 1)[0] & 0xff;
      OrcProto.PostScript ps =
          OrcProto.PostScript.parseFrom(readAt(in, length - 1 - psLength, psLength));
      long tailLength = ps.getFooterLength() + ps.getMetadataLength() + psLength + 1;
      if (tailLength > length || tailLength > Integer.MAX_VALUE) {
        throw new IOException("not an ORC file (tail of " + tailLength + " bytes)");
      }
      ByteBuffer tail = ByteBuffer.wrap(readAt(in, length - tailLength, (int) tailLength));
      OrcTail orcTail = ReaderImpl.extractFileTail(tail, length, 0);
      for (OrcProto.UserMetadataItem item : orcTail.getFooter().getMetadataList()) {
        if (Provenance.KEY.equals(item.getName())) {
          return item.getValue().toString(StandardCharsets.UTF_8);
        }
      }
      return null;
    }
  }

  private static String avro(InputFile file) throws IOException {
    try (InputStream in = file.newStream();
        DataFileStream<Object> avro = new DataFileStream<>(in, new GenericDatumReader<>())) {
      return avro.getMetaString(Provenance.KEY);
    }
  }

  private static byte[] readAt(SeekableInputStream in, long position, int length)
      throws IOException {
    if (position < 0) {
      throw new IOException("file too short");
    }
    byte[] bytes = new byte[length];
    in.seek(position);
    int done = 0;
    while (done < length) {
      int n = in.read(bytes, done, length - done);
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
      done += n;
    }
    return bytes;
  }
}
