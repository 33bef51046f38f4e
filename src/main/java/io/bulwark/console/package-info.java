/**
 * The events console: a page for admins, served from {@code /console/}, that searches, inspects and replays
 * webhook events through the admin API; its place in Liberty Admin Center's toolbox; and the guard that keeps
 * a page of another site from making an admin's browser change anything through that API. It reads no table
 * and calls no service: everything the console shows comes through the API's resources.
 */
package io.bulwark.console;
