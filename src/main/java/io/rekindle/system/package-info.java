/**
 * What every feature leans on and none owns: security (users, roles, HTTP filters), problem responses (RFC 7807),
 * signed public links, the data directory and local secrets of the embedded default, model deployment, start-up
 * report and time helpers.
 */
package io.rekindle.system;
