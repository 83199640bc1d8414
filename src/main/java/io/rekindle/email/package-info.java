/**
 * Email delivery over SMTP: the dispatcher that sends due outbox rows (Message-ID, tracking, unsubscribe headers),
 * its schedule and settings, and the start-up line that says whether emails leave.
 */
package io.rekindle.email;
