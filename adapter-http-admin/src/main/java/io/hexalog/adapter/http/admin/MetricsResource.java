package io.hexalog.adapter.http.admin;

import io.javalin.config.RoutesConfig;

/** {@code /metrics}: the broker's metrics in Prometheus' text exposition format, version 0.0.4. */
final class MetricsResource implements Resource {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final BrokerMetrics metrics;

    MetricsResource(BrokerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/metrics", ctx -> ctx.contentType(CONTENT_TYPE).result(metrics.scrape()));
    }
}
