package io.aigov.console.browser;

import java.util.List;

/** Every page of the console a signed-out visitor could ask for. */
final class ConsolePages {

    static final List<String> ALL = List.of("/", "/console", "/console/evaluations/new", "/console/proposals/mine", "/console/board",
            "/console/audit", "/console/dashboard", "/console/users", "/console/rules", "/console/rules/thresholds");

    private ConsolePages() {
    }
}
