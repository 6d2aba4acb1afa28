/**
 * Floe's own Parquet page decoder, internal to the timetravel module: not part of Floe's public
 * API, and free to change in any release.
 *
 * <p>It decodes a file's data pages straight into the caller's Arrow vectors, with no intermediate
 * vector and no value-by-value conversion, which is what makes it faster than Iceberg's ArrowReader
 * plus a copy. Three types are visible to the rest of the module: {@link
 * dev.floe.timetravel.parquet.PageDecoders} (opens a file and picks each projected column's
 * decoder), {@link dev.floe.timetravel.parquet.PageDecoder} (one column, row group by row group)
 * and {@link dev.floe.timetravel.parquet.PageTypes} (which Iceberg types it can decode at all).
 * Everything else is package-private.
 */
package dev.floe.timetravel.parquet;
