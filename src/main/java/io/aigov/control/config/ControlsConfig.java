package io.aigov.control.config;

import java.time.Duration;
import java.util.List;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "aigov.controls")
public interface ControlsConfig {

    /** Largest evidence file kept; the HTTP limit ({@code quarkus.http.limits.max-body-size}) must leave room for it. */
    @WithDefault("4M")
    MemorySize evidenceMaxSize();

    /**
     * The types an evidence file may be, as sniffed from its bytes: PDF, images, plain text (CSV and
     * JSON read as text), Office documents. HTML, SVG, scripts and archives are refused.
     */
    @WithDefault("application/pdf,image/png,image/jpeg,text/plain,application/x-tika-ooxml,application/x-tika-msoffice")
    List<String> evidenceTypes();

    /** Days an owner has to meet an obligation that applies already when its control is opened. */
    @WithDefault("30")
    int firstDueDays();

    /** Days before a due date the owner is reminded, and a recurring control's next cycle begins. */
    @WithDefault("14")
    int reminderDays();

    /** How often each instance looks for controls coming due or overdue. */
    @WithDefault("1h")
    Duration deadlineCheckInterval();
}
