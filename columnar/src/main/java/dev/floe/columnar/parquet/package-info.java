/**
 * Floe's own Parquet page decoder, internal to Floe (timetravel reads with it, compaction rewrites
 * with it): not part of Floe's public API, and free to change in any release.
 *
 * <p>It decodes a file's data pages straight into the caller's Arrow vectors, with no intermediate
 * vector and no value-by-value conversion, which is what makes it faster than Iceberg's ArrowReader
 * plus a copy. Three types are visible outside the package: {@link
 * dev.floe.columnar.parquet.PageDecoders} (opens a file and picks each projected column's decoder),
 * {@link dev.floe.columnar.parquet.PageDecoder} (one column, row group by row group) and {@link
 * dev.floe.columnar.parquet.PageTypes} (which Iceberg types it can decode at all). Everything else
 * is package-private.
 */
package dev.floe.columnar.parquet;
