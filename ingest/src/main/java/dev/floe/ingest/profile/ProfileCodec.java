package dev.floe.ingest.profile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * A {@link Profile} as bytes: the payload of a commit's {@value #BLOB_TYPE} blob. Per column: the
 * field as a one-column schema in Iceberg's JSON, the counts, min/max in Iceberg's single-value
 * serialization and each sketch in its DataSketches format (readable by any DataSketches port).
 */
public final class ProfileCodec {
  public static final String BLOB_TYPE = "floe-profile-v1";
  // 1: no per-dimension moments; 2 adds them after the norms. Both are read.
  private static final int FORMAT = 2;

  private ProfileCodec() {}

  public static byte[] encode(Profile profile) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      out.writeLong(profile.rows());
      out.writeInt(profile.columns().size());
      for (ColumnProfile c : profile.columns().values()) {
        Types.NestedField field = Types.NestedField.optional(c.fieldId(), c.name(), c.type());
        out.writeUTF(SchemaParser.toJson(new Schema(field)));
        out.writeLong(c.rows());
        out.writeLong(c.nulls());
        out.writeLong(c.nans());
        out.writeInt(c.dimension());
        boolean primitive = c.type().isPrimitiveType();
        write(
            out,
            c.min() == null || !primitive ? null : Conversions.toByteBuffer(c.type(), c.min()));
        write(
            out,
            c.max() == null || !primitive ? null : Conversions.toByteBuffer(c.type(), c.max()));
        write(out, c.theta() == null ? null : ByteBuffer.wrap(c.theta().toByteArray()));
        write(out, c.quantiles() == null ? null : ByteBuffer.wrap(c.quantiles().toByteArray()));
        write(
            out,
            c.frequent() == null
                ? null
                : ByteBuffer.wrap(c.frequent().toByteArray(new ArrayOfStringsSerDe())));
        write(out, c.norms() == null ? null : ByteBuffer.wrap(c.norms().toByteArray()));
        writeMoments(out, c.moments());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: does not happen
    }
    return bytes.toByteArray();
  }

  public static Profile decode(byte[] payload) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      int format = in.readInt();
      if (format < 1 || format > FORMAT) {
        throw new IllegalStateException(
            String.format(
                "Cannot read a profile of format %s (this Floe reads %s)", format, FORMAT));
      }
      long rows = in.readLong();
      int count = in.readInt();
      Map<Integer, ColumnProfile> columns = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        Types.NestedField field = SchemaParser.fromJson(in.readUTF()).columns().get(0);
        long[] counts = {in.readLong(), in.readLong(), in.readLong()};
        int dimension = in.readInt();
        byte[] min = read(in);
        byte[] max = read(in);
        byte[] theta = read(in);
        byte[] kll = read(in);
        byte[] items = read(in);
        byte[] norms = read(in);
        Moments moments = format >= 2 ? readMoments(in) : null;
        columns.put(
            field.fieldId(),
            new ColumnProfile(
                field.fieldId(),
                field.name(),
                field.type(),
                counts,
                value(field, min),
                value(field, max),
                theta == null ? null : CompactSketch.heapify(Memory.wrap(theta)),
                kll == null ? null : KllDoublesSketch.heapify(Memory.wrap(kll)),
                items == null
                    ? null
                    : ItemsSketch.getInstance(Memory.wrap(items), new ArrayOfStringsSerDe()),
                dimension,
                norms == null ? null : KllDoublesSketch.heapify(Memory.wrap(norms)),
                moments));
      }
      return new Profile(rows, columns);
    } catch (IOException e) {
      throw new UncheckedIOException("Invalid profile: " + e.getMessage(), e);
    }
  }

  private static void writeMoments(DataOutputStream out, Moments moments) throws IOException {
    if (moments == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(moments.dimension());
    out.writeLong(moments.rows());
    for (int d = 0; d < moments.dimension(); d++) {
      out.writeDouble(moments.sum(d));
      out.writeDouble(moments.square(d));
    }
  }

  private static Moments readMoments(DataInputStream in) throws IOException {
    int dimension = in.readInt();
    if (dimension < 0) {
      return null;
    }
    long rows = in.readLong();
    double[] sums = new double[dimension];
    double[] squares = new double[dimension];
    for (int d = 0; d < dimension; d++) {
      sums[d] = in.readDouble();
      squares[d] = in.readDouble();
    }
    return new Moments(rows, sums, squares);
  }

  private static Object value(Types.NestedField field, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    Object value = Conversions.fromByteBuffer(field.type(), ByteBuffer.wrap(bytes));
    return value instanceof CharSequence text ? text.toString() : value;
  }

  private static void write(DataOutputStream out, ByteBuffer value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    ByteBuffer copy = value.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] read(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }
}
