package io.aigov.control.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import io.aigov.control.config.ControlsConfig;
import io.aigov.shared.PollingWorker;

/**
 * Every instance looks at the controls coming due every {@code deadline-check-interval}: each is
 * stepped in a transaction of its own under its row lock (reminded, due again, overdue), so two
 * instances step it once, and one control's failure leaves the others to be stepped.
 */
@ApplicationScoped
public class ControlDeadlines {

    /** What a check did. */
    public record Check(int lookedAt, int stepped) {
    }

    private static final Logger LOG = Logger.getLogger(ControlDeadlines.class);

    private final ControlService controls;
    private final ControlsConfig config;
    private final PollingWorker worker = new PollingWorker("control-deadlines", this::checkQuietly);

    ControlDeadlines(ControlService controls, ControlsConfig config) {
        this.controls = controls;
        this.config = config;
    }

    void start(@Observes StartupEvent started) {
        worker.start(config.deadlineCheckInterval());
    }

    void stop(@Observes ShutdownEvent stopping) {
        worker.stop();
    }

    /** Steps every control coming due as of today; an administrator may ask for it, as a test on a fixed clock does. */
    @ActivateRequestContext
    public Check check() {
        int stepped = 0;
        var due = controls.comingDue();
        for (UUID id : due) {
            try {
                stepped += controls.checkDeadline(id) ? 1 : 0;
            } catch (RuntimeException e) {
                LOG.errorf(e, "The due date of control %s could not be checked; it is checked again next time", id);
            }
        }
        if (stepped > 0) {
            LOG.infof("Control deadlines: %d of %d controls coming due reminded, due again or overdue", stepped, due.size());
        }
        return new Check(due.size(), stepped);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Checking the controls' due dates failed; trying again within %s", config.deadlineCheckInterval());
        }
    }
}
