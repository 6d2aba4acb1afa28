package dev.floe.timetravel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/** A column or a nested field, with its streams in the order the spec gives them. */
abstract class DigestNode {
  final DigestStream validity;

  DigestNode(Field field) {
    this.validity = field.isNullable() ? new DigestStream() : null;
  }

  static DigestNode of(Field field) {
    return switch (field.getType().getTypeID()) {
      case Bool -> new BitNode(field);
      case Utf8, Binary -> new VariableNode(field);
      case List, Map -> new ListNode(field);
      case Struct -> new StructNode(field);
      case Int, FloatingPoint, Date, Time, Timestamp, Decimal, FixedSizeBinary ->
          new FixedNode(field);
      default ->
          throw new UnsupportedOperationException(
              "Cannot digest column " + field.getName() + " of Arrow type " + field.getType());
    };
  }

  /** Adds slots {@code [start, start + count)} of {@code vector}. */
  final void update(FieldVector vector, int start, int count) {
    boolean nulls = false;
    if (validity != null) {
      nulls = DigestStream.hasNulls(vector.getValidityBuffer(), start, count);
      if (nulls) {
        validity.bits(vector.getValidityBuffer(), start, count);
      } else {
        validity.ones(count);
      }
    }
    values(vector, start, count, nulls);
  }

  abstract void values(FieldVector vector, int start, int count, boolean nulls);

  void streams(List<DigestStream> out) {
    if (validity != null) {
      out.add(validity);
    }
  }

  private static final class FixedNode extends DigestNode {
    private final DigestStream values = new DigestStream();
    private byte[] scratch = new byte[0];

    FixedNode(Field field) {
      super(field);
    }

    @Override
    void values(FieldVector vector, int start, int count, boolean nulls) {
      int width = ((BaseFixedWidthVector) vector).getTypeWidth();
      ArrowBuf data = vector.getDataBuffer();
      if (!nulls) {
        values.bytes(data, (long) start * width, (long) count * width);
        return;
      }
      // Bytes under a null are whatever the writer left there: they count as zeros.
      int length = count * width;
      if (scratch.length < length) {
        scratch = new byte[length];
      }
      data.getBytes((long) start * width, scratch, 0, length);
      for (int i = 0; i < count; i++) {
        if (vector.isNull(start + i)) {
          Arrays.fill(scratch, i * width, (i + 1) * width, (byte) 0);
        }
      }
      values.bytes(scratch, length);
    }

    @Override
    void streams(List<DigestStream> out) {
      super.streams(out);
      out.add(values);
    }
  }

  private static final class BitNode extends DigestNode {
    private final DigestStream values = new DigestStream();

    BitNode(Field field) {
      super(field);
    }

    @Override
    void values(FieldVector vector, int start, int count, boolean nulls) {
      if (!nulls) {
        values.bits(vector.getDataBuffer(), start, count);
        return;
      }
      BitVector bits = (BitVector) vector;
      for (int i = 0; i < count; i++) {
        values.bits(bits.isNull(start + i) ? 0 : bits.get(start + i), 1);
      }
    }

    @Override
    void streams(List<DigestStream> out) {
      super.streams(out);
      out.add(values);
    }
  }

  /** Lengths of the slots (0 under a null), shared by strings, binaries, lists and maps. */
  private abstract static class LengthNode extends DigestNode {
    final DigestStream lengths = new DigestStream();
    private ByteBuffer scratch = ByteBuffer.allocate(0);

    LengthNode(Field field) {
      super(field);
    }

    @Override
    final void values(FieldVector vector, int start, int count, boolean nulls) {
      ArrowBuf offsets = vector.getOffsetBuffer();
      if (scratch.capacity() < count * 4) {
        scratch = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
      }
      scratch.clear();
      int previous = offsets.getInt((long) start * 4);
      boolean nullSpans = false; // whether a null slot's offsets span anything
      for (int i = 0; i < count; i++) {
        int end = offsets.getInt((long) (start + i + 1) * 4);
        boolean isNull = nulls && vector.isNull(start + i);
        nullSpans |= isNull && end != previous;
        scratch.putInt(isNull ? 0 : end - previous);
        previous = end;
      }
      lengths.bytes(scratch.array(), count * 4);
      if (!nullSpans) { // the content is one range, as Floe's decoders write nulls: one call
        children(vector, offsets.getInt((long) start * 4), previous);
        return;
      }
      // Runs of non-null slots: what a null slot's offsets span is not content.
      int i = 0;
      while (i < count) {
        while (i < count && vector.isNull(start + i)) {
          i++;
        }
        int run = i;
        while (i < count && !vector.isNull(start + i)) {
          i++;
        }
        if (i > run) {
          children(
              vector,
              offsets.getInt((long) (start + run) * 4),
              offsets.getInt((long) (start + i) * 4));
        }
      }
    }

    /** Adds the content between offsets {@code from} and {@code to}. */
    abstract void children(FieldVector vector, int from, int to);

    @Override
    void streams(List<DigestStream> out) {
      super.streams(out);
      out.add(lengths);
    }
  }

  private static final class VariableNode extends LengthNode {
    private final DigestStream data = new DigestStream();

    VariableNode(Field field) {
      super(field);
    }

    @Override
    void children(FieldVector vector, int from, int to) {
      data.bytes(((BaseVariableWidthVector) vector).getDataBuffer(), from, to - from);
    }

    @Override
    void streams(List<DigestStream> out) {
      super.streams(out);
      out.add(data);
    }
  }

  private static final class ListNode extends LengthNode {
    private final DigestNode element;

    ListNode(Field field) {
      super(field);
      this.element = DigestNode.of(field.getChildren().get(0));
    }

    @Override
    void children(FieldVector vector, int from, int to) {
      element.update(((ListVector) vector).getDataVector(), from, to - from);
    }

    @Override
    void streams(List<DigestStream> out) {
      super.streams(out);
      element.streams(out);
    }
  }

  private static final class StructNode extends DigestNode {
    private final List<DigestNode> fields = new ArrayList<>();

    StructNode(Field field) {
      super(field);
      field.getChildren().forEach(child -> fields.add(DigestNode.of(child)));
    }

    @Override
    void values(FieldVector vector, int start, int count, boolean nulls) {
      // Under a null struct its fields hold nothing: they cover the non-null slots only.
      int i = 0;
      while (i < count) {
        while (nulls && i < count && vector.isNull(start + i)) {
          i++;
        }
        int run = i;
        while (i < count && !(nulls && vector.isNull(start + i))) {
          i++;
        }
        if (i > run) {
          fields(vector, start + run, i - run);
        }
      }
    }

    private void fields(FieldVector vector, int start, int count) {
      StructVector struct = (StructVector) vector;
      for (int i = 0; i < fields.size(); i++) {
        fields.get(i).update((FieldVector) struct.getChildByOrdinal(i), start, count);
      }
    }

    @Override
    void streams(List<DigestStream> out) {
      super.streams(out);
      fields.forEach(field -> field.streams(out));
    }
  }
}
