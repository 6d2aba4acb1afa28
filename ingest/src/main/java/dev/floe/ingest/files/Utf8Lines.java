package dev.floe.ingest.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The characters of a UTF-8 text file, decoded a line at a time so that bytes that are not UTF-8 (a
 * binary file given as text) fail naming the line and column, where a plain decoder reading ahead
 * says only "Input length = 1". A byte-order mark at the start is skipped. Not thread-safe; closing
 * it closes the stream.
 */
final class Utf8Lines extends Reader {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final Path file;
  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private byte[] lineBytes = new byte[256];
  private CharBuffer chars = CharBuffer.allocate(0);
  private char[] asciiChars = new char[256];
  private CharBuffer asciiBuffer = CharBuffer.wrap(asciiChars);
  private long line;

  Utf8Lines(Path file, InputStream in) {
    this.file = file;
    this.in = in;
  }

  @Override
  public int read(char[] target, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (!chars.hasRemaining()) {
      if (!nextLine()) {
        return -1;
      }
    }
    int count = Math.min(length, chars.remaining());
    chars.get(target, offset, count);
    return count;
  }

  /** Reads and decodes the next line, its line break included; false at the end. */
  private boolean nextLine() throws IOException {
    int size = 0;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          break;
        }
      }
      int end = position;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      int take = Math.min(end + 1, limit) - position;
      if (size + take > lineBytes.length) {
        lineBytes = Arrays.copyOf(lineBytes, Math.max(size + take, lineBytes.length * 2));
      }
      System.arraycopy(buffer, position, lineBytes, size, take);
      size += take;
      position += take;
      if (end < limit) {
        break; // the line break is in
      }
    }
    if (size == 0) {
      return false;
    }
    line++;
    int start = line == 1 && startsWithBom(size) ? BOM.length : 0;
    if (!ascii(start, size)) {
      chars = decode(ByteBuffer.wrap(lineBytes, start, size - start));
    }
    return true;
  }

  /**
   * A line of ASCII bytes only (the common case) as the same characters without the decoder, into a
   * buffer reused from line to line (read empties it before the next); false for any other line.
   */
  private boolean ascii(int start, int size) {
    int length = size - start;
    if (asciiChars.length < length) {
      asciiChars = new char[Math.max(length, asciiChars.length * 2)];
      asciiBuffer = CharBuffer.wrap(asciiChars);
    }
    for (int i = 0; i < length; i++) {
      byte b = lineBytes[start + i];
      if (b < 0) {
        return false;
      }
      asciiChars[i] = (char) b;
    }
    asciiBuffer.limit(length).position(0);
    chars = asciiBuffer;
    return true;
  }

  private boolean startsWithBom(int size) {
    return size >= BOM.length && Arrays.equals(lineBytes, 0, BOM.length, BOM, 0, BOM.length);
  }

  private CharBuffer decode(ByteBuffer bytes) {
    CharBuffer out =
        CharBuffer.allocate(bytes.remaining()); // UTF-8 never has more chars than bytes
    decoder.reset();
    CoderResult result = decoder.decode(bytes, out, true);
    if (result.isError()) {
      throw BadInputException.atLine(
          file,
          line,
          String.format(
              "not UTF-8 text: byte 0x%02X at column %d is not valid UTF-8 (is it a binary file?"
                  + " name the format, --input-format in floe ingest, for Parquet or Arrow)",
              bytes.get(bytes.position()) & 0xFF, out.position() + 1));
    }
    decoder.flush(out);
    return out.flip();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
