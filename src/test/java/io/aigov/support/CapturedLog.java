package io.aigov.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/** What the service logs under a logger name while the capture is open, with messages as formatted. */
public final class CapturedLog extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private CapturedLog(String loggerName) {
        this.logger = Logger.getLogger(loggerName);
        logger.addHandler(this);
    }

    public static CapturedLog of(String loggerName) {
        return new CapturedLog(loggerName);
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    /** Every message so far, one per line. */
    public String all() {
        return String.join("\n", records.stream().map(CapturedLog::formatted).toList());
    }

    /** Whether a message at ERROR level or above contains the text. */
    public boolean errorContaining(String text) {
        return records.stream().anyMatch(record -> record.getLevel().intValue() >= Level.SEVERE.intValue() && formatted(record).contains(text));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }

    private static String formatted(LogRecord record) {
        return record instanceof ExtLogRecord extended ? extended.getFormattedMessage() : record.getMessage();
    }
}
