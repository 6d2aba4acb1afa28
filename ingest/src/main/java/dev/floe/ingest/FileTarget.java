package dev.floe.ingest;

import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;

/**
 * Where and how the rows of a commit are written: {@code table}'s files in {@code format}, rolled
 * at {@code targetFileSize}, in {@code schema} and partitioned by {@code spec} as read under the
 * writer's lock ({@code table} may be refreshed meanwhile, so they are not read from it), each
 * partition's rows sorted by {@code sortOrder} (unsorted: batch order).
 */
record FileTarget(
    Table table,
    Schema schema,
    PartitionSpec spec,
    SortOrder sortOrder,
    FileFormat format,
    long targetFileSize) {}
