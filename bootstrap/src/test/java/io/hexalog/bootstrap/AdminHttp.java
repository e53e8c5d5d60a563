package io.hexalog.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client of a running broker's admin HTTP API, with {@code java.net.http}, that checks every JSON body it
 * receives against a schema of the OpenAPI document the broker serves.
 */
final class AdminHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final JsonNode document;

    AdminHttp(InetSocketAddress address) throws IOException, InterruptedException {
        this.baseUrl = "http://" + address.getHostString() + ":" + address.getPort();
        HttpResponse<String> yaml = send("GET", "/openapi.yaml", null);
        assertThat(yaml.statusCode()).isEqualTo(200);
        this.document = new YAMLMapper().readTree(yaml.body());
    }

    String baseUrl() {
        return baseUrl;
    }

    JsonNode document() {
        return document;
    }

    /** A response: its status and JSON body (null when it has none). */
    record Response(int status, JsonNode body) {
    }

    Response get(String path) throws IOException, InterruptedException {
        return exchange("GET", path, null);
    }

    Response post(String path, String json) throws IOException, InterruptedException {
        return exchange("POST", path, json);
    }

    Response put(String path, String json) throws IOException, InterruptedException {
        return exchange("PUT", path, json);
    }

    Response patch(String path, String json) throws IOException, InterruptedException {
        return exchange("PATCH", path, json);
    }

    Response delete(String path) throws IOException, InterruptedException {
        return exchange("DELETE", path, null);
    }

    /** Parses JSON text, to compare JSON values whatever their spacing. */
    JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    /** Asserts the status, and that the body is valid against {@code #/components/schemas/<schema>}. */
    JsonNode valid(Response response, int status, String schema) {
        assertThat(response.status()).as("status, with body %s", response.body()).isEqualTo(status);
        assertThat(violations(response.body(), schema)).as("%s against schema %s", response.body(), schema).isEmpty();
        return response.body();
    }

    /** Asserts Confluent's error body with the given HTTP status and error code. */
    JsonNode error(Response response, int status, int errorCode) {
        JsonNode body = valid(response, status, "Error");
        assertThat(body.get("error_code").asInt()).as("error_code of %s", body).isEqualTo(errorCode);
        assertThat(body.get("message").asText()).isNotBlank();
        return body;
    }

    /** What is wrong with {@code body} as an instance of the document's schema {@code schema}. */
    Set<ValidationMessage> violations(JsonNode body, String schema) {
        assertThat(document.at("/components/schemas/" + schema).isMissingNode()).as("schema %s exists", schema).isFalse();
        ObjectNode root = JSON.createObjectNode();
        root.put("$ref", "#/components/schemas/" + schema);
        root.set("components", document.get("components"));
        JsonSchema validator = SCHEMAS.getSchema(root);
        return validator.validate(body);
    }

    HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Response exchange(String method, String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = send(method, path, json);
        String body = response.body();
        return new Response(response.statusCode(), body == null || body.isEmpty() ? null : JSON.readTree(body));
    }
}
