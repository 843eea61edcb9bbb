package io.aigov.audit;

import java.sql.SQLException;
import java.util.List;

/**
 * How far the records have reached the SIEM sinks they are streamed to ({@code stream} delivers
 * them): retention detaches no partition whose records a sink does not have yet.
 */
public interface SiemDelivery {

    /** How far one sink has acknowledged the chain, by the name its position is kept under. */
    record Position(String sink, long deliveredSeq) {
    }

    /**
     * How far each configured sink has acknowledged the chain (0 before its first delivery); none
     * when records are not streamed. Records after the least of them must stay in the chain.
     */
    List<Position> positions() throws SQLException;
}
