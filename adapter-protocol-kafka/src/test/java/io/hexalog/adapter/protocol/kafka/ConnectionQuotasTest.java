package io.hexalog.adapter.protocol.kafka;

import io.hexalog.adapter.protocol.kafka.KafkaProtocolAdapter.ConnectionLimits;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The counts behind the connection limits, by address and in all, without sockets. */
class ConnectionQuotasTest {

    private static final int NO_LIMIT = Integer.MAX_VALUE;
    private static final long IDLE_MS = 600_000;

    private static final InetAddress FIRST = address("10.0.0.1");
    private static final InetAddress SECOND = address("10.0.0.2");
    private static final InetAddress THIRD = address("10.0.0.3");

    @Test
    void shouldCountMaxConnectionsAcrossAddresses() {
        ConnectionQuotas quotas = new ConnectionQuotas(new ConnectionLimits(2, NO_LIMIT, Map.of(), IDLE_MS));

        assertThat(quotas.admit(FIRST)).isEmpty();
        assertThat(quotas.admit(SECOND)).isEmpty();

        assertThat(quotas.admit(THIRD)).hasValue("the listener already has 2 connections (max.connections=2)");
        assertThat(quotas.open()).isEqualTo(2);
    }

    @Test
    void shouldCountEachAddressAgainstItsOwnLimit() {
        ConnectionQuotas quotas = new ConnectionQuotas(new ConnectionLimits(NO_LIMIT, 1, Map.of(), IDLE_MS));

        assertThat(quotas.admit(FIRST)).isEmpty();
        assertThat(quotas.admit(SECOND)).isEmpty();

        assertThat(quotas.admit(FIRST)).hasValue("10.0.0.1 already has 1 connections (max.connections.per.ip=1)");
        assertThat(quotas.open(FIRST)).isEqualTo(1);
        assertThat(quotas.open(SECOND)).isEqualTo(1);
    }

    @Test
    void shouldAdmitAgainOnceAConnectionIsReleased() {
        ConnectionQuotas quotas = new ConnectionQuotas(new ConnectionLimits(1, 1, Map.of(), IDLE_MS));
        quotas.admit(FIRST);

        quotas.release(FIRST);

        assertThat(quotas.open()).isZero();
        assertThat(quotas.admit(SECOND)).isEmpty();
    }

    @Test
    void shouldNotCountARefusedConnection() {
        ConnectionQuotas quotas = new ConnectionQuotas(new ConnectionLimits(NO_LIMIT, 1, Map.of(), IDLE_MS));
        quotas.admit(FIRST);

        quotas.admit(FIRST);

        assertThat(quotas.open(FIRST)).isEqualTo(1);
    }

    @Test
    void shouldRefuseToReleaseAConnectionThatWasNeverCounted() {
        ConnectionQuotas quotas = new ConnectionQuotas(ConnectionLimits.KAFKA_DEFAULTS);

        assertThatThrownBy(() -> quotas.release(FIRST)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldAdmitOnlyOverriddenHostsWhenThePerIpLimitIsZero() {
        ConnectionQuotas quotas = new ConnectionQuotas(new ConnectionLimits(NO_LIMIT, 0, Map.of("10.0.0.1", 5),
                IDLE_MS));

        assertThat(quotas.admit(FIRST)).isEmpty();
        assertThat(quotas.admit(SECOND)).hasValueSatisfying(refusal -> assertThat(refusal)
                .contains("max.connections.per.ip=0"));
    }

    @Test
    void shouldResolveHostNamesOfOverrides() {
        ConnectionQuotas quotas = new ConnectionQuotas(new ConnectionLimits(NO_LIMIT, NO_LIMIT, Map.of("localhost", 0),
                IDLE_MS));

        assertThat(quotas.admit(address("localhost"))).hasValueSatisfying(refusal -> assertThat(refusal)
                .contains("max.connections.per.ip.overrides"));
    }

    @Test
    void shouldHaveKafkasDefaults() {
        assertThat(ConnectionLimits.KAFKA_DEFAULTS).isEqualTo(
                new ConnectionLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Map.of(), 600_000));
        assertThat(ConnectionLimits.KAFKA_DEFAULTS.closesIdleConnections()).isTrue();
    }

    @Test
    void shouldRefuseLimitsKafkaRefuses() {
        assertThatThrownBy(() -> new ConnectionLimits(-1, NO_LIMIT, Map.of(), IDLE_MS))
                .hasMessageContaining("max.connections");
        assertThatThrownBy(() -> new ConnectionLimits(NO_LIMIT, -1, Map.of(), IDLE_MS))
                .hasMessageContaining("max.connections.per.ip");
        assertThatThrownBy(() -> new ConnectionLimits(NO_LIMIT, 0, Map.of(), IDLE_MS))
                .hasMessageContaining("max.connections.per.ip may be 0 only with max.connections.per.ip.overrides");
        assertThatThrownBy(() -> new ConnectionLimits(NO_LIMIT, NO_LIMIT, Map.of("10.0.0.1", -1), IDLE_MS))
                .hasMessageContaining("max.connections.per.ip.overrides");
        assertThatThrownBy(() -> new ConnectionLimits(NO_LIMIT, NO_LIMIT, Map.of(), 0))
                .hasMessageContaining("connections.max.idle.ms");
    }

    @Test
    void shouldNeverCloseIdleConnectionsWhenTheIdleTimeIsNegative() {
        assertThat(new ConnectionLimits(NO_LIMIT, NO_LIMIT, Map.of(), -1).closesIdleConnections()).isFalse();
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
