package io.hexalog.adapter.http.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.InputStream;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web console: one page at {@code /} whose scripts and style sheet are served from {@code /console/}.
 * It is plain HTML, CSS and JavaScript modules that call this same API from the browser, so the broker's jar
 * needs no build step of its own for it and the page fetches nothing from the internet.
 *
 * <p>Files are read from the class path when asked for, as Swagger UI's are (see {@link ApiDocsResource}).
 * Only a plain file name with a known extension is looked up, so no path can reach other resources.
 */
final class ConsoleResource implements Resource {

    private static final String DIRECTORY = "console/";
    private static final Pattern FILE_NAME = Pattern.compile("[a-z][a-z0-9-]*\\.(js|css|svg)");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/", ctx -> serve(ctx, "index.html", "text/html; charset=utf-8"));
        routes.get("/console/{file}", this::file);
    }

    private void file(Context ctx) {
        String file = ctx.pathParam("file");
        Matcher name = FILE_NAME.matcher(file);
        if (!name.matches()) {
            throw ApiException.notFound("HTTP 404 Not Found");
        }
        serve(ctx, file, CONTENT_TYPES.get(name.group(1)));
    }

    private static void serve(Context ctx, String file, String contentType) {
        InputStream content = ConsoleResource.class.getResourceAsStream(DIRECTORY + file);
        if (content == null) {
            throw ApiException.notFound("HTTP 404 Not Found");
        }
        // The files change with the broker's version only; a browser checks again on each visit.
        ctx.header("Cache-Control", "no-cache").contentType(contentType).result(content);
    }
}
