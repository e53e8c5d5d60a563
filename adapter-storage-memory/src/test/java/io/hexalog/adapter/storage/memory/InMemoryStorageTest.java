package io.hexalog.adapter.storage.memory;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryStorageTest {

    @Test
    void shouldHaveKafkaStyleClusterIdOf22UrlSafeBase64Characters() {
        String clusterId = new InMemoryStorage().clusterId();

        assertThat(clusterId).hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(clusterId)).hasSize(16);
    }

    @Test
    void shouldKeepOneClusterIdPerInstanceAndANewOneForTheNext() {
        InMemoryStorage storage = new InMemoryStorage();

        assertThat(storage.clusterId()).isEqualTo(storage.clusterId());
        assertThat(new InMemoryStorage().clusterId()).isNotEqualTo(storage.clusterId());
    }
}
