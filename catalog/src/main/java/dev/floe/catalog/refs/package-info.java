/**
 * Where branches, tags, merges and commit hashes are worked: the machinery behind {@link
 * dev.floe.catalog.Floe}, {@link dev.floe.catalog.FloeTables} and {@link
 * dev.floe.catalog.Experiments}, which are what callers use. Only this package talks to the Nessie
 * API: {@link NessieRefs} holds the client and looks references up, {@link NessieTables} loads
 * tables on a reference or commit; {@link NessieExperiments} and {@link TableRefExperiments} are
 * the two experiment backends (catalog-wide Nessie branches, per-table Iceberg branches).
 */
package dev.floe.catalog.refs;
