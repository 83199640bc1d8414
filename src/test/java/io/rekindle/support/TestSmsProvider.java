package io.rekindle.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * A real local HTTP server standing in for the SMS provider ({@code POST <base-url>messages}): accepts every SMS and
 * records its idempotency key. For suites that only count what reaches the provider; the SMS suite scripts its own.
 */
public final class TestSmsProvider {

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public TestSmsProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/messages", exchange -> {
            exchange.getRequestBody().readAllBytes();
            requests.add(String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")));
            byte[] reply = "{\"id\":\"provider-1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    /** The value for {@code rekindle.sms.base-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/";
    }

    /** The idempotency keys of the SMS received so far, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public void stop() {
        server.stop(0);
    }
}
