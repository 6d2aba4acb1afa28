package dev.floe.tour;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.Version;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What an application that imports floe-bom gets. Without the BOM's Netty pin, Maven puts
 * netty-buffer 4.2.13, netty-common 4.2.9 and netty-transport 4.1.138 on this class path, and
 * Arrow's allocator fails with NoSuchMethodError: this names the cause instead.
 */
class ClassPathTest {
  @Test
  void nettyJarsShareOneVersion() {
    Map<String, String> versions = new TreeMap<>();
    Version.identify()
        .forEach((artifact, version) -> versions.put(artifact, version.artifactVersion()));

    assertThat(versions).isNotEmpty();
    assertThat(versions.values().stream().distinct())
        .as("versions of the Netty jars on the class path: %s", versions)
        .hasSize(1);
  }

  @Test
  void localOnlyApplicationHasNoAwsSdk() throws Exception {
    assertThat(
            getClass()
                .getClassLoader()
                .getResource("software/amazon/awssdk/services/s3/S3Client.class"))
        .as("floe-catalog without floe-s3 brings no AWS SDK")
        .isNull();
  }
}
