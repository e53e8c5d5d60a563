package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web console of the assembled broker, in a real headless Chromium: what the Java clients do shows in the
 * console, and what is done in the console reaches the broker. Each page is saved as a screenshot under
 * {@code target/console-screenshots/}.
 */
class WebConsoleEndToEndTest {

    private static RunningBroker broker;
    private static HeadlessChromium chromium;
    private static String console;

    /** A failing step leaves a picture of what the browser showed, named after the test. */
    @RegisterExtension
    static final AfterTestExecutionCallback SCREENSHOT_ON_FAILURE = context -> {
        if (context.getExecutionException().isPresent() && chromium != null) {
            chromium.screenshot("failed-" + context.getRequiredTestMethod().getName());
        }
    };

    @BeforeAll
    static void openTheConsole() throws Exception {
        chromium = HeadlessChromium.start(Path.of("target", "console-screenshots"));
        broker = RunningBroker.start(StorageKind.MEMORY, config -> config.withHttp(ServerConfig.Http.loopback()));
        InetSocketAddress http = broker.broker().httpAddress().orElseThrow();
        console = "http://" + http.getHostString() + ":" + http.getPort() + "/";
    }

    @AfterAll
    static void closeTheConsole() {
        if (chromium != null) {
            chromium.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldShowTheBrokersTopicsPartitionsAndHealthOnTheOverview() throws Exception {
        broker.createTopic("overview-orders", 3);

        chromium.open(console);

        assertThat(chromium.visible("#brokers-count .value").getText()).isEqualTo("1");
        assertThat(number(chromium.visible("#topics-count .value"))).isGreaterThanOrEqualTo(1);
        assertThat(number(chromium.visible("#partitions-count .value"))).isGreaterThanOrEqualTo(3);
        assertThat(chromium.withText("#health", "UP").getText()).contains("storage: UP", "kafka-listener: UP");
        assertThat(chromium.visible("#brokers tbody td:nth-child(3)").getText())
                .isEqualTo(broker.bootstrapServers().replaceAll(".*:", ""));
        assertThat(chromium.driver().findElements(By.cssSelector(".chart svg"))).hasSize(2);
        chromium.screenshot("overview");
    }

    @Test
    void shouldChartMessagesAndBytesPerSecondWhileTheJavaClientProduces() throws Exception {
        broker.createTopic("charted", 1);
        chromium.open(console);
        chromium.visible(".chart .legend span");

        try (KafkaProducer<String, String> producer = broker.producer()) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>("charted", "key-" + i, "value-" + i));
            }
            producer.flush();
        }

        // The top of each chart's scale is the highest rate it holds: it rises above the idle scale once the
        // messages are counted, whichever two-second sample they fell in.
        chromium.waitFor(driver -> peak("#messages-chart").matches("[1-9][0-9,]*") && !peak("#messages-chart").equals("1"));
        chromium.waitFor(driver -> peak("#bytes-chart").matches("[0-9.]+ (B|KiB|MiB)") && !peak("#bytes-chart").equals("1 B"));
        chromium.screenshot("overview-throughput");
    }

    private static String peak(String chart) {
        return chromium.driver().findElement(By.cssSelector(chart + " .peak")).getText();
    }

    @Test
    void shouldListATopicMadeByTheJavaClientAndFindItBySearching() throws Exception {
        broker.createTopic("listed-payments", 2);
        broker.createTopic("listed-refunds", 1);
        try (KafkaProducer<String, String> producer = broker.producer()) {
            producer.send(new ProducerRecord<>("listed-payments", 0, "key", "paid")).get();
            producer.send(new ProducerRecord<>("listed-payments", 1, "key", "paid")).get();
        }

        chromium.open(console + "#/topics");
        WebElement row = chromium.visible("#topics tr[data-key='listed-payments']");
        assertThat(row.findElement(By.cssSelector("td:nth-child(2)")).getText()).isEqualTo("2");
        assertThat(row.findElement(By.cssSelector("td:nth-child(3)")).getText()).isEqualTo("1");
        assertThat(row.findElement(By.cssSelector("td:nth-child(4)")).getText()).matches("[1-9][0-9]* B");
        assertThat(row.findElement(By.cssSelector("td:nth-child(5)")).getText()).isEqualTo("2");

        chromium.type("#topic-search", "refunds");

        chromium.waitFor(driver -> driver.findElements(By.cssSelector("#topics tr[data-key='listed-payments']")).isEmpty());
        assertThat(chromium.visible("#topics tr[data-key='listed-refunds']").isDisplayed()).isTrue();
        chromium.type("#topic-search", "");
        chromium.screenshot("topics");
    }

    @Test
    void shouldCreateATopicWithPartitionsAndConfigsFromTheForm() throws Exception {
        chromium.open(console + "#/topics");

        chromium.type("#new-topic-name", "made-in-console");
        chromium.type("#new-topic-partitions", "4");
        chromium.type("#new-topic-configs", "retention.ms=3600000\nmax.message.bytes=2048");
        chromium.click("#create-topic button[type=submit]");

        chromium.visible("#topics tr[data-key='made-in-console']");
        try (Admin admin = broker.admin()) {
            TopicDescription created = admin.describeTopics(List.of("made-in-console")).allTopicNames().get()
                    .get("made-in-console");
            assertThat(created.partitions()).hasSize(4);
            Config configs = topicConfigs(admin, "made-in-console");
            assertThat(configs.get("retention.ms").value()).isEqualTo("3600000");
            assertThat(configs.get("max.message.bytes").value()).isEqualTo("2048");
        }
    }

    @Test
    void shouldShowWhyTheBrokerRefusedATopicInsteadOfABlankPage() throws Exception {
        broker.createTopic("already-there", 1);
        chromium.open(console + "#/topics");

        chromium.type("#new-topic-name", "already-there");
        chromium.click("#create-topic button[type=submit]");

        assertThat(chromium.visible("#create-topic-error").getText()).contains("already-there", "already exists");
    }

    @Test
    void shouldDeleteATopicOnlyOnceTheDeletionIsConfirmed() throws Exception {
        broker.createTopic("doomed", 1);
        chromium.open(console + "#/topics");

        chromium.click("#topics tr[data-key='doomed'] button.danger");
        chromium.click("#confirm-cancel");
        chromium.click("#topics tr[data-key='doomed'] button.danger");
        chromium.screenshot("delete-topic");
        chromium.click("#confirm-ok");

        chromium.withText("#topics-status", "Topic doomed deleted.");
        chromium.visible("#topics");
        assertThat(chromium.driver().findElements(By.cssSelector("#topics tr[data-key='doomed']"))).isEmpty();
        try (Admin admin = broker.admin()) {
            assertThat(admin.listTopics().names().get()).doesNotContain("doomed");
        }
    }

    @Test
    void shouldShowATopicsPartitionsAndChangeItsConfigs() throws Exception {
        broker.createTopic("configured", 2);
        chromium.open(console + "#/topics/configured");

        assertThat(chromium.visible("#topic-name").getText()).isEqualTo("configured");
        assertThat(chromium.driver().findElements(By.cssSelector("#partitions-table tbody tr"))).hasSize(2);
        assertThat(chromium.visible("#partitions-table tr[data-key='1'] td:nth-child(2)").getText()).isEqualTo("1");
        assertThat(chromium.visible("#partitions-table tr[data-key='1'] td:nth-child(3)").getText())
                .as("replicas").isEqualTo("1");
        assertThat(chromium.visible("#partitions-table tr[data-key='1'] td:nth-child(4)").getText())
                .as("in sync").isEqualTo("1");
        chromium.type("#configs-table input[data-config='retention.ms']", "120000");
        chromium.click("#configs-table tr[data-key='retention.ms'] button.save");

        chromium.withText("#configs-status", "retention.ms set to 120000.");
        assertThat(chromium.visible("#configs-table tr[data-key='retention.ms'] td:nth-child(3)").getText())
                .isEqualTo("DYNAMIC_TOPIC_CONFIG");
        try (Admin admin = broker.admin()) {
            assertThat(topicConfigs(admin, "configured").get("retention.ms").value()).isEqualTo("120000");
        }
        chromium.screenshot("topic");

        chromium.click("#configs-table tr[data-key='retention.ms'] button.reset");
        chromium.withText("#configs-status", "retention.ms reset to its default.");
        try (Admin admin = broker.admin()) {
            assertThat(topicConfigs(admin, "configured").get("retention.ms").value()).isEqualTo("604800000");
        }
    }

    @Test
    void shouldBrowseMessagesProducedByTheJavaClientPageByPageAndFromATime() throws Exception {
        broker.createTopic("browsed", 1);
        long firstTimestamp = 1_700_000_000_000L;
        try (KafkaProducer<String, String> producer = broker.producer()) {
            for (int i = 0; i < 25; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>("browsed", 0, firstTimestamp + i * 1000L,
                        "key-" + i, "{\"n\":" + i + "}");
                record.headers().add("source", "java".getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
        }

        chromium.open(console + "#/topics/browsed");

        chromium.visible("#records .record[data-offset='24']");
        assertThat(shownOffsets()).containsExactlyElementsOf(range(5, 25));
        WebElement newest = chromium.visible("#records .record[data-offset='24']");
        assertThat(newest.findElement(By.cssSelector(".value")).getText()).isEqualTo("{\n  \"n\": 24\n}");
        assertThat(newest.findElement(By.cssSelector(".key")).getText()).isEqualTo("key: key-24");
        assertThat(newest.findElement(By.cssSelector(".headers")).getText()).isEqualTo("source: java");
        assertThat(newest.findElement(By.cssSelector("time")).getText()).isEqualTo("2023-11-14T22:13:44.000Z");
        chromium.screenshot("messages");

        chromium.click("#browse-older");
        chromium.visible("#records .record[data-offset='0']");
        assertThat(shownOffsets()).containsExactlyElementsOf(range(0, 20));

        new Select(chromium.visible("#browse-from")).selectByValue("timestamp");
        chromium.type("#browse-position", "2023-11-14T22:13:30Z");
        chromium.click("#browse-form button[type=submit]");
        chromium.waitFor(driver -> shownOffsets().equals(range(10, 25)));
    }

    @Test
    void shouldProduceAMessageFromTheFormAndShowIt() throws Exception {
        broker.createTopic("produced-here", 2);
        chromium.open(console + "#/topics/produced-here");

        new Select(chromium.visible("#produce-partition")).selectByValue("1");
        chromium.type("#produce-key", "console-key");
        new Select(chromium.visible("#produce-value-type")).selectByValue("JSON");
        chromium.type("#produce-value", "{\"from\": \"console\", \"items\": [1, 2]}");
        chromium.type("#produce-headers", "trace=abc-123");
        chromium.click("#produce button[type=submit]");

        assertThat(chromium.visible("#produce-result").getText()).isEqualTo("Produced to partition 1 at offset 0.");
        WebElement shown = chromium.visible("#records .record[data-offset='0']");
        assertThat(shown.findElement(By.cssSelector(".value")).getText())
                .isEqualTo("{\n  \"from\": \"console\",\n  \"items\": [\n    1,\n    2\n  ]\n}");
        chromium.screenshot("produced");
        try (KafkaConsumer<String, String> consumer = broker.consumer()) {
            TopicPartition partition = new TopicPartition("produced-here", 1);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
            ConsumerRecord<String, String> record = received.get(0);
            assertThat(record.key()).isEqualTo("console-key");
            assertThat(record.value()).isEqualTo("{\"from\":\"console\",\"items\":[1,2]}");
            assertThat(new String(record.headers().lastHeader("trace").value(), StandardCharsets.UTF_8)).isEqualTo("abc-123");
        }
    }

    @Test
    void shouldShowAGroupsMembersAndLagAfterItCommitsAndResetItOnceEmpty() throws Exception {
        broker.createTopic("lagging", 1);
        try (KafkaProducer<String, String> producer = broker.producer()) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("lagging", "key-" + i, "value-" + i));
            }
        }
        TopicPartition partition = new TopicPartition("lagging", 0);
        try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "console-readers",
                ConsumerConfig.CLIENT_ID_CONFIG, "reader-1", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            consumer.subscribe(List.of("lagging"));
            await().atMost(Duration.ofSeconds(20)).until(() -> !consumer.poll(Duration.ofMillis(200)).isEmpty());
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(4)));

            chromium.open(console + "#/groups");
            assertThat(chromium.visible("#groups tr[data-key='console-readers'] td:nth-child(3)").getText()).isEqualTo("classic");
            assertThat(chromium.visible("#groups tr[data-key='console-readers'] td:nth-child(5)").getText()).isEqualTo("6");
            chromium.screenshot("groups");
            chromium.click("#groups tr[data-key='console-readers'] a");
            assertThat(chromium.visible("#members tbody td:nth-child(4)").getText()).isEqualTo("lagging-0");
            assertThat(chromium.visible("#members tbody td:nth-child(2)").getText()).isEqualTo("reader-1");
            assertThat(chromium.visible("#lags tr[data-key='lagging-0'] .lag").getText()).isEqualTo("6");
            assertThat(chromium.visible("#total-lag .value").getText()).isEqualTo("6");
            assertThat(chromium.driver().findElements(By.cssSelector("#reset-offsets"))).isEmpty();
            chromium.screenshot("group");
        }
        try (Admin admin = broker.admin()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.describeConsumerGroups(List.of("console-readers"))
                    .all().get().get("console-readers").groupState() == GroupState.EMPTY);

            chromium.driver().navigate().refresh();
            new Select(chromium.visible("#reset-to")).selectByValue("earliest");
            chromium.click("#reset-offsets button[type=submit]");

            chromium.visible("#reset-result");
            assertThat(chromium.visible("#lags tr[data-key='lagging-0'] .lag").getText()).isEqualTo("10");
            assertThat(admin.listConsumerGroupOffsets("console-readers").partitionsToOffsetAndMetadata().get()
                    .get(partition).offset()).isZero();

            chromium.click("#delete-group");
            chromium.click("#confirm-ok");
            chromium.waitFor(driver -> driver.getCurrentUrl().endsWith("#/groups"));
            chromium.visible("#groups");
            assertThat(chromium.driver().findElements(By.cssSelector("#groups tr[data-key='console-readers']"))).isEmpty();
            assertThat(admin.listGroups().all().get()).noneMatch(group -> group.groupId().equals("console-readers"));
        }
    }

    /** The offsets of the records the browser shows, read in one step so that a page being redrawn cannot interfere. */
    private static List<Long> shownOffsets() {
        List<?> offsets = (List<?>) chromium.driver().executeScript(
                "return Array.from(document.querySelectorAll('#records .record'), record => record.dataset.offset)");
        return offsets.stream().map(offset -> Long.parseLong((String) offset)).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    private static Config topicConfigs(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(Set.of(resource)).all().get().get(resource);
    }

    private static long number(WebElement element) {
        return Long.parseLong(element.getText().replace(",", ""));
    }
}
