package io.aigov.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.platform.suite.api.ExcludePackages;
import org.junit.platform.suite.api.SelectPackages;

/** The two halves of the tests together hold every test once. */
class SuitesTest {

    @Test
    void theSecondHalfLeavesOutExactlyWhatTheFirstSelectsAndTheBenchmarks() {
        List<String> leftOut = new ArrayList<>(List.of(RulesSuite.class.getAnnotation(SelectPackages.class).value()));
        leftOut.add("io.aigov.bench");
        assertEquals(leftOut, List.of(ServiceSuite.class.getAnnotation(ExcludePackages.class).value()));
        assertEquals(List.of("io.aigov"), List.of(ServiceSuite.class.getAnnotation(SelectPackages.class).value()));
    }
}
