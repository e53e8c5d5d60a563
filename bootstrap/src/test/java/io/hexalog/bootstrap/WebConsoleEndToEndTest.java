package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

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
    void shouldListATopicMadeByTheJavaClientAndFindItBySearching() throws Exception {
        broker.createTopic("listed-payments", 2);
        broker.createTopic("listed-refunds", 1);

        chromium.open(console + "#/topics");
        WebElement row = chromium.visible("#topics tr[data-key='listed-payments']");
        assertThat(row.findElement(By.cssSelector("td:nth-child(2)")).getText()).isEqualTo("2");
        assertThat(row.findElement(By.cssSelector("td:nth-child(3)")).getText()).isEqualTo("1");

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

    private static Config topicConfigs(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(Set.of(resource)).all().get().get(resource);
    }

    private static long number(WebElement element) {
        return Long.parseLong(element.getText().replace(",", ""));
    }
}
