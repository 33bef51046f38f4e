/**
 * Signs deliveries the way each provider Bulwark verifies does, for the command-line tools that send to a
 * deployed Bulwark. Independent of the server's verifiers, so that a tool's signature is a real check of them.
 */
package io.bulwark.tools.signing;
