package dev.floe.tour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.FloeProperties;
import dev.floe.catalog.exceptions.InvalidConfigException;
import org.junit.jupiter.api.Test;

/**
 * The tour depends on floe-catalog without floe-s3, as a local-only application does: the AWS SDK
 * stays off its class path, and an s3:// warehouse says which artifact to add.
 */
class S3WithoutFloeS3Test {
  @Test
  void s3WarehouseWithoutFloeS3NamesTheArtifactToAdd() {
    FloeConfig config =
        FloeConfig.builder().set(FloeProperties.WAREHOUSE, "s3://bucket/warehouse").build();

    assertThatThrownBy(() -> Floe.open(config))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "Cannot use warehouse s3://bucket/warehouse: S3 support is not on the class path (add"
                + " the dependency dev.floe:floe-s3; missing org.apache.iceberg.aws.s3.S3FileIO)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
