/**
 * The lock file format: {@link dev.floe.timetravel.lock.LockFileParser} states the JSON fields and
 * format versions, {@link dev.floe.timetravel.lock.LockFiles} reads and atomically writes the
 * files. The values themselves, {@link dev.floe.timetravel.TrainingLock} and {@link
 * dev.floe.timetravel.LockFile}, stay in {@code dev.floe.timetravel} beside the entry point that
 * makes and reads them; callers use {@code TrainingLock.read}/{@code write} and {@code
 * LockFile.read}/{@code write}, not this package.
 */
package dev.floe.timetravel.lock;
