package io.aigov.suites;

import org.junit.platform.suite.api.ExcludeClassNamePatterns;
import org.junit.platform.suite.api.ExcludePackages;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The other half of the tests ({@link RulesSuite}): the decision core, evaluations, the audit trail, accounts, the console,
 * the check processes' capacity and every test the first half does not name, so a new test runs here without being listed.
 * Benchmarks measure and run on their own.
 */
@Suite
@IncludeEngines("junit-jupiter")
@SelectPackages("io.aigov")
@ExcludeClassNamePatterns(RulesSuite.TESTS)
@ExcludePackages("io.aigov.bench")
public class ServiceSuite {
}
