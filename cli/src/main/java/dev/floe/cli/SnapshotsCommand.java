package dev.floe.cli;

import picocli.CommandLine.Command;

/** {@code floe snapshots}: the same command as {@code floe table history}, kept for its name. */
@Command(
    name = "snapshots",
    mixinStandardHelpOptions = true,
    description = "Snapshots of db.table[@ref], newest first (same as floe table history).")
final class SnapshotsCommand extends TableHistory {}
