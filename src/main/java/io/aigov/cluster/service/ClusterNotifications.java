package io.aigov.cluster.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import javax.sql.DataSource;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import io.aigov.cluster.ClusterCheck;
import io.aigov.cluster.ClusterNotice;
import io.aigov.cluster.ClusterTopic;
import io.aigov.cluster.config.ClusterConfig;
import io.aigov.shared.DaemonThreads;

/**
 * How instances sharing one database learn of each other's changes: a change is announced with
 * PostgreSQL's {@code NOTIFY} in the transaction that makes it, so the notice goes out when, and
 * only if, the change commits; every instance (this one too) {@code LISTEN}s on one connection and
 * fires a {@link ClusterNotice} for each. Because a notice sent while that connection is down is
 * lost, a {@link ClusterCheck} follows every (re)connection and recurs every
 * {@code aigov.cluster.check-interval}.
 */
@ApplicationScoped
public class ClusterNotifications {

    private static final Logger LOG = Logger.getLogger(ClusterNotifications.class);

    private final DataSource dataSource;
    private final EntityManager entityManager;
    private final ClusterConfig config;
    private final Event<ClusterNotice> notices;
    private final Event<ClusterCheck> checks;
    private volatile boolean stopping;
    private volatile Thread listener;

    public ClusterNotifications(DataSource dataSource, EntityManager entityManager, ClusterConfig config,
            Event<ClusterNotice> notices, Event<ClusterCheck> checks) {
        this.dataSource = dataSource;
        this.entityManager = entityManager;
        this.config = config;
        this.notices = notices;
        this.checks = checks;
    }

    /** Announces a change to every instance once the current transaction commits; requires one. */
    public void announce(ClusterTopic topic, String subject) {
        entityManager.createNativeQuery("select pg_notify(?1, ?2)").setParameter(1, topic.channel()).setParameter(2, subject)
                .getSingleResult();
    }

    void onStart(@Observes StartupEvent event) {
        listener = DaemonThreads.named("cluster-notices").newThread(this::listen);
        listener.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        Thread listening = listener;
        if (listening != null) {
            listening.interrupt();
        }
    }

    private void listen() {
        while (!stopping) {
            try (Connection connection = dataSource.getConnection()) {
                try {
                    receive(connection);
                } finally {
                    unlisten(connection);
                }
            } catch (SQLException | RuntimeException e) {
                if (!stopping) {
                    LOG.warnf("Listening for changes made by other instances failed (%s); reconnecting in %s", e.getMessage(),
                            config.checkInterval());
                }
            }
            if (!pause()) {
                return;
            }
        }
    }

    private void receive(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (ClusterTopic topic : ClusterTopic.values()) {
                statement.execute("LISTEN " + topic.channel());
            }
        }
        PGConnection postgres = connection.unwrap(PGConnection.class);
        check();
        long interval = config.checkInterval().toMillis();
        long nextCheck = System.currentTimeMillis() + interval;
        while (!stopping) {
            int wait = (int) Math.max(1, nextCheck - System.currentTimeMillis());
            PGNotification[] received = postgres.getNotifications(wait);
            if (received != null) {
                for (PGNotification notification : received) {
                    deliver(notification);
                }
            }
            if (System.currentTimeMillis() >= nextCheck) {
                check();
                nextCheck = System.currentTimeMillis() + interval;
            }
        }
    }

    private void deliver(PGNotification notification) {
        for (ClusterTopic topic : ClusterTopic.values()) {
            if (topic.channel().equals(notification.getName())) {
                try {
                    notices.fire(new ClusterNotice(topic, notification.getParameter()));
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Handling the %s notice %s failed", topic, notification.getParameter());
                }
            }
        }
    }

    private void check() {
        try {
            checks.fire(new ClusterCheck());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Comparing this instance's state with the database failed");
        }
    }

    /** The pool hands this connection out again: it must not keep collecting notices nobody reads. */
    private static void unlisten(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("UNLISTEN *");
        } catch (SQLException brokenAlready) {
            LOG.debug("UNLISTEN failed on a broken connection", brokenAlready);
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(config.checkInterval().toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
