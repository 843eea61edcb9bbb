package io.aigov.decision.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.aigov.decision.model.Declarations;
import io.aigov.decision.rulefile.RuleFile;

/** Frameworks of controls declared by packs, mapping the packs' obligations to their controls. */
class DeclaredFrameworksTest {

    private static final List<RuleFile> RULES = RulesetSource.fromDirectory(Path.of("rules"));

    @Test
    void theShippedFrameworksListTheirControlsInTheirOwnOrderWithTheObligationsMappedToEach() {
        Declarations declared = RulesetCompiler.compile(RULES, "test").declarations();
        Declarations.DeclaredFramework iso = declared.framework("ISO_42001").orElseThrow();
        assertEquals("framework-iso-42001", iso.pack());
        assertEquals(List.of("A.2", "A.3", "A.4", "A.5", "A.6", "A.7", "A.8", "A.9", "A.10"),
                iso.controls().stream().map(Declarations.FrameworkControl::id).toList());
        assertEquals(List.of("eu-ai-act.art10.data-governance", "hipaa.minimum-necessary", "hipaa.de-identification",
                "il-hb3773.no-zip-code-proxy"), iso.controls().get(5).obligations());
        assertEquals(List.of("hipaa.business-associate-agreement"), iso.controls().get(8).obligations(), "A.10: third parties");
        assertEquals(16, declared.framework("NIST_AI_RMF").orElseThrow().controls().size());
    }

    @Test
    void aFrameworkThatDoesNotHoldTogetherIsRefusedWithItsLines() {
        List<RuleFile> files = new ArrayList<>(RULES);
        files.add(new RuleFile("framework-broken.properties", """
                framework.SOC_2.title = SOC 2
                framework.SOC_2.control.CC6.1.title = Logical access
                framework.SOC_2.control.CC6.1.obligations = eu-ai-act.art9.risk-management, nyc-ll144.bias-audti
                framework.SOC_2.control.CC7.2.obligations = eu-ai-act.art12.record-keeping
                framework.NO_TITLE.control.X.title = A control of a framework without a title
                framework.SOC_2.control.CC8.1.owner = someone
                framework.lower.title = Lower
                """));
        InvalidRulesetException refused = assertThrows(InvalidRulesetException.class, () -> RulesetCompiler.compile(files, "test"));
        List<String> messages = refused.problems().stream().map(problem -> problem.file() + ":" + problem.line() + " " + problem.message()).toList();
        for (String expected : List.of("framework-broken.properties:3 framework.SOC_2.control.CC6.1.obligations names nyc-ll144.bias-audti",
                "framework-broken.properties:4 framework.SOC_2.control.CC7.2.title is missing",
                "framework.NO_TITLE.title is missing", "framework-broken.properties:6 framework.SOC_2.control.CC8.1.owner",
                "framework-broken.properties:7 framework.lower.title")) {
            assertTrue(messages.stream().anyMatch(message -> message.startsWith(expected) || message.contains(expected)),
                    "expected '" + expected + "' in " + messages);
        }
    }
}
