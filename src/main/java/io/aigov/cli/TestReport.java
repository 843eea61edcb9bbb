package io.aigov.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import io.aigov.decision.golden.GoldenCaseResult;
import io.aigov.decision.rulefile.RuleProblem;

/**
 * What {@code test} found, phase by phase (safety check, compilation, golden cases), for a person
 * (each problem as {@code file:line:column: message}, as compilers print them) and for CI as JUnit
 * XML: one test suite per phase, one test case per file or golden case.
 */
final class TestReport {

    private record Case(String name, List<String> failures) {
    }

    private record Phase(String name, List<Case> cases) {
    }

    private final String folder;
    private final List<Phase> phases = new ArrayList<>();

    TestReport(String folder) {
        this.folder = folder;
    }

    /** A phase that looks at the given files, with the problems it found in them (or in none of them). */
    void phase(String name, List<String> files, List<RuleProblem> problems) {
        List<Case> cases = new ArrayList<>();
        for (String file : files) {
            cases.add(new Case(file, problems.stream().filter(problem -> problem.file().equals(file)).map(this::located).toList()));
        }
        List<String> elsewhere = problems.stream().filter(problem -> !files.contains(problem.file())).map(this::located).toList();
        if (!elsewhere.isEmpty()) {
            cases.add(new Case("the ruleset", elsewhere));
        }
        phases.add(new Phase(name, cases));
    }

    void goldenCases(List<GoldenCaseResult> results) {
        phases.add(new Phase("golden cases", results.stream()
                .map(result -> new Case(result.file(), result.passed() ? List.of() : result.differences().stream()
                        .map(difference -> Path.of(folder).resolve(result.file()) + ": " + difference).toList()))
                .toList()));
    }

    boolean passed() {
        return phases.stream().flatMap(phase -> phase.cases().stream()).allMatch(c -> c.failures().isEmpty());
    }

    void print(PrintStream out) {
        for (Phase phase : phases) {
            long failed = phase.cases().stream().filter(c -> !c.failures().isEmpty()).count();
            out.println(phase.name() + ": " + (failed == 0 ? "passed" : failed + " of " + phase.cases().size() + " failed")
                    + " (" + phase.cases().size() + (phase.name().equals("golden cases") ? " cases)" : " files)"));
            phase.cases().forEach(c -> c.failures().forEach(failure -> out.println("  " + failure)));
        }
        if (phases.stream().noneMatch(phase -> phase.name().equals("golden cases"))) {
            out.println("golden cases: not run, the rules did not pass the checks before them");
        }
        out.println(passed() ? "OK" : "FAILED");
    }

    void writeJunit(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try (OutputStream stream = Files.newOutputStream(file)) {
            XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(stream, StandardCharsets.UTF_8.name());
            xml.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "rules " + folder);
            for (Phase phase : phases) {
                xml.writeStartElement("testsuite");
                xml.writeAttribute("name", phase.name());
                xml.writeAttribute("tests", String.valueOf(phase.cases().size()));
                xml.writeAttribute("failures", String.valueOf(phase.cases().stream().filter(c -> !c.failures().isEmpty()).count()));
                xml.writeAttribute("errors", "0");
                for (Case c : phase.cases()) {
                    xml.writeStartElement("testcase");
                    xml.writeAttribute("classname", phase.name());
                    xml.writeAttribute("name", xmlText(c.name()));
                    if (!c.failures().isEmpty()) {
                        xml.writeStartElement("failure");
                        xml.writeAttribute("message", xmlText(c.failures().get(0)));
                        xml.writeCharacters(xmlText(String.join("\n", c.failures())));
                        xml.writeEndElement();
                    }
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("writing " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** Text XML 1.0 can hold: a control character (other than tab and line breaks) a rule file brought becomes U+FFFD. */
    private static String xmlText(String text) {
        return text.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]", "\uFFFD");
    }

    private String located(RuleProblem problem) {
        return Path.of(folder).resolve(problem.file()) + ":" + problem.line() + ":" + problem.column() + ": " + problem.message();
    }
}
