package io.hexalog.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keys the broker does not read: ignored Kafka keys, typos with a suggestion, and keys that stop it. */
class KafkaConfigKeysTest {

    @TempDir
    Path dir;

    @Test
    void shouldSuggestTheNearestKnownKeyForATypo() throws IOException {
        ServerProperties keys = load("auto.create.topic.enable=false\n");

        assertThat(KafkaConfigKeys.warnings(keys)).singleElement().asString()
                .contains("auto.create.topic.enable").endsWith("did you mean auto.create.topics.enable?");
    }

    @Test
    void shouldSuggestNothingForAKeyFarFromEveryKnownOne() throws IOException {
        assertThat(KafkaConfigKeys.warnings(load("completely.unrelated.setting=1\n"))).singleElement().asString()
                .doesNotContain("did you mean").endsWith("it is ignored");
    }

    @Test
    void shouldNameIgnoredKafkaKeysTogetherInOneLine() throws IOException {
        ServerProperties keys = load("process.roles=broker,controller\nlog.index.size.max.bytes=10485760\nnum.partitions=1\n");

        assertThat(KafkaConfigKeys.warnings(keys)).containsExactly(
                "Ignoring 2 Kafka config keys this broker has no use for: log.index.size.max.bytes, process.roles");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssl.keystore.location=/etc/ks.jks", "sasl.enabled.mechanisms=PLAIN",
            "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            "listener.name.client.scram-sha-256.sasl.jaas.config=x", "security.inter.broker.protocol=SSL",
            "listener.name.client.ssl.keystore.location=/ks"})
    void shouldStopTheBrokerForAKeyAskingForSecurityNamingTheKey(String line) throws IOException {
        ServerProperties keys = load(line + "\n");
        String key = line.substring(0, line.indexOf('='));

        assertThatThrownBy(() -> KafkaConfigKeys.refuseUnsupported(keys))
                .isInstanceOf(BrokerStartupException.class)
                .hasMessageStartingWith(key + " in ")
                .hasMessageContaining("does not start in plaintext");
    }

    @Test
    void shouldAcceptKafkasDefaultsOfSecurityKeysThatAskForNothing() throws IOException {
        ServerProperties keys = load("authorizer.class.name=\nsecurity.inter.broker.protocol=PLAINTEXT\n"
                + "compression.type=producer\ndelete.topic.enable=true\n");

        assertThatNoException().isThrownBy(() -> KafkaConfigKeys.refuseUnsupported(keys));
    }

    @Test
    void shouldStopTheBrokerForASecurityKeyFromTheEnvironmentNamingTheVariable() {
        ServerProperties keys = ServerProperties.none().overriddenBy(
                KafkaEnvironment.configKeys(Map.of("KAFKA_SASL_ENABLED_MECHANISMS", "PLAIN")), Map.of());

        assertThatThrownBy(() -> KafkaConfigKeys.refuseUnsupported(keys))
                .hasMessageStartingWith("sasl.enabled.mechanisms from the environment variable KAFKA_SASL_ENABLED_MECHANISMS");
    }

    @Test
    void shouldStopTheBrokerForABrokerSideRecompression() throws IOException {
        assertThatThrownBy(() -> KafkaConfigKeys.refuseUnsupported(load("compression.type=gzip\n")))
                .hasMessageStartingWith("compression.type in ").hasMessageContaining("compression.type=producer");
    }

    @Test
    void shouldMaskSecretValues() {
        assertThat(KafkaConfigKeys.masked("ssl.keystore.password", "s3cret")).isEqualTo("[hidden]");
        assertThat(KafkaConfigKeys.masked("listener.name.a.plain.sasl.jaas.config", "x")).isEqualTo("[hidden]");
        assertThat(KafkaConfigKeys.masked("num.partitions", "3")).isEqualTo("3");
    }

    @Test
    void shouldMeasureTheDistanceBetweenKeysInEdits() {
        assertThat(KeySuggestions.distance("num.partition", "num.partitions")).isEqualTo(1);
        assertThat(KeySuggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(KeySuggestions.distance("", "abc")).isEqualTo(3);
    }

    private ServerProperties load(String content) throws IOException {
        return ServerProperties.load(Files.writeString(Files.createTempFile(dir, "server", ".properties"), content));
    }
}
