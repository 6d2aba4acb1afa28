package dev.floe.columnar.parquet;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;

/**
 * A struct of primitive fields: each field's Parquet column decoded into its child vector, the
 * struct's own validity taken from the first field's definition levels (a struct is null where its
 * fields' levels stop short of the struct's own level).
 */
final class StructColumn implements PageDecoder {
  private final List<PageColumn> fields;
  private final int structDef;

  StructColumn(List<PageColumn> fields, int structDef) {
    this.fields = List.copyOf(fields);
    this.structDef = structDef;
  }

  @Override
  public ColumnDescriptor descriptor() {
    return fields.get(0).descriptor();
  }

  @Override
  public void start(PageReadStore group) {
    for (PageColumn field : fields) {
      field.start(group.getPageReader(field.descriptor()));
    }
  }

  @Override
  public void read(FieldVector vector, int at, int rows) {
    StructVector struct = (StructVector) vector;
    for (int i = 0; i < fields.size(); i++) {
      FieldVector child = (FieldVector) struct.getChildByOrdinal(i);
      if (i == 0) {
        fields.get(i).read(child, at, rows, struct.getValidityBuffer(), structDef);
      } else {
        fields.get(i).read(child, at, rows);
      }
    }
  }
}
