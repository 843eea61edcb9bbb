package io.aigov.suites;

import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * One of the two halves of the tests, run in a JVM of its own beside the other
 * ({@link ServiceSuite}): rules and their changes, check processes and proposals.
 * The halves are cut along packages so that most test profiles start in one of them only.
 */
@Suite
@IncludeEngines("junit-jupiter")
@SelectPackages({ "io.aigov.ruleset", "io.aigov.proposal", "io.aigov.support" })
public class RulesSuite {
}
