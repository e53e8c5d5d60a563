package io.hexalog.adapter.protocol.kafka;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the listener reports as fatal, where a broker would stop its process. */
final class RecordingFatalErrorHandler implements KafkaProtocolAdapter.FatalErrorHandler {

    /** One report: what failed and why. */
    record Report(String what, Throwable cause) {
    }

    private final List<Report> reports = new CopyOnWriteArrayList<>();

    @Override
    public void onFatalError(String what, Throwable cause) {
        reports.add(new Report(what, cause));
    }

    List<Report> reports() {
        return List.copyOf(reports);
    }

    List<Throwable> causes() {
        return reports.stream().map(Report::cause).toList();
    }
}
