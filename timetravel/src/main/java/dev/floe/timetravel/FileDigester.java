package dev.floe.timetravel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The content digest of one data file (format {@code floe-digest/1}, specified in {@code
 * docs/digest.md}): the rows read from the file, in file order, hashed column by column straight
 * from the Arrow buffers. Each column contributes byte streams (validity bits, values, lengths),
 * each hashed with its own SHA-256, so a batch adds whole buffer ranges to a stream in one call.
 * Everything that depends on how rows were batched or allocated is canonicalised first: bits are
 * re-packed from row 0 of the file, offsets become lengths, bytes under nulls count as zeros. Not
 * thread-safe: one digester per file, used on the thread that decodes that file.
 */
final class FileDigester {
  static final String FORMAT = "floe-digest/1";

  private final List<DigestNode> columns = new ArrayList<>();
  private long rows;

  /** A digester for rows of the Arrow schema of {@code root}'s vectors. */
  FileDigester(List<Field> fields) {
    fields.forEach(field -> columns.add(DigestNode.of(field)));
  }

  /** Adds every row of {@code root}, after those added before. */
  void update(VectorSchemaRoot root) {
    List<FieldVector> vectors = root.getFieldVectors();
    int count = root.getRowCount();
    for (int i = 0; i < columns.size(); i++) {
      columns.get(i).update(vectors.get(i), 0, count);
    }
    rows += count;
  }

  long rows() {
    return rows;
  }

  /** The file's digest, as lower-case hex; call once, after the last batch. */
  String finish() {
    MessageDigest sha = SnapshotFiles.sha256();
    sha.update(FORMAT.getBytes(StandardCharsets.US_ASCII));
    sha.update(le(rows));
    List<DigestStream> streams = new ArrayList<>();
    columns.forEach(column -> column.streams(streams));
    for (DigestStream stream : streams) {
      byte[] digest = stream.finish();
      sha.update(le(stream.length()));
      sha.update(digest);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  static byte[] le(long value) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
  }
}
