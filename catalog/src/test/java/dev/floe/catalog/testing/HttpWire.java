package dev.floe.catalog.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The little of HTTP/1.1 {@link FaultProxy} speaks: request heads, their body length, S3 error
 * answers, and closing a connection with a reset.
 */
final class HttpWire {
  private HttpWire() {}

  /** The request head with keep-alive replaced by {@code Connection: close}. */
  static String closingHead(String head) {
    List<String> lines = new ArrayList<>();
    for (String line : head.split("\r\n")) {
      if (!line.isEmpty() && !line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
        lines.add(line);
      }
    }
    lines.add("Connection: close");
    return String.join("\r\n", lines) + "\r\n\r\n";
  }

  /** Answers with S3's XML error document, {@code Connection: close}; status: "503 Slow Down". */
  static void s3Error(OutputStream out, String status, String code, String message)
      throws IOException {
    String body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
            + code
            + "</Code><Message>"
            + message
            + "</Message><RequestId>fault-proxy</RequestId></Error>";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + "\r\nContent-Type: application/xml\r\nContent-Length: "
            + bytes.length
            + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.flush();
  }

  /** Closes with a TCP reset: the peer sees the connection break, not end. */
  static void reset(Socket socket) throws IOException {
    socket.setSoLinger(true, 0); // close with RST, not FIN
    socket.close();
  }

  /** The request line and headers up to the blank line; null if the client went away first. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    int b;
    while ((b = in.read()) != -1) {
      head.write(b);
      last4 = (last4 << 8) | b;
      if (last4 == 0x0d0a0d0a) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  /** The body length the head declares, 0 without one; a chunked body throws. */
  static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        return Long.parseLong(line.substring("content-length:".length()).trim());
      }
      if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        throw new IllegalStateException("FaultProxy needs a Content-Length, got: " + line);
      }
    }
    return 0;
  }
}
