package io.hexalog.adapter.http.admin;

import io.javalin.config.RoutesConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * {@code /openapi.yaml}, the API's own description, and {@code /docs}, Swagger UI showing it. Swagger UI
 * comes from its webjar on the class path, so the page needs nothing from the internet.
 */
final class ApiDocsResource implements Resource {

    static final String DOCUMENT = "openapi.yaml";
    private static final String WEBJAR_PROPERTIES = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";

    private final byte[] document = read(DOCUMENT);
    private final String page = new String(read("swagger-ui.html"), StandardCharsets.UTF_8)
            .replace("{swagger-ui}", "/webjars/swagger-ui/" + swaggerUiVersion());

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(document));
        routes.get("/docs", ctx -> ctx.html(page));
    }

    private static byte[] read(String resource) {
        try (InputStream in = ApiDocsResource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + resource + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The webjar serves its files under its version, which its Maven properties tell. */
    private static String swaggerUiVersion() {
        try (InputStream in = ApiDocsResource.class.getResourceAsStream(WEBJAR_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("Swagger UI's webjar is missing from the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
