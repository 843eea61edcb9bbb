package io.aigov.audit.stream;

import java.io.IOException;
import java.util.List;

/**
 * Where audit records are delivered: a CDI bean with an {@link io.smallrye.common.annotation.Identifier}
 * naming it for {@code aigov.audit.stream.sinks}. Each configured sink is delivered to on its own
 * thread, in chain order, at least once: a batch counts as delivered once {@link #deliver} returns,
 * and a batch it throws on is sent again, whole, after a back-off. Built in: {@code stdout},
 * {@code file} and {@code webhook}; a plug-in is one more such bean in the service's build.
 */
public interface AuditSink {

    /**
     * Names the sink and its target, such as "file /var/log/aigov/audit.jsonl": the key under which
     * its delivery progress is kept, so it must stay the same across restarts and hold no secret.
     */
    String name();

    /**
     * Takes one batch. Throwing fails the whole batch, which is sent again; a sink that took part of
     * it before failing gets those records twice.
     *
     * @param lines JSON Lines, one record each, in chain order
     */
    void deliver(List<String> lines) throws IOException;
}
