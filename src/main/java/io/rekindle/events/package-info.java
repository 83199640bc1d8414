/**
 * Event intake: the {@code POST /api/events} API of the company's systems (and the tracking and unsubscribe pages,
 * which post the same events): validate, store once (by the sender's {@code eventId}), update the CRM, then
 * correlate the event to the journeys waiting for it.
 */
package io.rekindle.events;
