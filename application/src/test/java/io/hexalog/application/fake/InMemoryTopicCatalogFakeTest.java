package io.hexalog.application.fake;

import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.application.port.out.TopicCatalogContract;

class InMemoryTopicCatalogFakeTest extends TopicCatalogContract {

    @Override
    protected TopicCatalog createCatalog() {
        return new InMemoryTopicCatalogFake();
    }
}
