package io.aigov.suites;

import org.junit.platform.suite.api.ExcludePackages;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The other half of the tests ({@link RulesSuite}): the decision core, evaluations, the audit trail, accounts, the console and
 * everything else the first half does not select, so a test in a new package runs here without being listed.
 * Benchmarks measure and run on their own.
 */
@Suite
@IncludeEngines("junit-jupiter")
@SelectPackages("io.aigov")
@ExcludePackages({ "io.aigov.ruleset", "io.aigov.proposal", "io.aigov.support", "io.aigov.bench" })
public class ServiceSuite {
}
