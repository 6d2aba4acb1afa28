/**
 * Machinery shared by {@code dev.floe.timetravel} and its sub-packages. Public only so that a
 * sibling package can reach it: not part of Floe's API, and it may change in any release.
 */
package dev.floe.timetravel.internal;
