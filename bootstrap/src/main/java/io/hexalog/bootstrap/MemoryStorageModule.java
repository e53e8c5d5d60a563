package io.hexalog.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;

/** Chooses the in-memory storage adapter. */
final class MemoryStorageModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(StorageService.class).to(InMemoryStorageService.class).in(Singleton.class);
    }
}
