package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class SchemaJsonTest {
  @Test
  void readsColumnsWithIcebergTypeNames() {
    Schema schema =
        SchemaJson.parse(
            "{\"columns\": ["
                + "{\"name\": \"id\", \"type\": \"long\", \"required\": true},"
                + "{\"name\": \"ts\", \"type\": \"timestamptz\", \"doc\": \"event time\"},"
                + "{\"name\": \"local\", \"type\": \"timestamp\"},"
                + "{\"name\": \"amount\", \"type\": \"decimal(10, 2)\"},"
                + "{\"name\": \"embedding\", \"type\": \"list<float>\"},"
                + "{\"name\": \"attrs\", \"type\": \"map<string, list<int>>\"},"
                + "{\"name\": \"geo\", \"type\": \"struct<lat: double, lon: double>\"},"
                + "{\"name\": \"hash\", \"type\": \"fixed[16]\"}]}");

    assertThat(schema.findField("id").isRequired()).isTrue();
    assertThat(schema.findField("ts").isOptional()).isTrue();
    assertThat(schema.findField("ts").doc()).isEqualTo("event time");
    assertThat(schema.findType("ts")).isEqualTo(Types.TimestampType.withZone());
    assertThat(schema.findType("local")).isEqualTo(Types.TimestampType.withoutZone());
    assertThat(schema.findType("amount")).isEqualTo(Types.DecimalType.of(10, 2));
    assertThat(schema.findType("embedding").toString()).isEqualTo("list<float>");
    assertThat(schema.findType("attrs").toString()).isEqualTo("map<string, list<int>>");
    assertThat(schema.findType("geo").asStructType().fields())
        .extracting(Types.NestedField::name)
        .containsExactly("lat", "lon");
    assertThat(schema.findType("hash")).isEqualTo(Types.FixedType.ofLength(16));
  }

  @Test
  void readsIcebergsOwnSchemaJson() {
    Schema original =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(
                2, "v", Types.ListType.ofOptional(3, Types.FloatType.get())));

    assertThat(SchemaJson.parse(SchemaParser.toJson(original)).sameSchema(original)).isTrue();
  }

  @Test
  void namesTheColumnOfABadType() {
    assertThatThrownBy(
            () -> SchemaJson.parse("{\"columns\": [{\"name\": \"score\", \"type\": \"dubble\"}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid type of column score: unknown type 'dubble'");
    assertThatThrownBy(
            () -> SchemaJson.parse("{\"columns\": [{\"name\": \"v\", \"type\": \"list<float\"}]}"))
        .hasMessageContaining("Invalid type of column v")
        .hasMessageContaining("expected '>'");
    assertThatThrownBy(() -> SchemaJson.type("map<string>")).hasMessageContaining("expected ','");
  }

  @Test
  void refusesMalformedFilesSayingWhatIsExpected() {
    assertThatThrownBy(() -> SchemaJson.parse("{\"columns\": [}"))
        .hasMessageStartingWith("Invalid schema JSON:");
    assertThatThrownBy(() -> SchemaJson.parse("{\"cols\": []}"))
        .hasMessageContaining("expected {\"columns\"");
    assertThatThrownBy(
            () ->
                SchemaJson.parse(
                    "{\"columns\": [{\"name\": \"a\", \"type\": \"int\"},"
                        + " {\"name\": \"a\", \"type\": \"long\"}]}"))
        .hasMessageContaining("column a appears twice");
    assertThatThrownBy(() -> SchemaJson.parse("{\"columns\": [{\"type\": \"int\"}]}"))
        .hasMessageContaining("a column has no \"name\"");
  }
}
