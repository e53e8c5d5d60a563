package io.hexalog.adapter.http.admin;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The broker's metrics, served at {@code GET /metrics} in Prometheus' text format under the names Kafka's
 * metrics get from Prometheus' JMX exporter (see {@code docs/metrics.md}). The driving adapters count into it
 * ({@link #requestCompleted}, {@link #produced}, {@link #fetched}), on their own threads and for every request,
 * so counting is an add into meters kept per topic and per API: one map lookup by the name the caller already
 * holds, nothing built, nothing allocated once the meters exist. The gauges (partitions, log sizes, consumer
 * lag, connections, the storage's read buffers) are read from the inbound queries when Prometheus scrapes, never on the request path.
 * JVM metrics come from Micrometer's binders.
 */
public final class BrokerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentMap<String, TopicMeters> topics = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, RequestMeters> requests = new ConcurrentHashMap<>();
    private final BrokerGauges gauges;
    private final ReadBufferGauges readBuffers;

    BrokerMetrics(HttpAdminAdapter.MetricSources sources) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // Listens to the JVM's collection notifications for as long as the broker runs.
        new JvmGcMetrics().bindTo(registry);
        gauges = new BrokerGauges(registry, sources);
        readBuffers = new ReadBufferGauges(registry, sources.readBuffers());
    }

    /**
     * A request was served.
     *
     * @param api          Kafka's name of the API ({@code Produce}, {@code Fetch}...), the {@code request} label
     * @param latencyNanos how long it took, from its parsing to its response being ready
     */
    public void requestCompleted(String api, long latencyNanos) {
        RequestMeters meters = requests.get(api);
        if (meters == null) {
            meters = requests.computeIfAbsent(api, name -> new RequestMeters(registry, name));
        }
        meters.completed(latencyNanos);
    }

    /**
     * A Produce, or the admin API's records endpoint, appended {@code records} records in {@code bytes} bytes of
     * batches to {@code topic}.
     */
    public void produced(String topic, int records, int bytes) {
        meters(topic).produced(records, bytes);
    }

    /** A Fetch returned {@code bytes} bytes of {@code topic}'s batches. */
    public void fetched(String topic, int bytes) {
        meters(topic).fetched(bytes);
    }

    private TopicMeters meters(String topic) {
        TopicMeters meters = topics.get(topic);
        if (meters == null) {
            meters = topics.computeIfAbsent(topic, name -> new TopicMeters(registry, name));
        }
        return meters;
    }

    /**
     * Every metric in Prometheus' text format, the gauges read now; the meters of topics deleted since the
     * last scrape are dropped, as Kafka drops them with the topic. Scrapes take turns: two at once would
     * read the gauges twice for nothing.
     */
    synchronized String scrape() {
        gauges.refresh();
        readBuffers.refresh();
        topics.values().removeIf(meters -> !gauges.topicExists(meters.topic()) && meters.remove(registry));
        return registry.scrape();
    }
}
