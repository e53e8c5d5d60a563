package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.application.port.out.TopicCatalogContract;

class InMemoryTopicCatalogTest extends TopicCatalogContract {

    @Override
    protected TopicCatalog createCatalog() {
        return new InMemoryTopicCatalog();
    }
}
