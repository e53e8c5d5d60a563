package io.hexalog.bootstrap;

import io.hexalog.adapter.http.admin.BrokerMetrics;
import io.hexalog.adapter.protocol.kafka.KafkaProtocolAdapter;

/**
 * Counts what the Kafka listener serves into the metrics the admin HTTP adapter serves: the two adapters
 * never see each other, bootstrap joins them.
 */
final class MetricsTrafficListener implements KafkaProtocolAdapter.TrafficListener {

    private final BrokerMetrics metrics;

    MetricsTrafficListener(BrokerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void requestCompleted(String api, long latencyNanos) {
        metrics.requestCompleted(api, latencyNanos);
    }

    @Override
    public void produced(String topic, int records, int bytes) {
        metrics.produced(topic, records, bytes);
    }

    @Override
    public void fetched(String topic, int bytes) {
        metrics.fetched(topic, bytes);
    }
}
