package io.aigov.ruleset.isolation.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.kie.internal.builder.KnowledgeBuilderFactory;

import io.aigov.ruleset.isolation.child.CandidateCheckMain;

/** What a check process finds on its class path, as the service's class loader lists it. */
class ChildClassPathTest {

    @Test
    void theCheckProcessGetsTheApplicationAndDroolsButNotTheConfigurationApi() throws URISyntaxException {
        List<Path> classPath = ChildClassPath.of(CandidateCheckMain.class);

        assertTrue(classPath.contains(whereIs(CandidateCheckMain.class)), classPath.toString());
        assertTrue(classPath.contains(whereIs(KnowledgeBuilderFactory.class)), classPath.toString());
        // With it, Drools would build the service's configuration in every check process.
        assertFalse(classPath.contains(whereIs(ConfigProvider.class)), classPath.toString());
    }

    private static Path whereIs(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
