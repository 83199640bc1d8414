/**
 * Events in the formats the company's systems already send: Segment's HTTP Tracking API ({@code track},
 * {@code identify}, {@code page}, {@code batch}) and CloudEvents 1.0 over HTTP (structured, batch and binary modes).
 * Each inbound event is translated ({@link io.rekindle.ingest.EventMapping}, configurable) into the event API's own
 * request and taken in by {@link io.rekindle.events.EventIntake}: the same validation, de-duplication by the sender's
 * id, CRM update and correlation as {@code POST /api/events}; no second pipeline. A batch is answered event by event.
 */
package io.rekindle.ingest;
