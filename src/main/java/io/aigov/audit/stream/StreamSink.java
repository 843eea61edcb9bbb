package io.aigov.audit.stream;

import java.io.IOException;
import java.util.List;

/** Where audit records are delivered. A batch counts as delivered once {@link #deliver} returns. */
interface StreamSink {

    /** Names the sink and its target: the key under which delivery progress is kept. */
    String name();

    /** @param lines JSON Lines, one record each, in chain order */
    void deliver(List<String> lines) throws IOException;
}
