/**
 * Command-line tools that send to a running Bulwark: the load test (Maven's {@code load} profile) and, in
 * {@code send}, {@code bulwark-send}. The build compiles them apart; they are never part of the application or its
 * test archives.
 */
package io.bulwark.tools;
