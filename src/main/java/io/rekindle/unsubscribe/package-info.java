/**
 * The one-click unsubscribe of every marketing email (RFC 8058): the signed link put in each message and the public
 * page behind it.
 */
package io.rekindle.unsubscribe;
