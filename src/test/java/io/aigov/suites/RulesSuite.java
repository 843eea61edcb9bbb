package io.aigov.suites;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * One of the two halves of the tests, run in a JVM of its own beside the other ({@link ServiceSuite}):
 * rules and their changes, check processes' confinement, proposals and their notices. The halves are cut so that every test profile but the
 * default one starts in one of them only (a start costs both cores some 15 s), and so that they end
 * at about the same time.
 */
@Suite
@IncludeEngines("junit-jupiter")
@SelectPackages("io.aigov")
@IncludeClassNamePatterns(RulesSuite.TESTS)
public class RulesSuite {

    /**
     * The tests of this half, by class name; {@link ServiceSuite} runs every other test. The test of the check processes'
     * capacity (CheckCapacityTest) runs there, and so does the one test of the TunedSettings profile among the rules, which
     * leave the two halves about as long as each other; the one evaluation test of
     * the RulesWithARunaway profile and the console tests of the FourEyesRulesFolder profile run here, and so do the rules
     * command's test and one console test of the default profile, which the other half would otherwise end a minute after this one.
     */
    static final String TESTS = "^io\\.aigov\\.("
            + "(?!ruleset\\.isolation\\.service\\.CheckCapacityTest|ruleset\\.service\\.BundledRulesFallbackTest)(ruleset|proposal|notification|control|dossier)\\..*"
            + "|evaluation\\.rest\\.RunawayRulesTest|console\\.browser\\.RuleAuthorBrowserTest|console\\.browser\\.QuestionPackBrowserTest"
            + "|cli\\.RulesCommandsTest|console\\.browser\\.SubmitterAndBoardBrowserTest)$";
}
