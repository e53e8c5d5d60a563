package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.out.TopicPatternCompiler;
import io.hexalog.application.port.out.TopicPatternCompilerContract;

class Re2jTopicPatternCompilerTest extends TopicPatternCompilerContract {

    @Override
    protected TopicPatternCompiler createCompiler() {
        return new Re2jTopicPatternCompiler();
    }
}
