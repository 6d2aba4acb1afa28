package dev.floe.ingest.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Utf8Lines} gives the characters a UTF-8 decoder gives, whether a line is plain ASCII
 * (copied without the decoder) or not, and names the line and column of a byte that is not UTF-8.
 */
class Utf8LinesTest {
  private static final Path FILE = Path.of("rows.csv");

  @Test
  void asciiAndOtherLinesReadAsTheirUtf8Text() throws IOException {
    Random random = new Random(8);
    StringBuilder text = new StringBuilder();
    String[] pieces = {"id,label\n", "1,ü\n", "x".repeat(1000) + "\n", "\r\n", "2,日本\n", "a,b"};
    for (int i = 0; i < 2000; i++) {
      text.append(pieces[random.nextInt(pieces.length - 1)]);
    }
    text.append(pieces[pieces.length - 1]); // no line break at the end
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);

    assertThat(readAll(bytes, random)).isEqualTo(text.toString());
    byte[] withBom = new byte[bytes.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(bytes, 0, withBom, 3, bytes.length);
    assertThat(readAll(withBom, random)).isEqualTo(text.toString());
  }

  @Test
  void aByteThatIsNotUtf8FailsNamingItsLineAndColumn() {
    byte[] bytes = "id\n1\nab\u00e9c\n".getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> readAll(bytes, new Random(1)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("rows.csv:3: not UTF-8 text: byte 0xE9 at column 3");
  }

  /** All of it, in reads of random sizes as a parser makes them. */
  private static String readAll(byte[] bytes, Random random) throws IOException {
    StringWriter out = new StringWriter();
    try (Utf8Lines lines = new Utf8Lines(FILE, new ByteArrayInputStream(bytes))) {
      char[] buffer = new char[4000];
      for (int n; (n = lines.read(buffer, 0, 1 + random.nextInt(buffer.length))) >= 0; ) {
        out.write(buffer, 0, n);
      }
    }
    return out.toString();
  }
}
