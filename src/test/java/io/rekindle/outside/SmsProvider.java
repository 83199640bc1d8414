package io.rekindle.outside;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/** A local SMS provider: {@code POST /v1/messages}, answers 200, counts every request it receives. */
final class SmsProvider implements AutoCloseable {

    static final String API_KEY = "outside-in-sms-key";

    record Sms(String idempotencyKey, String authorization, JsonNode body) {

        String to() {
            return body.path("to").asText();
        }

        String text() {
            return body.path("text").asText();
        }
    }

    private final HttpServer server;
    private final List<Sms> received = new CopyOnWriteArrayList<>();

    SmsProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/messages", exchange -> {
            JsonNode body = new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes());
            received.add(new Sms(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            byte[] reply = "{\"id\":\"provider-1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    List<Sms> received() {
        return List.copyOf(received);
    }

    List<Sms> to(String phone) {
        return received.stream().filter(s -> s.to().equals(phone)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
