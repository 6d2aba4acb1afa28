package dev.floe.catalog.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.io.InputFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What each fault does to Iceberg's S3FileIO, with S3Proxy behind the proxy. */
class FaultProxyTest {
  @RegisterExtension static S3ProxyExtension s3 = new S3ProxyExtension();

  private FaultProxy proxy;
  private S3FileIO io;

  @BeforeEach
  void start() {
    proxy = FaultProxy.start(s3.endpoint());
    Map<String, String> props = new HashMap<>(s3.icebergProperties());
    props.put("s3.endpoint", proxy.endpoint());
    props.put("s3.retry.min-wait-ms", "10");
    props.put("s3.retry.max-wait-ms", "50");
    io = new S3FileIO();
    io.initialize(props);
  }

  @AfterEach
  void stop() {
    io.close();
    proxy.close();
  }

  @Test
  void throttlingAndServerErrorsAreRetried() throws Exception {
    proxy.inject(FaultProxy.Fault.SLOW_DOWN, "PUT", ".*/a\\.txt", 2);
    proxy.inject(FaultProxy.Fault.INTERNAL_ERROR, "GET", ".*/a\\.txt", 1);

    write("a.txt", "hello");

    assertThat(read("a.txt")).isEqualTo("hello");
    assertThat(proxy.injected(FaultProxy.Fault.SLOW_DOWN)).isEqualTo(2);
    assertThat(proxy.injected(FaultProxy.Fault.INTERNAL_ERROR)).isEqualTo(1);
  }

  @Test
  void resetsMidRequestAndMidResponseAreRetried() throws Exception {
    proxy.inject(FaultProxy.Fault.RESET_MID_REQUEST, "PUT", ".*/b\\.txt", 1);
    proxy.inject(FaultProxy.Fault.RESET_MID_RESPONSE, "GET", ".*/b\\.txt", 1);

    write("b.txt", "x".repeat(100_000));

    assertThat(read("b.txt")).hasSize(100_000);
    assertThat(proxy.injected(FaultProxy.Fault.RESET_MID_REQUEST)).isEqualTo(1);
    assertThat(proxy.injected(FaultProxy.Fault.RESET_MID_RESPONSE)).isEqualTo(1);
  }

  @Test
  void responseSlowerThanTheSocketTimeoutIsRetried() throws Exception {
    write("d.txt", "late");
    Map<String, String> props = new HashMap<>(s3.icebergProperties());
    props.put("s3.endpoint", proxy.endpoint());
    props.put("http-client.urlconnection.socket-timeout-ms", "500");
    proxy.slowMillis(2_000).inject(FaultProxy.Fault.SLOW, "GET", ".*/d\\.txt", 1);

    try (S3FileIO impatient = new S3FileIO()) {
      impatient.initialize(props);
      try (InputStream in = impatient.newInputFile(location("d.txt")).newStream()) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("late");
      }
    }
    assertThat(proxy.seen())
        .filteredOn(seen -> seen.method().equals("GET") && seen.path().endsWith("/d.txt"))
        .hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void persistentServerErrorsFailAfterTheRetries() {
    proxy.inject(FaultProxy.Fault.INTERNAL_ERROR, "PUT", ".*/c\\.txt", 100);

    assertThatThrownBy(() -> write("c.txt", "never")).hasMessageContaining("500");
    assertThat(proxy.injected(FaultProxy.Fault.INTERNAL_ERROR)).isGreaterThan(1);
    assertThat(io.newInputFile(location("c.txt")).exists()).isFalse();
  }

  private void write(String name, String text) throws Exception {
    try (OutputStream out = io.newOutputFile(location(name)).createOrOverwrite()) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private String read(String name) throws Exception {
    InputFile file = io.newInputFile(location(name));
    try (InputStream in = file.newStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String location(String name) {
    return s3.warehouse() + "/faults/" + name;
  }
}
