package io.hexalog.application.fake;

import io.hexalog.application.port.out.RecordBatchRewriter;
import io.hexalog.application.port.out.RecordBatchRewriterContract;

class UncompressedRecordBatchRewriterFakeTest extends RecordBatchRewriterContract {

    @Override
    protected RecordBatchRewriter createRewriter() {
        return new UncompressedRecordBatchRewriterFake();
    }
}
