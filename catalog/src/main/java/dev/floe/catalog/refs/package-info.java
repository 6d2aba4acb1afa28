/**
 * Where branches, tags, merges and commit hashes are worked: the machinery behind {@link
 * dev.floe.catalog.Floe}, {@link dev.floe.catalog.FloeTables} and {@link
 * dev.floe.catalog.Experiments}, which are what callers use. {@link NessieRefs} is the only class
 * that calls the Nessie API; {@link NessieExperiments} and {@link TableRefExperiments} are the two
 * experiment backends (catalog-wide Nessie branches, per-table Iceberg branches).
 */
package dev.floe.catalog.refs;
