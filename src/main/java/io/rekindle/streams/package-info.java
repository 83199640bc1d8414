/**
 * Sending streams: which identity (from, reply-to, SMTP relay, the domain of the Message-ID and of the links) a class
 * of email goes out under, so that the inactive base's reactivation mail cannot spoil the reputation of the lifecycle
 * mail (seed 003). This package owns the settings and the template → stream mapping; the outbox records a row's
 * stream when the row is written, the email dispatcher sends through it.
 */
package io.rekindle.streams;
