/**
 * Command-line tools for operators of a deployed Bulwark, run from the source tree with Maven's {@code load}
 * profile; never part of the application or its test archives.
 */
package io.bulwark.tools;
