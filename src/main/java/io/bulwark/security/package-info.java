/** Who may use Bulwark's API: the users an operator configures, and what an unconfigured one means. */
package io.bulwark.security;
