package io.aigov.audit.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "aigov.audit")
public interface AuditConfig {

    /**
     * Text fields of the submitted use case (name, description) replaced by "[masked]" before the
     * record is stored, because they can hold personal data. The decision is taken on the full input.
     */
    Optional<List<String>> maskedFields();

    /**
     * How long an evaluation waits for its audit record to be committed before it is answered 503
     * instead (the record may still be committed afterwards; the decision is never given out).
     */
    @WithDefault("10s")
    Duration writeTimeout();

    /** Verification of the chain walks consecutive ranges side by side: this many at most (default: one per core). */
    Optional<Integer> verificationThreads();

    /** Records per range below which verification walks the chain in fewer ranges, since starting one costs too. */
    @WithDefault("50000")
    long verificationMinRange();

    /** Signed checkpoints of the chain's head (docs/audit.md, "Signed checkpoints"). */
    Checkpoints checkpoint();

    /** The background verification of the chain (docs/audit.md, "Continuous verification"). */
    Monitor monitor();

    /** Delivery of every record to a SIEM (docs/audit.md, "Streaming to a SIEM"). */
    Stream stream();

    /** How long records are kept, and how the chain is partitioned to let old ones go (docs/audit.md, "Retention"). */
    Retention retention();

    interface Retention {

        /** How long a record of a kind without a period of its own is kept: SOX s.802 asks for seven years. */
        @WithDefault("P7Y")
        Period defaultPeriod();

        /** Periods by record kind (evaluation, board_decision, ruleset_event, user_event, counterfactuals), overriding the default. */
        Map<String, Period> periods();

        /** Records per partition of the chain: the unit that is archived and detached. */
        @WithDefault("1000000")
        long partitionSize();

        /** Where archived partitions are written, as JSON Lines exports (audit-archive/ in earlier versions, which stays in use while it is there alone). */
        @WithDefault("data/audit-archive")
        Path archiveDirectory();
    }

    interface Checkpoints {

        /** How often at most the verified head is signed, in a period in which records were added. */
        @WithDefault("1m")
        Duration interval();

        /** Sign sooner, once this many records were added since the last checkpoint. */
        Optional<Long> records();

        /**
         * The signing key: a PEM file with a PRIVATE KEY (PKCS#8) and a PUBLIC KEY block. Without it,
         * the key generated in the evidence directory at first start signs.
         */
        Optional<Path> keyFile();

        /**
         * Where the generated key and, unless {@link #file()} says otherwise, the checkpoints file are kept
         * (audit-evidence/ in earlier versions, which stays in use while it is there alone).
         */
        @WithDefault("data/audit-evidence")
        Path directory();

        /** The checkpoints file: one JSON line per checkpoint (default: checkpoints.jsonl in the directory). */
        Optional<Path> file();

        /** An HTTP endpoint each checkpoint is also posted to, as JSON. */
        Optional<URI> webhookUrl();
    }

    interface Monitor {

        /** Whether the chain is verified in the background and checkpoints are signed. */
        @WithDefault("true")
        boolean enabled();

        /** How often the records added since the last verification are verified. */
        @WithDefault("10s")
        Duration interval();

        /** How often the whole chain is verified again. */
        @WithDefault("1m")
        Duration fullInterval();
    }

    interface Stream {

        /**
         * The sinks every audit record is delivered to, in order, as JSON Lines, each on its own: the
         * identifiers of their beans, stdout, file, webhook or a plug-in's (docs/audit.md, "Streaming to a SIEM").
         */
        Optional<List<String>> sinks();

        /**
         * The one sink of earlier versions, none, stdout, file or webhook: stands for {@link #sinks()}
         * with that one name (or none), so their settings keep working. Not together with sinks.
         */
        Optional<String> sink();

        /** The file the file sink appends to. */
        Optional<Path> file();

        /** The endpoint the webhook sink posts batches to. */
        Optional<URI> webhookUrl();

        /** The Authorization header sent with each webhook request, such as "Bearer ..." or "Splunk ...". */
        Optional<String> webhookAuthorization();

        /** How long one webhook request may take before it counts as failed. */
        @WithDefault("10s")
        Duration webhookTimeout();

        /** Records delivered at most in one batch to a sink (one webhook request, one flush of the file). */
        @WithDefault("500")
        int batchSize();

        /** How often new records are looked for once everything was delivered. */
        @WithDefault("1s")
        Duration pollInterval();

        /** A sink's wait after a failed delivery, doubled after each further failure up to {@link #retryMaxDelay()}. */
        @WithDefault("1s")
        Duration retryInitialDelay();

        @WithDefault("1m")
        Duration retryMaxDelay();
    }
}
