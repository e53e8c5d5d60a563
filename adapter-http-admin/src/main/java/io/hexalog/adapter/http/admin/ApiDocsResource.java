package io.hexalog.adapter.http.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * {@code /openapi.yaml}, the API's own description, and {@code /docs}, Swagger UI showing it. Swagger UI's
 * files come from its webjar on the class path, so the page needs nothing from the internet. They are read
 * one by one when asked for: Jetty's static file handler would open the whole broker jar as a file system
 * when the server is built, which costs seconds of start-up.
 */
final class ApiDocsResource implements Resource {

    static final String DOCUMENT = "openapi.yaml";
    private static final String WEBJAR_PROPERTIES = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final Map<String, String> SWAGGER_UI_FILES = Map.of(
            "swagger-ui.css", "text/css", "swagger-ui-bundle.js", "text/javascript");

    private final byte[] document = read(DOCUMENT);
    private final byte[] page = read("swagger-ui.html");
    private final String swaggerUi = "/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(document));
        routes.get("/docs", ctx -> ctx.contentType("text/html; charset=utf-8").result(page));
        routes.get("/docs/{file}", this::swaggerUiFile);
    }

    private void swaggerUiFile(Context ctx) {
        String file = ctx.pathParam("file");
        String contentType = SWAGGER_UI_FILES.get(file);
        InputStream content = contentType == null ? null : ApiDocsResource.class.getResourceAsStream(swaggerUi + file);
        if (content == null) {
            throw ApiException.notFound("HTTP 404 Not Found");
        }
        ctx.contentType(contentType).result(content);
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
