package io.aigov.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;


/**
 * Writes records at the end of the chain. Everything that does not depend on the chain (the JSON
 * columns, the canonical text) is prepared by the caller's thread; the one writer then only links
 * and inserts, which keeps the serialised part of an append short.
 */
@ApplicationScoped
class ChainAppender {

    /** A record with its columns' values (JSON written as text) and canonical text, ready to be linked. */
    record Prepared(AuditRecord record, String canonical, Object[] columns) {
    }

    /** Advisory lock key that serialises appends to the chain, also across service instances. */
    private static final long CHAIN_LOCK = 0x6169676f76L;
    static final String HEAD = "select seq, hash from audit_log order by seq desc limit 1";
    /** An append takes milliseconds; no answer within this long means the database is gone. */
    private static final int NETWORK_TIMEOUT_MILLIS = 5_000;

    private final DataSource dataSource;
    private final AuditPartitions partitions;

    ChainAppender(DataSource dataSource, AuditPartitions partitions) {
        this.dataSource = dataSource;
        this.partitions = partitions;
    }

    static Prepared prepare(AuditRecord record) {
        return new Prepared(record, AuditChain.canonical(record), AuditColumn.prepare(record));
    }

    /**
     * Links the records after the current head, in order, and commits them all or none. The chain's
     * partitions are made ahead of it in the background ({@link AuditPartitions}); should the chain
     * reach past them all the same, the partition is made here and the batch appended again.
     */
    void append(List<Prepared> batch) {
        try {
            appendOnce(batch);
        } catch (NoPartition e) {
            partitions.ensureAhead(batch.size());
            try {
                appendOnce(batch);
            } catch (NoPartition again) {
                throw new IllegalStateException("appending " + batch.size() + " audit record(s) failed: " + again.getMessage(), again);
            }
        }
    }

    /** The insert found no partition for a record's sequence number. */
    private static final class NoPartition extends Exception {
        NoPartition(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private void appendOnce(List<Prepared> batch) throws NoPartition {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            // A database that went silent (a dropped network, a half-open connection) must fail the
            // append, not hold the one writer and every waiting request for good.
            connection.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
            try {
                AuditChain.Head head = lockHead(connection);
                insert(connection, batch, head);
                connection.commit();
                connection.setNetworkTimeout(Runnable::run, 0);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if (noPartition(e)) {
                throw new NoPartition(e);
            }
            throw new IllegalStateException("appending " + batch.size() + " audit record(s) failed: " + e.getMessage(), e);
        }
    }

    /**
     * Links the records after the head and inserts them on the connection of the caller's
     * transaction, which holds the chain until it ends: the records commit, or roll back, with what
     * they record. The partitions for them are made first if need be, in the same transaction, since
     * a failed insert would spoil the caller's.
     */
    void appendInTransaction(Connection connection, List<Prepared> batch) throws SQLException {
        AuditChain.Head head = lockHead(connection);
        long first = head == null ? 1 : head.seq() + 1;
        try (PreparedStatement ensure = connection.prepareStatement("select audit_log_partition_for(?, ?)")) {
            // A batch spans at most two partitions: it is far shorter than one.
            for (long seq : new long[] { first, first + batch.size() - 1 }) {
                ensure.setLong(1, seq);
                ensure.setLong(2, partitions.partitionSize());
                ensure.execute();
            }
        }
        insert(connection, batch, head);
    }

    /** Takes the chain for the connection's transaction and reads its head (null for an empty chain). */
    private static AuditChain.Head lockHead(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
            lock.setLong(1, CHAIN_LOCK);
            lock.execute();
        }
        try (PreparedStatement head = connection.prepareStatement(HEAD); ResultSet row = head.executeQuery()) {
            return row.next() ? new AuditChain.Head(row.getLong(1), row.getString(2)) : null;
        }
    }

    private static void insert(Connection connection, List<Prepared> batch, AuditChain.Head head) throws SQLException {
        Long seq = head == null ? null : head.seq();
        String hash = head == null ? null : head.hash();
        try (PreparedStatement insert = connection.prepareStatement(AuditColumn.INSERT)) {
            for (Prepared prepared : batch) {
                AuditRecord record = prepared.record();
                AuditChain.link(record, prepared.canonical(), seq, hash);
                record.canonical = prepared.canonical();
                seq = record.seq;
                hash = record.hash;
                AuditColumn.bind(insert, record, prepared.columns());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static boolean noPartition(SQLException failure) {
        for (SQLException sql = failure; sql != null; sql = sql.getNextException()) {
            // check_violation, as PostgreSQL reports a row that no partition takes
            if ("23514".equals(sql.getSQLState()) && String.valueOf(sql.getMessage()).contains("no partition")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether PostgreSQL refused the data itself (SQLSTATE class 22, data exception: a NUL in text,
     * say) rather than the database failing: such a failure belongs to one record of a batch.
     */
    static boolean refusedForContent(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // A batch reports the statement's own error as the next exception of its BatchUpdateException.
            for (SQLException sql = cause instanceof SQLException e ? e : null; sql != null; sql = sql.getNextException()) {
                if (sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                    return true;
                }
            }
        }
        return false;
    }
}
