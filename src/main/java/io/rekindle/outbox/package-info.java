/**
 * The transactional outbox: messages a journey step asks for are rendered (templates, offers, unsubscribe link) and
 * written in the step's own transaction, then claimed one by one by the channel dispatchers. The delivery gate
 * (claim, the send rules again right before delivery, the pressure cap) and retry backoff shared by every channel.
 */
package io.rekindle.outbox;
