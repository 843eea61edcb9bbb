package io.aigov.ruleset.isolation.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jdt.internal.compiler.Compiler;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.postgresql.Driver;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aigov.ruleset.isolation.child.CandidateCheckMain;
import io.quarkus.runtime.Quarkus;
import io.vertx.core.Vertx;

/** What a check process finds on its class path, as the service's class loader lists it. */
class ChildClassPathTest {

    private final List<Path> classPath = ChildClassPath.of(CandidateCheckMain.class);

    @Test
    void theCheckProcessGetsTheApplicationDroolsAndWhatACheckRuns() throws URISyntaxException {
        assertTrue(classPath.contains(whereIs(CandidateCheckMain.class)), classPath.toString());
        assertTrue(classPath.contains(whereIs(KnowledgeBuilderFactory.class)), classPath.toString());
        assertTrue(classPath.contains(whereIs(Compiler.class)), "the compiler of the rules' consequences: " + classPath);
        assertTrue(classPath.contains(whereIs(ObjectMapper.class)), "the check's protocol: " + classPath);
    }

    @Test
    void nothingOnlyTheServiceUsesIsOnIt() throws URISyntaxException {
        // With it, Drools would build the service's configuration in every check process.
        assertFalse(classPath.contains(whereIs(ConfigProvider.class)), classPath.toString());
        for (Class<?> serviceOnly : List.of(Driver.class, Vertx.class, Quarkus.class)) {
            assertFalse(classPath.contains(whereIs(serviceOnly)), serviceOnly + " is the service's only: " + classPath);
        }
        assertTrue(classPath.size() < 60, classPath.size() + " entries: " + classPath);
    }

    private static Path whereIs(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
