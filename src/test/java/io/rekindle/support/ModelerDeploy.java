package io.rekindle.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The request Camunda Modeler's deploy button sends: multipart to /engine-rest/deployment/create, HTTP Basic. */
public final class ModelerDeploy {

    private ModelerDeploy() {
    }

    /**
     * Tests name their engines uniquely (several live in one JVM): the Modeler's default path is
     * {@code /engine-rest/deployment/create}, this is the same resource for a named engine.
     */
    public static HttpResponse<String> deploy(int port, String engineName, String fileName, String content) {
        return deployAs(port, engineName, fileName, content, Api.USER, Api.PASSWORD);
    }

    /** The same, as another user. */
    public static HttpResponse<String> deployAs(int port, String engineName, String fileName, String content,
            String user, String password) {
        String boundary = "----modeler" + UUID.randomUUID();
        String body = part(boundary, "deployment-name", fileName.substring(0, fileName.lastIndexOf('.')))
                + part(boundary, "deployment-source", "Camunda Modeler")
                + part(boundary, "enable-duplicate-filtering", "true")
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileName + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n"
                + "--" + boundary + "--\r\n";
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/engine-rest/engine/"
                        + engineName + "/deployment/create"))
                .header("Authorization", Api.basic(user, password))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String part(String boundary, String name, String value) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }
}
