package io.aigov.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

import io.aigov.database.TestDatabases;

/** The shipped rules plus the runaway, in a folder of their own, activated without approval. */
public class RulesWithARunaway implements QuarkusTestProfile {

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
        // A database of its own: the runaway must not become the active version of the other tests' database.
        return Map.of("aigov.rules.directory", createFolder().toString(), "aigov.rules.approval-required", "false",
                "aigov.rules.max-firings", "2000000000", "aigov.rules.evaluation-deadline", DEADLINE.toSeconds() + "s",
                "quarkus.datasource.jdbc.url", TestDatabases.fresh("aigov_runaway"));
    }

    /** A new folder with a copy of rules/ and the runaway rule. */
    public static Path createFolder() {
        Path folder = RulesFolders.copyOfRules("rules-with-a-runaway");
        try {
            Files.writeString(folder.resolve("runaway.drl"), RUNAWAY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }
}
