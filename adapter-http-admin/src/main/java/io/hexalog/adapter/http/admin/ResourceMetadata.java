package io.hexalog.adapter.http.admin;

/**
 * Where a resource lives.
 *
 * @param self         its absolute URL
 * @param resourceName its Confluent resource name, {@code crn:///kafka=<cluster>/...}
 */
record ResourceMetadata(String self, String resourceName) {
}
