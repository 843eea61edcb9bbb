package io.aigov.console.browser;

import java.util.List;

/** Every page of the console a signed-out visitor could ask for. */
final class ConsolePages {

    static final List<String> ALL = List.of("/", "/console", "/console/evaluations/new", "/console/evaluations", "/console/proposals/mine",
            "/console/board", "/console/inventory", "/console/controls/mine", "/console/controls/review", "/console/frameworks",
            "/console/audit", "/console/dashboard", "/console/users", "/console/rules", "/console/rules/thresholds", "/console/rules/upload",
            "/console/notifications");

    private ConsolePages() {
    }
}
