package dev.floe.catalog.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * An HTTP proxy on 127.0.0.1 in front of an S3 endpoint (S3Proxy) that misbehaves on request: a 503
 * SlowDown, a 500 InternalError, a connection reset in the middle of a request body (PUT) or of a
 * response body (GET), or a slow response. Point {@code s3.endpoint} at {@link #endpoint()}.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(s3.endpoint())) {
 *   proxy.inject(FaultProxy.Fault.SLOW_DOWN, "PUT", ".*\\.parquet", 2); // the next two data PUTs
 * }
 * }</pre>
 *
 * <p>One request per connection: the proxy asks the server to close after each response, so the
 * client sees {@code Connection: close} and opens a new connection for the next request. Request
 * bodies must carry a {@code Content-Length} (the AWS SDK sends one for every S3 request).
 */
public final class FaultProxy implements AutoCloseable {
  /** What to do to a matching request. */
  public enum Fault {
    /** 503 with S3's {@code SlowDown} error, not forwarded: throttling, retried by the SDK. */
    SLOW_DOWN,
    /** 500 with S3's {@code InternalError}, not forwarded. */
    INTERNAL_ERROR,
    /** 501 with S3's {@code NotImplemented}, not forwarded: a feature the server lacks. */
    NOT_IMPLEMENTED,
    /** Half of the request body read, then the connection reset; nothing forwarded. */
    RESET_MID_REQUEST,
    /** Forwarded; the response headers and part of the body relayed, then the connection reset. */
    RESET_MID_RESPONSE,
    /** Forwarded after {@link #slowMillis} ms: a slow server. */
    SLOW
  }

  private record Rule(
      Fault fault, String method, Pattern path, AtomicInteger passing, AtomicInteger remaining) {}

  /** One request the proxy saw, and the fault it injected (null if none). */
  public record Seen(String method, String path, Fault fault) {}

  private final ServerSocket server;
  private final URI upstream;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile long slowMillis = 2_000;

  private FaultProxy(ServerSocket server, URI upstream) {
    this.server = server;
    this.upstream = upstream;
  }

  /** Listens on a free port of 127.0.0.1 and forwards to {@code upstreamEndpoint}. */
  public static FaultProxy start(String upstreamEndpoint) {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      FaultProxy proxy = new FaultProxy(server, URI.create(upstreamEndpoint));
      proxy.pool.submit(proxy::acceptLoop);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the fault proxy", e);
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /**
   * Injects {@code fault} into the next {@code times} requests with this method (any if null) whose
   * path (without the query) matches {@code pathRegex}. Rules apply in the order added.
   */
  public FaultProxy inject(Fault fault, String method, String pathRegex, int times) {
    return injectAfter(0, fault, method, pathRegex, times);
  }

  /** As {@link #inject}, after letting the first {@code passing} matching requests through. */
  public FaultProxy injectAfter(
      int passing, Fault fault, String method, String pathRegex, int times) {
    rules.add(
        new Rule(
            fault,
            method,
            Pattern.compile(pathRegex),
            new AtomicInteger(passing),
            new AtomicInteger(times)));
    return this;
  }

  /** How long {@link Fault#SLOW} waits before forwarding. */
  public FaultProxy slowMillis(long millis) {
    this.slowMillis = millis;
    return this;
  }

  /** Drops every rule that has not run out: the server behaves again. */
  public FaultProxy heal() {
    rules.clear();
    return this;
  }

  /** Every request so far, in arrival order. */
  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** How many requests got {@code fault}. */
  public long injected(Fault fault) {
    return seen.stream().filter(s -> s.fault() == fault).count();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing a listening socket: nothing to recover
    }
    pool.shutdownNow();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        pool.submit(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      String head = HttpWire.readHead(in);
      if (head == null) {
        return;
      }
      String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
      String method = requestLine[0];
      String path = requestLine[1].replaceFirst("\\?.*", "");
      long length = HttpWire.contentLength(head);
      Fault fault = match(method, path);
      seen.add(new Seen(method, path, fault));
      if (fault == Fault.RESET_MID_REQUEST) {
        in.readNBytes((int) Math.min(length / 2, Integer.MAX_VALUE));
        HttpWire.reset(client);
        return;
      }
      byte[] body = in.readNBytes((int) length);
      if (fault == Fault.SLOW_DOWN
          || fault == Fault.INTERNAL_ERROR
          || fault == Fault.NOT_IMPLEMENTED) {
        respondError(client.getOutputStream(), fault);
        return;
      }
      if (fault == Fault.SLOW) {
        Thread.sleep(slowMillis);
      }
      forward(client, head, body, fault == Fault.RESET_MID_RESPONSE);
    } catch (IOException | RuntimeException e) {
      // the client or the server went away, or the request is not one the proxy can relay
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Fault match(String method, String path) {
    for (Rule rule : rules) {
      if ((rule.method() == null || rule.method().equalsIgnoreCase(method))
          && rule.path().matcher(path).matches()) {
        if (rule.passing().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          return null;
        }
        if (rule.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          return rule.fault();
        }
      }
    }
    return null;
  }

  private void forward(Socket client, String head, byte[] body, boolean resetMidResponse)
      throws IOException {
    try (Socket server = new Socket(upstream.getHost(), upstream.getPort())) {
      OutputStream up = server.getOutputStream();
      up.write(HttpWire.closingHead(head).getBytes(StandardCharsets.ISO_8859_1));
      up.write(body);
      up.flush();
      InputStream down = server.getInputStream();
      OutputStream out = client.getOutputStream();
      if (!resetMidResponse) {
        down.transferTo(out);
        out.flush();
        return;
      }
      byte[] response = down.readAllBytes();
      String text = new String(response, StandardCharsets.ISO_8859_1);
      int bodyStart = text.indexOf("\r\n\r\n") + 4;
      // The headers promise the whole body; half of it arrives, then the reset.
      out.write(response, 0, bodyStart + (response.length - bodyStart) / 2);
      out.flush();
      HttpWire.reset(client);
    }
  }

  private static void respondError(OutputStream out, Fault fault) throws IOException {
    switch (fault) {
      case SLOW_DOWN ->
          HttpWire.s3Error(out, "503 Slow Down", "SlowDown", "Please reduce your request rate.");
      case NOT_IMPLEMENTED ->
          HttpWire.s3Error(
              out,
              "501 Not Implemented",
              "NotImplemented",
              "A header you provided is not implemented.");
      default ->
          HttpWire.s3Error(
              out,
              "500 Internal Server Error",
              "InternalError",
              "We encountered an internal error.");
    }
  }
}
