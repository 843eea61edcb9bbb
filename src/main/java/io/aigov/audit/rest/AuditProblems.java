package io.aigov.audit.rest;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

import io.aigov.api.config.ApiConfig;
import io.aigov.api.rest.Problems;
import io.aigov.audit.AuditUnavailableException;
import io.aigov.audit.InvalidAuditFilterException;

/**
 * A decision whose audit record cannot be committed is not given out: 503, try again. A search
 * filter that cannot be read is a 400 naming its query parameter.
 */
@Startup
@Singleton
public class AuditProblems {

    private final ApiConfig config;
    private final Map<AuditUnavailableException.Reason, Counter> unavailable = new EnumMap<>(AuditUnavailableException.Reason.class);

    public AuditProblems(ApiConfig config, MeterRegistry metrics) {
        this.config = config;
        // From zero, so that a rate over the first 503s is right.
        for (AuditUnavailableException.Reason reason : AuditUnavailableException.Reason.values()) {
            unavailable.put(reason, metrics.counter("aigov.unavailable.responses", "cause", reason.name().toLowerCase(Locale.ROOT)));
        }
    }

    @ServerExceptionMapper
    public Response auditUnavailable(AuditUnavailableException e) {
        unavailable.get(e.reason()).increment();
        return Problems.unavailable("The audit log cannot be written, so no decision was given; try again later", config.retryAfterSeconds());
    }

    @ServerExceptionMapper
    public Response invalidFilter(InvalidAuditFilterException e) {
        return Problems.invalidParameter(e.filter(), "query", e.problem()).toResponse();
    }
}
