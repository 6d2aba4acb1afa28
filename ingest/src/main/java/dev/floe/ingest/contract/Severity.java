package dev.floe.ingest.contract;

/** What a failed contract rule does: {@code WARN} reports it, {@code BLOCK} fails the check. */
public enum Severity {
  WARN,
  BLOCK
}
