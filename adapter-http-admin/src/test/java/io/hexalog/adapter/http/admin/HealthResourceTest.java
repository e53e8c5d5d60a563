package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.AlterConfigsUseCase;
import io.hexalog.application.port.in.AlterGroupConfigsUseCase;
import io.hexalog.application.port.in.CommitOffsetsUseCase;
import io.hexalog.application.port.in.DeleteGroupsUseCase;
import io.hexalog.application.port.in.DeleteRecordsUseCase;
import io.hexalog.application.port.in.ConsumerGroupsQuery;
import io.hexalog.application.port.in.DescribeGroupsQuery;
import io.hexalog.application.port.in.FetchOffsetsQuery;
import io.hexalog.application.port.in.FetchRecordsQuery;
import io.hexalog.application.port.in.FindCoordinatorQuery;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.application.port.in.ProduceUseCase;
import io.hexalog.application.port.in.CreatePartitionsUseCase;
import io.hexalog.application.port.in.CreateTopicUseCase;
import io.hexalog.application.port.in.DeleteTopicUseCase;
import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.DescribeConfigsQuery;
import io.hexalog.application.port.in.DescribeTopicsQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness follows its checks, naming each; the health routes need none of the use cases. */
class HealthResourceTest {

    private final AtomicBoolean storageOpen = new AtomicBoolean(true);
    private final AtomicReference<Optional<String>> notJoined = new AtomicReference<>(Optional.empty());
    private final HttpAdminServer server = HttpAdminAdapter.server(new HttpAdminAdapter.ListenerConfig("127.0.0.1", 0),
            new HttpAdminAdapter.UseCases(unused(DescribeClusterQuery.class), unused(DescribeTopicsQuery.class),
                    unused(DescribeConfigsQuery.class), unused(CreateTopicUseCase.class),
                    unused(DeleteTopicUseCase.class), unused(CreatePartitionsUseCase.class),
                    unused(AlterConfigsUseCase.class)),
            new HttpAdminAdapter.RecordUseCases(unused(ProduceUseCase.class), unused(FetchRecordsQuery.class),
                    unused(ListOffsetsQuery.class), unused(DeleteRecordsUseCase.class)),
            new HttpAdminAdapter.GroupUseCases(unused(DescribeGroupsQuery.class), unused(ConsumerGroupsQuery.class),
                    unused(FindCoordinatorQuery.class),
                    unused(FetchOffsetsQuery.class), unused(CommitOffsetsUseCase.class), unused(DeleteGroupsUseCase.class),
                    unused(AlterGroupConfigsUseCase.class)),
            List.of(HttpAdminAdapter.ReadinessCheck.passingWhile("storage", storageOpen::get, "the storage is closed"),
                    HttpAdminAdapter.ReadinessCheck.passingWhile("kafka-listener", () -> true, "not bound"),
                    new HttpAdminAdapter.ReadinessCheck("cluster", notJoined::get)));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldAnswer503NamingTheCheckThatFailsUntilItPasses() throws Exception {
        server.start();
        storageOpen.set(false);

        HttpResponse<String> notReady = get("/health/ready");
        storageOpen.set(true);
        HttpResponse<String> ready = get("/health/ready");

        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":["
                + "{\"name\":\"storage\",\"status\":\"DOWN\",\"reason\":\"the storage is closed\"},"
                + "{\"name\":\"kafka-listener\",\"status\":\"UP\"},{\"name\":\"cluster\",\"status\":\"UP\"}]}");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).startsWith("{\"status\":\"UP\"");
    }

    @Test
    void shouldSayWhyTheBrokerIsNotReadyUntilItHasJoinedItsCluster() throws Exception {
        server.start();
        notJoined.set(Optional.of("no controller known: waiting for a majority of the voters to be up"));

        HttpResponse<String> joining = get("/health/ready");
        notJoined.set(Optional.empty());
        HttpResponse<String> joined = get("/health/ready");

        assertThat(joining.statusCode()).isEqualTo(503);
        assertThat(joining.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":["
                + "{\"name\":\"storage\",\"status\":\"UP\"},{\"name\":\"kafka-listener\",\"status\":\"UP\"},"
                + "{\"name\":\"cluster\",\"status\":\"DOWN\","
                + "\"reason\":\"no controller known: waiting for a majority of the voters to be up\"}]}");
        assertThat(joined.statusCode()).isEqualTo(200);
        assertThat(joined.body()).isEqualTo("{\"status\":\"UP\",\"checks\":[{\"name\":\"storage\",\"status\":\"UP\"},"
                + "{\"name\":\"kafka-listener\",\"status\":\"UP\"},{\"name\":\"cluster\",\"status\":\"UP\"}]}");
    }

    @Test
    void shouldStayLiveWhileNotReady() throws Exception {
        server.start();
        storageOpen.set(false);

        HttpResponse<String> live = get("/health/live");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"UP\",\"checks\":[]}");
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.boundAddress().getPort() + path);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A port these routes must never call: any call fails the request. */
    private static <T> T unused(Class<T> port) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            throw new UnsupportedOperationException(port.getSimpleName() + "." + method.getName() + " is not for health");
        }));
    }
}
