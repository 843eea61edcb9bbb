package io.aigov.audit.stream;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import io.aigov.audit.AuditExport;
import io.aigov.audit.SiemDelivery;
import io.aigov.audit.config.AuditConfig;
import io.aigov.shared.DaemonThreads;

/**
 * Delivers every audit record to each configured sink (docs/audit.md, "Streaming to a SIEM"): the
 * {@link AuditSink} beans named by {@code aigov.audit.stream.sinks}, each with its own position,
 * thread and back-off (see {@link SinkDelivery}). Delivery reads committed records only: an
 * evaluation never waits for it.
 */
@ApplicationScoped
public class AuditStream implements SiemDelivery {

    private final List<SinkDelivery> deliveries = new ArrayList<>();

    public AuditStream(AuditConfig config, DataSource dataSource, AuditExport export, MeterRegistry metrics, @Any Instance<AuditSink> beans) {
        AuditConfig.Stream settings = config.stream();
        if (settings.batchSize() < 1) {
            throw new IllegalStateException("aigov.audit.stream.batch-size must be at least 1, not " + settings.batchSize());
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String name : configuredSinks(settings.sinks(), settings.sink())) {
            Instance<AuditSink> named = beans.select(Identifier.Literal.of(name));
            if (named.isUnsatisfied()) {
                throw new IllegalStateException("aigov.audit.stream.sinks: no sink is named '" + name + "'; the sinks are " + names(beans));
            }
            if (named.isAmbiguous()) {
                throw new IllegalStateException("aigov.audit.stream.sinks: several sinks are named '" + name + "'");
            }
            AuditSink sink = named.get();
            if (!keys.add(sink.name())) {
                throw new IllegalStateException("aigov.audit.stream.sinks: '" + name + "' delivers to " + sink.name()
                        + " as another sink in the list does: one position cannot serve two");
            }
            deliveries.add(new SinkDelivery(name, sink, settings, dataSource, export, metrics));
        }
    }

    /**
     * The sinks to deliver to: the list, or the single sink of earlier versions as a list of one
     * ({@code none}: no list at all), so that a deployment configured that way goes on as before.
     */
    static List<String> configuredSinks(Optional<List<String>> sinks, Optional<String> sink) {
        if (sinks.isPresent() && sink.isPresent()) {
            throw new IllegalStateException("aigov.audit.stream.sink and aigov.audit.stream.sinks are both set: set sinks alone"
                    + " (sink=" + sink.get() + " is sinks=" + sink.get() + ")");
        }
        // The single sink was an enum, whose names were taken in any case.
        List<String> names = sinks.orElse(sink.map(name -> List.of(name.toLowerCase(Locale.ROOT))).orElse(List.of())).stream()
                .map(String::strip).filter(name -> !name.isEmpty()).toList();
        if (names.equals(List.of("none"))) {
            return List.of();
        }
        if (names.size() != Set.copyOf(names).size()) {
            throw new IllegalStateException("aigov.audit.stream.sinks names a sink twice: " + names);
        }
        return names;
    }

    private static Set<String> names(Instance<AuditSink> beans) {
        Set<String> names = new TreeSet<>();
        beans.handles().forEach(handle -> handle.getBean().getQualifiers().stream().filter(Identifier.class::isInstance)
                .map(qualifier -> ((Identifier) qualifier).value()).forEach(names::add));
        return names;
    }

    void start(@Observes StartupEvent started) {
        deliveries.forEach(SinkDelivery::start);
    }

    @PreDestroy
    void stop() {
        deliveries.forEach(SinkDelivery::stop);
    }

    @Override
    public List<Position> positions() throws SQLException {
        List<Position> positions = new ArrayList<>();
        for (SinkDelivery delivery : deliveries) {
            positions.add(new Position(delivery.sinkName(), delivery.deliveredUpTo()));
        }
        return positions;
    }
}
