package io.aigov.audit;

import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * How far the records have reached the SIEM sink they are streamed to ({@code stream} delivers
 * them): retention detaches no partition whose records the sink does not have yet.
 */
public interface SiemDelivery {

    /**
     * The last record the configured sink acknowledged (0 before the first delivery); empty when
     * records are not streamed. Records after it must stay in the chain until it has them.
     */
    OptionalLong deliveredUpTo() throws SQLException;

    /** The configured sink, as its position is kept; null when records are not streamed. */
    String sinkName();
}
