package io.aigov.ruleset.isolation.service;

import java.nio.file.Path;
import java.util.stream.Collectors;

import io.aigov.ruleset.isolation.child.CandidateCheckMain;

/**
 * Prints the class path the service gives a check process, as it finds it from this JVM's class
 * path, for bench/check-process.sh to start one as the service does.
 */
public final class ChildClassPathPrinter {

    private ChildClassPathPrinter() {
    }

    public static void main(String[] args) {
        System.out.println(ChildClassPath.of(CandidateCheckMain.class).stream().map(Path::toString).collect(Collectors.joining(":")));
    }
}
