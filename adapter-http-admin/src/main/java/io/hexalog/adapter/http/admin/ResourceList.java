package io.hexalog.adapter.http.admin;

import java.util.List;

/** A collection of resources: {@code kind} such as {@code KafkaTopicList}, its URL, and the resources. */
record ResourceList<T>(String kind, Metadata metadata, List<T> data) {

    ResourceList {
        data = List.copyOf(data);
    }

    static <T> ResourceList<T> of(String kind, String self, List<T> data) {
        return new ResourceList<>(kind, new Metadata(self, null), data);
    }

    /** @param next the URL of the next page; always null, as every list is answered whole */
    record Metadata(String self, String next) {
    }
}
