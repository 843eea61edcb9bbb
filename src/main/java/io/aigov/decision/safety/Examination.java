package io.aigov.decision.safety;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;

import io.aigov.decision.model.Declarations;
import io.aigov.decision.rulefile.RuleProblem;

/**
 * One run of the safety check over a candidate's files: what it found, the Java parser it reads
 * code with, and its time budget. Nothing of it is shared between runs: a parser keeps state while
 * it parses, so checks of different candidates at the same time each have their own.
 *
 * <p>Findings past the first {@link #MAX_KEPT} are counted, not kept: a candidate refused a hundred
 * times over is refused all the same, and its report, log line and stored rejection stay small
 * however many statements it holds.
 */
final class Examination {

    static final int MAX_KEPT = 100;

    private final JavaParser java = new JavaParser(new ParserConfiguration()
            .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
    private final Duration budget;
    private final long deadline;
    private final Declarations declarations;
    private final List<RuleProblem> kept = new ArrayList<>();
    private int found;
    private RuleProblem stopped;

    /** The check ran out of its time budget; what it found so far stands, with a finding that says so. */
    static final class OutOfTime extends RuntimeException {

        OutOfTime() {
            super("the safety check ran out of time", null, false, false);
        }
    }

    /**
     * @param declarations what the candidate's .properties files declare: the questions its rules may read; null when
     *                     they cannot be read, whose problems are reported on their own, and the questions are not checked
     */
    Examination(Duration budget, Declarations declarations) {
        this.budget = budget;
        this.declarations = declarations;
        this.deadline = System.nanoTime() + budget.toNanos();
    }

    Declarations declarations() {
        return declarations;
    }

    JavaParser java() {
        return java;
    }

    void report(RuleProblem finding) {
        found++;
        if (kept.size() < MAX_KEPT) {
            kept.add(finding);
        }
    }

    /** Why the check stopped before it went through everything: the first finding, however many there are. */
    void stopped(RuleProblem why) {
        stopped = why;
        found++;
    }

    /** How many findings were reported so far, kept or not. */
    int found() {
        return found;
    }

    /** Called as the check goes, so that no candidate keeps it busy past its budget. */
    void checkTime() {
        if (System.nanoTime() - deadline > 0) {
            throw new OutOfTime();
        }
    }

    Duration budget() {
        return budget;
    }

    /** Why the check stopped, if it did, then the findings kept, and when there were more, one that counts the others. */
    List<RuleProblem> findings() {
        List<RuleProblem> findings = new ArrayList<>();
        if (stopped != null) {
            findings.add(stopped);
        }
        findings.addAll(kept);
        if (found > findings.size()) {
            findings.add(new RuleProblem("", 0, 0, "... and " + (found - findings.size()) + " more findings like these, not listed"));
        }
        return List.copyOf(findings);
    }
}
