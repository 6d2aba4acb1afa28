package dev.floe.ingest.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.floe.catalog.testing.MlEvents;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.theta.UpdateSketch;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VectorProfileTest {
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close(); // fails the test on a leaked buffer
  }

  private Profile ofVectors(List<Record> rows) {
    try (VectorSchemaRoot root = EventVectors.of(allocator, rows)) {
      return Profile.of(MlEvents.SCHEMA, root);
    }
  }

  @Test
  void vectorsGiveTheSameProfileAsRows() {
    List<Record> rows = ProfileTest.rows(0, 3000);
    Profile fromRows = Profile.of(MlEvents.SCHEMA, rows);
    Profile fromVectors = ofVectors(rows);

    assertThat(fromVectors.rows()).isEqualTo(3000);
    assertThat(fromVectors.columns().keySet()).isEqualTo(fromRows.columns().keySet());
    for (ColumnProfile expected : fromRows.columns().values()) {
      ColumnProfile actual = fromVectors.columns().get(expected.fieldId());
      String name = expected.name();
      assertThat(actual.rows()).as(name).isEqualTo(expected.rows());
      assertThat(actual.nulls()).as(name).isEqualTo(expected.nulls());
      assertThat(actual.nans()).as(name).isEqualTo(expected.nans());
      assertThat(actual.min()).as(name).isEqualTo(expected.min());
      assertThat(actual.max()).as(name).isEqualTo(expected.max());
      if (expected.theta() != null) {
        assertThat(actual.theta().toByteArray()).as(name).isEqualTo(expected.theta().toByteArray());
      }
      if (expected.quantiles() != null) {
        assertThat(actual.quantiles().getN()).as(name).isEqualTo(expected.quantiles().getN());
        assertThat(actual.quantile(0.0)).as(name).isEqualTo(expected.quantile(0.0));
        assertThat(actual.quantile(1.0)).as(name).isEqualTo(expected.quantile(1.0));
      }
    }
    assertThat(fromVectors.column("label").frequentItems()[0].getItem()).isEqualTo("label-0");
    assertThat(fromVectors.column("id").quantile(0.5)).isBetween(1400.0, 1600.0);
    ColumnProfile embedding = fromVectors.column("embedding");
    assertThat(embedding.dimension()).isEqualTo(3);
    assertThat(embedding.norms().getN()).isEqualTo(2999); // the list holding NaN has no norm
    assertThat(embedding.dimensionMeans()).isEqualTo(fromRows.column("embedding").dimensionMeans());
  }

  @Test
  void keepsPerDimensionMeansOfEmbeddingsAndMergesThem() {
    ColumnProfile first = ofVectors(ProfileTest.rows(0, 100)).column("embedding");
    ColumnProfile second = ofVectors(ProfileTest.rows(100, 50)).column("embedding");

    // (3, 4, 0) in every list; the list of id 7 holds NaN and is left out of the means
    assertThat(first.dimensionRows()).isEqualTo(99);
    assertThat(first.dimensionMeans()).containsExactly(3.0, 4.0, 0.0);
    assertThat(first.dimensionStdDevs()).containsExactly(0.0, 0.0, 0.0);
    ColumnProfile merged = first.merge(second);
    assertThat(merged.dimensionRows()).isEqualTo(149);
    assertThat(merged.dimensionMeans()).containsExactly(3.0, 4.0, 0.0);
  }

  @Test
  void meansOfSpreadValuesMatchTheirAverage() {
    Schema schema = MlEvents.SCHEMA;
    List<Record> rows = ProfileTest.rows(0, 10);
    for (int i = 0; i < rows.size(); i++) {
      rows.get(i).setField("embedding", List.of((float) i, 2f * i, -1f));
    }
    ColumnProfile embedding = ofVectors(rows).column("embedding");

    assertThat(embedding.dimensionMeans()[0]).isCloseTo(4.5, within(1e-9));
    assertThat(embedding.dimensionMeans()[1]).isCloseTo(9.0, within(1e-9));
    assertThat(embedding.dimensionStdDevs()[0]).isCloseTo(Math.sqrt(8.25), within(1e-9));
    assertThat(Profile.of(schema, rows).column("embedding").dimensionMeans())
        .containsExactly(embedding.dimensionMeans());
  }

  @Test
  void refusesVectorsThatDoNotMatchTheLayoutNamingTheColumn() {
    org.apache.arrow.vector.types.pojo.Schema wrong =
        new org.apache.arrow.vector.types.pojo.Schema(
            List.of(
                org.apache.arrow.vector.types.pojo.Field.nullable(
                    "id",
                    new org.apache.arrow.vector.types.pojo.ArrowType.FloatingPoint(
                        org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE))));
    Schema ids = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
    Schema two =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "score", Types.DoubleType.get()));
    try (VectorSchemaRoot root = VectorSchemaRoot.create(wrong, allocator)) {
      ((Float8Vector) root.getVector("id")).setSafe(0, 1.0);
      root.setRowCount(1);

      assertThatThrownBy(() -> Profile.of(ids, root))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("column id is Arrow FloatingPoint(DOUBLE), expected Int(64, true)");
    }
    try (VectorSchemaRoot root =
        VectorSchemaRoot.create(dev.floe.columnar.ArrowLayout.of(ids), allocator)) {
      ((BigIntVector) root.getVector("id")).setSafe(0, 1L);
      root.setRowCount(1);

      assertThatThrownBy(() -> Profile.of(two, root))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("column score is missing from its vectors (it has: [id])");
    }
  }

  @Test
  void codecCarriesTheNewSketchesAndStillReadsFormatOne() throws IOException {
    Profile profile = ofVectors(ProfileTest.rows(0, 500));
    Profile decoded = ProfileCodec.decode(ProfileCodec.encode(profile));

    assertThat(decoded.column("embedding").dimensionMeans()).containsExactly(3.0, 4.0, 0.0);
    assertThat(decoded.column("embedding").dimensionRows()).isEqualTo(499);
    assertThat(decoded.column("label").frequentItems()[0].getItem()).isEqualTo("label-0");
    assertThat(decoded.column("amount").quantile(0.5))
        .isEqualTo(profile.column("amount").quantile(0.5));

    // A profile written by the first format: no moments, everything else as before.
    UpdateSketch theta = UpdateSketch.builder().build();
    theta.update(42L);
    KllDoublesSketch kll = KllDoublesSketch.newHeapInstance();
    kll.update(42);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(1); // format
      out.writeLong(1); // rows
      out.writeInt(1); // columns
      out.writeUTF(
          SchemaParser.toJson(
              new Schema(Types.NestedField.optional(1, "id", Types.LongType.get()))));
      out.writeLong(1);
      out.writeLong(0);
      out.writeLong(0);
      out.writeInt(-1); // dimension
      byte[] fortyTwo = {42, 0, 0, 0, 0, 0, 0, 0};
      out.writeInt(8);
      out.write(fortyTwo); // min
      out.writeInt(8);
      out.write(fortyTwo); // max
      byte[] t = theta.compact().toByteArray();
      out.writeInt(t.length);
      out.write(t);
      byte[] k = kll.toByteArray();
      out.writeInt(k.length);
      out.write(k);
      out.writeInt(-1); // frequent items
      out.writeInt(-1); // norms
    }
    Profile old = ProfileCodec.decode(bytes.toByteArray());
    assertThat(old.column("id").max()).isEqualTo(42L);
    assertThat(old.column("id").ndv()).isEqualTo(1);
    assertThat(old.column("id").quantile(0.5)).isEqualTo(42.0);
    assertThat(old.column("id").dimensionMeans()).isNull();
  }
}
