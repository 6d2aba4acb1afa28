/**
 * Arrow vectors to Iceberg data files and back, column by column. {@link
 * dev.floe.columnar.ColumnarFiles} is the entry point; {@link dev.floe.columnar.ArrowLayout} is the
 * one Arrow layout of an Iceberg schema that Floe's writers take and its readers give.
 */
package dev.floe.columnar;
