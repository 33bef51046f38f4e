/**
 * {@code bulwark-send}: signs and sends one delivery (a sample event or a file) to a Bulwark source, as the source's
 * provider would, with the secret and scheme the server itself is configured with. Built by the default Maven build
 * into {@code target/bulwark-send.jar}; see docs/sender.md.
 */
package io.bulwark.tools.send;
