/**
 * Open pixel and click redirects of the emails, with signed tokens: instrumenting a message as it leaves, and
 * recording EMAIL_OPENED / EMAIL_CLICKED when someone opens or clicks.
 */
package io.rekindle.tracking;
