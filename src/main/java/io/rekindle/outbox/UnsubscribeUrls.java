package io.rekindle.outbox;

/**
 * The visible unsubscribe link every marketing message carries, as rendered before the message exists (it names the
 * contact only). The unsubscribe feature signs it; the outbox only asks, so it never depends on that feature.
 */
public interface UnsubscribeUrls {

    String urlFor(long contactId);
}
