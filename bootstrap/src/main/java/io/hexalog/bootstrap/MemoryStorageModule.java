package io.hexalog.bootstrap;

import com.google.inject.AbstractModule;

/** Chooses the in-memory storage adapter. */
final class MemoryStorageModule extends AbstractModule {

    private final long memoryMaxBytes;

    /** @param memoryMaxBytes the direct memory the store may hold for batches ({@code log.memory.max.bytes}) */
    MemoryStorageModule(long memoryMaxBytes) {
        this.memoryMaxBytes = memoryMaxBytes;
    }

    @Override
    protected void configure() {
        bind(StorageService.class).toInstance(new InMemoryStorageService(memoryMaxBytes));
    }
}
