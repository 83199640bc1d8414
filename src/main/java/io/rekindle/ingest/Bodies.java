package io.rekindle.ingest;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import org.springframework.stereotype.Component;

/**
 * Reads an ingestion request's body: at most {@code max} bytes (never more into memory; the API's general limit,
 * {@code rekindle.api.max-body-bytes}, is below Segment's 500 KB batches, so these routes bound their bodies here),
 * then JSON with the API's strict reading (a key given twice is refused) and nothing after the value.
 */
@Component
class Bodies {

    private final ObjectReader json;

    Bodies(ObjectMapper mapper) {
        this.json = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    byte[] read(HttpServletRequest request, long max) throws IOException {
        if (request.getContentLengthLong() > max) {
            throw new TooLarge(max);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw new TooLarge(max);
            }
            return body;
        }
    }

    JsonNode json(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new Malformed("The body is empty.");
            }
            return node;
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage();
            throw new Malformed(reason != null && reason.startsWith("Duplicate field")
                    ? reason.replace("Duplicate field", "Field") + " is given twice."
                    : "The body is not valid JSON.");
        } catch (IOException e) {
            throw new Malformed("The body is not valid JSON.");
        }
    }

    /** The body is larger than the route takes. */
    static final class TooLarge extends RuntimeException {

        final long max;

        TooLarge(long max) {
            super("The request body exceeds " + max + " bytes; nothing was recorded. Send smaller batches.");
            this.max = max;
        }
    }

    /** The body is not one JSON value. */
    static final class Malformed extends RuntimeException {

        Malformed(String message) {
            super(message);
        }
    }
}
