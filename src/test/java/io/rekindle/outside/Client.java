package io.rekindle.outside;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** HTTP to a running node, as the company's systems, an operator or a person's mail client would send it. */
final class Client {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final String authorization;
    private final String[] headers;

    Client(String base, String user, String password, String... headers) {
        this.base = base;
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.headers = headers;
    }

    /** The administrator configured through REKINDLE_ADMIN_PASSWORD. */
    static Client admin(PackagedApp app) {
        return new Client(app.baseUrl(), "admin", PackagedApp.ADMIN_PASSWORD);
    }

    /** No credentials, no cookie: a person's mail client or browser. */
    static Client anonymous(PackagedApp app) {
        return new Client(app.baseUrl(), null, null);
    }

    /**
     * A person's browser following a link from an email: no credentials, and what every browser sends — its name and
     * the reader's languages.
     */
    static Client browser(PackagedApp app) {
        return new Client(app.baseUrl(), null, null, "User-Agent",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5"
                        + " Safari/605.1.15", "Accept-Language", "fr-FR,fr;q=0.9");
    }

    Response get(String pathOrUrl) {
        return send(request(pathOrUrl).GET());
    }

    Response head(String pathOrUrl) {
        return send(request(pathOrUrl).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    Response postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response putJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A JSON merge patch (RFC 7396), as {@code PATCH /api/contacts/{id}} takes it. */
    Response mergePatch(String path, String json) {
        return send(request(path).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    Response delete(String path) {
        return send(request(path).DELETE());
    }

    Response postForm(String pathOrUrl, String form) {
        return send(request(pathOrUrl).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    Response post(String pathOrUrl, String contentType, byte[] body) {
        return send(request(pathOrUrl).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A file of a multipart form: the part is named by the file name, as Camunda Modeler names it. */
    record FilePart(String fileName, String contentType, byte[] content) {
    }

    /** {@code multipart/form-data}: the text fields first, then one part per file ({@code name} = {@code filename}). */
    Response postMultipart(String path, Map<String, String> fields, List<FilePart> files) {
        String boundary = "----rekindle" + UUID.randomUUID().toString().replace("-", "");
        var body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n"));
        for (FilePart file : files) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.fileName()
                    + "\"; filename=\"" + file.fileName() + "\"\r\nContent-Type: " + file.contentType() + "\r\n\r\n");
            body.writeBytes(file.content());
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        return post(path, "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder request(String pathOrUrl) {
        var builder = HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl))
                .timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Location").orElse(null), response.body(),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String contentType, String location, String body, String retryAfter) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON (" + status + "): " + body, e);
            }
        }

        /** Fails with the body when the status is not the expected one. */
        Response expect(int expected) {
            if (status != expected) {
                throw new AssertionError("HTTP " + status + " (expected " + expected + "): " + body);
            }
            return this;
        }
    }
}
