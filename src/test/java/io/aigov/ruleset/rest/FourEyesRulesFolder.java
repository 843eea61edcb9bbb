package io.aigov.ruleset.rest;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The editable rules folder with four-eyes control on, as in production. */
public class FourEyesRulesFolder implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("aigov.rules.directory", WritableRulesFolder.FOLDER.toString(), "aigov.rules.approval-required", "true");
    }
}
