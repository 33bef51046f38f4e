/**
 * The pooler-safe database layer: schema migrations over the direct connection and the application's view
 * of the server-configured datasources. It owns no business table and must not depend on the capability
 * packages that use it.
 */
package io.bulwark.database;
