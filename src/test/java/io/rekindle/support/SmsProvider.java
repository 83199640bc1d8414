package io.rekindle.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A real local HTTP server standing in for the SMS provider ({@code POST <base-url>/messages}), for the in-process
 * and the outside-in tests alike: records every request, answers 200 unless scripted otherwise
 * ({@link #answer(int, int)}), and counts each idempotency key it accepted once ({@link #delivered()}).
 */
public final class SmsProvider implements AutoCloseable {

    /** The API key the outside-in nodes are given. */
    public static final String API_KEY = "outside-in-sms-key";

    /** One request as the provider received it. */
    public record Sms(String idempotencyKey, String authorization, JsonNode body) {

        public String to() {
            return body.path("to").asText();
        }

        public String text() {
            return body.path("text").asText();
        }
    }

    private final HttpServer server;
    private final List<Sms> received = new CopyOnWriteArrayList<>();
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final Deque<int[]> script = new ArrayDeque<>();

    public SmsProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/messages", exchange -> {
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            JsonNode body = new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes());
            received.add(new Sms(key, exchange.getRequestHeaders().getFirst("Authorization"), body));
            int[] answer;
            synchronized (script) {
                answer = script.isEmpty() ? new int[] {200, 0} : script.poll();
            }
            if (answer[0] >= 200 && answer[0] < 300) {
                delivered.add(key); // a repeated key is the same SMS
            }
            try {
                Thread.sleep(answer[1]);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] reply = "{\"id\":\"provider-1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer[0], reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    /** The value for {@code rekindle.sms.base-url} ({@code REKINDLE_SMS_BASE_URL}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The next request gets {@code status} after {@code delayMillis}; later ones what is scripted after, then 200. */
    public SmsProvider answer(int status, int delayMillis) {
        synchronized (script) {
            script.add(new int[] {status, delayMillis});
        }
        return this;
    }

    /** Forgets what was received and scripted. */
    public void reset() {
        received.clear();
        delivered.clear();
        synchronized (script) {
            script.clear();
        }
    }

    /** Every request received so far, in order. */
    public List<Sms> received() {
        return List.copyOf(received);
    }

    /** The idempotency keys of the requests received so far, in order. */
    public List<String> idempotencyKeys() {
        return received.stream().map(Sms::idempotencyKey).toList();
    }

    public List<Sms> to(String phone) {
        return received.stream().filter(s -> s.to().equals(phone)).toList();
    }

    /** The idempotency keys the provider accepted, each once. */
    public Set<String> delivered() {
        return Set.copyOf(delivered);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
