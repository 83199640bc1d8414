package io.rekindle.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/** Segment {@code identify} traits → the contact's fields. */
@Component
class ContactTraits {

    Inbound identify(String userId, String messageId, JsonNode traits) {
        throw new Ingestion.NotSupportedException("identify is not yet supported; nothing was recorded.");
    }
}
