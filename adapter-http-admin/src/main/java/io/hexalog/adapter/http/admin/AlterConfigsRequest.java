package io.hexalog.adapter.http.admin;

import io.hexalog.domain.config.AlterConfigOp;

import java.util.List;
import java.util.Locale;

/**
 * The body of {@code POST .../configs:alter}: configs to set or reset, applied together or not at all.
 *
 * @param validateOnly check everything but change nothing
 */
record AlterConfigsRequest(List<Entry> data, Boolean validateOnly) {

    AlterConfigsRequest {
        if (data == null) {
            throw new IllegalArgumentException("data is required");
        }
        data = List.copyOf(data);
    }

    List<AlterConfigOp> operations() {
        return data.stream().map(Entry::toOperation).toList();
    }

    /**
     * One change.
     *
     * @param operation {@code SET} (the default) or {@code DELETE}, which resets the config to its default
     */
    record Entry(String name, String value, String operation) {

        Entry {
            if (name == null) {
                throw new IllegalArgumentException("data[].name is required");
            }
        }

        AlterConfigOp toOperation() {
            String op = operation == null ? "SET" : operation.toUpperCase(Locale.ROOT);
            if (op.equals("DELETE")) {
                return new AlterConfigOp(AlterConfigOp.OpType.DELETE, name, null);
            }
            if (!op.equals("SET")) {
                throw new IllegalArgumentException("operation of " + name + " must be SET or DELETE, not " + operation);
            }
            if (value == null) {
                throw new IllegalArgumentException("data[].value of " + name + " is required to SET it");
            }
            return new AlterConfigOp(AlterConfigOp.OpType.SET, name, value);
        }
    }
}
