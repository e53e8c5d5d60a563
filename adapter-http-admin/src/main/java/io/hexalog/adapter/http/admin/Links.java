package io.hexalog.adapter.http.admin;

import io.javalin.http.Context;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The absolute URLs and resource names (CRNs) of one cluster's resources, as {@code metadata.self} and
 * relationships give them: built on the scheme and host the request was sent to, so that a client can
 * follow them however it reached the broker.
 */
final class Links {

    private final String clusterUrl;
    private final String clusterCrn;

    private Links(String baseUrl, String clusterId) {
        this.clusterUrl = baseUrl + "/v3/clusters/" + segment(clusterId);
        this.clusterCrn = "crn:///kafka=" + clusterId;
    }

    static Links of(Context ctx, String clusterId) {
        return new Links(baseUrl(ctx), clusterId);
    }

    /** The URL of the server as the request addressed it, such as {@code http://localhost:8082}. */
    static String baseUrl(Context ctx) {
        String host = ctx.host();
        if (host == null || host.isBlank()) {
            host = ctx.req().getServerName() + ":" + ctx.req().getServerPort();
        }
        return ctx.scheme() + "://" + host;
    }

    static String clustersUrl(Context ctx) {
        return baseUrl(ctx) + "/v3/clusters";
    }

    String cluster(String... path) {
        StringBuilder url = new StringBuilder(clusterUrl);
        for (String part : path) {
            url.append('/').append(segment(part));
        }
        return url.toString();
    }

    String crn(String... path) {
        return clusterCrn + (path.length == 0 ? "" : "/" + String.join("/", path));
    }

    Relationship related(String... path) {
        return new Relationship(cluster(path));
    }

    /** Config names and topic names may hold characters that are not safe in a path segment as they are. */
    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
