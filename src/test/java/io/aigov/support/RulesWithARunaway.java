package io.aigov.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

import io.aigov.database.TestDatabases;

/**
 * The shipped rules with one threshold tuned ({@link #TUNED_THRESHOLD}) plus the runaway, in a folder
 * of their own, activated without approval on a new deployment: what serves is the folder, not the
 * rules bundled in the build (RulesFolderTest), and a rule that passes every check runs away once
 * active (RunawayRulesTest).
 */
public class RulesWithARunaway implements QuarkusTestProfile {

    /** The shipped rules' daily volume from which fine-tuning is favoured is 50,000; here it is 40,000. */
    public static final String TUNED_THRESHOLD = "volume.fineTuning.min = 40000";

    /** How long an evaluation may take before it is stopped. */
    public static final Duration DEADLINE = Duration.ofSeconds(6);

    /** The rule that runs away. */
    public static final String RUNAWAY = """
            package aigov.runaway;
            import io.aigov.decision.model.Assessment;
            import io.aigov.decision.model.UseCase;

            // Re-fires itself for ever on one input; no golden case has that input.
            rule "spin-on-one-input"
            when
                UseCase( name == "spin" )
                $a : Assessment( promptingScore >= 0 )
            then
                modify($a) { favourPrompting(0, "") }
            end
            """;

    @Override
    public Map<String, String> getConfigOverrides() {
        // Firings are not what stops this rule: only the deadline does. It is long enough that requests
        // made alongside are answered while the runaway still runs, however busy the machine.
        // Answers without why-not explanations: a search takes up to seconds on a busy machine, and an ordinary
        // answer must come well within the runaway's deadline.
        // A database of its own: the runaway must not become the active version of the other tests' database.
        return Map.of("aigov.rules.directory", createFolder().toString(), "aigov.rules.approval-required", "false",
                "aigov.rules.max-firings", "2000000000", "aigov.rules.evaluation-deadline", DEADLINE.toSeconds() + "s",
                "aigov.evaluation.counterfactuals.max-evaluations", "0",
                "quarkus.datasource.jdbc.url", TestDatabases.fresh("aigov_runaway"));
    }

    /** A new folder with a copy of rules/, its volume threshold tuned, and the runaway rule. */
    public static Path createFolder() {
        Path folder = RulesFolders.copyOfRules("rules-with-a-runaway");
        try {
            Path thresholds = folder.resolve("thresholds.properties");
            String shipped = Files.readString(thresholds);
            if (!shipped.contains("volume.fineTuning.min = 50000")) {
                throw new IllegalStateException("the shipped volume threshold is no longer 50,000: tune another one");
            }
            Files.writeString(thresholds, shipped.replace("volume.fineTuning.min = 50000", TUNED_THRESHOLD));
            Files.writeString(folder.resolve("runaway.drl"), RUNAWAY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }
}
