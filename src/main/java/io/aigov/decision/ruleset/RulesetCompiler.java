package io.aigov.decision.ruleset;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.CompositeKnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.io.ResourceFactory;

import io.aigov.decision.model.Assessment;
import io.aigov.decision.model.Declarations;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;
import io.aigov.decision.safety.RuleSafetyCheck;

/**
 * Compiles rule files into a {@link Ruleset} at run time with the plain KIE API, so rules can change
 * without a build. Every problem is reported against the file name the author knows, never the
 * compiler's internal path.
 */
public final class RulesetCompiler {

    static final ClassLoader FACT_MODEL = new LookupCachingClassLoader(Assessment.class.getClassLoader());

    private RulesetCompiler() {
    }

    /**
     * A ruleset whose DRL files are those of {@code compiled} and whose thresholds may differ. Thresholds
     * are data the rules read, not code, so a threshold edit needs no recompilation.
     */
    public static Ruleset withThresholds(Ruleset compiled, List<RuleFile> files, String source) {
        if (!drlFiles(files).equals(drlFiles(compiled.files()))) {
            throw new IllegalArgumentException("the rules differ from the compiled ones, so they must be compiled");
        }
        List<RuleProblem> problems = new ArrayList<>();
        ThresholdsParser.RulesetData data = data(files, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRulesetException(problems);
        }
        return new Ruleset(RulesetVersion.of(files), source, List.copyOf(files), compiled.kieBase(), data.thresholds(),
                data.declarations(), compiled.ruleFiles());
    }

    public static boolean sameRules(List<RuleFile> files, Ruleset compiled) {
        return drlFiles(files).equals(drlFiles(compiled.files()));
    }

    public static Ruleset compile(List<RuleFile> files, String source) {
        return onFactModel(() -> compileWithFactModel(files, source, true));
    }

    /**
     * For a check process only: its rules passed the safety check in the service that handed them
     * over (or, for the bundled rules, when the application was built), and the same check on the
     * same files would come to the same verdict. Parsing every rule again for it was a fifth of a
     * check process's CPU time; the process is where whatever the check misses is contained.
     */
    public static Ruleset compileExamined(List<RuleFile> files, String source) {
        return onFactModel(() -> compileWithFactModel(files, source, false));
    }

    /**
     * Drools' expression parser falls back to the context class loader for every name it tries, on this thread and on
     * the build's worker threads, which inherit it from the thread that starts them: the production class loader
     * reopens a jar for each name that is not a class (0.7 s per compile in the service instead of 0.2 s).
     */
    static <T> T onFactModel(Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(FACT_MODEL);
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Ruleset compileWithFactModel(List<RuleFile> files, String source, boolean examine) {
        String version = RulesetVersion.of(files);
        List<RuleProblem> problems = new ArrayList<>();
        ThresholdsParser.RulesetData data = data(files, problems);
        List<RuleFile> drlFiles = drlFiles(files).stream().map(RuleFile::withCurrentFactModel).toList();
        if (drlFiles.isEmpty()) {
            problems.add(new RuleProblem("", 0, 0, "the ruleset has no .drl file"));
        }

        if (examine) {
            // Whatever the caller checked before, nothing the safety check refuses is compiled in the service.
            problems.addAll(RuleSafetyCheck.check(drlFiles, data == null ? null : data.declarations()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRulesetException(problems);
        }

        // A knowledge builder, not a KIE module: no pom.xml and kmodule.xml to write and read back (XStream alone
        // loaded some 400 classes in each check process), and no JVM-wide repository to take the module out of.
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder(KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(FACT_MODEL));
        CompositeKnowledgeBuilder batch = builder.batch();
        for (RuleFile file : drlFiles) {
            Resource resource = ResourceFactory.newByteArrayResource(file.content().getBytes(StandardCharsets.UTF_8));
            resource.setSourcePath(file.name());
            // One batch, as a KIE module is built: a type or function declared in one file may be used in another.
            batch.add(resource, ResourceType.DRL);
        }
        batch.build();
        for (KnowledgeBuilderResult error : builder.getErrors()) {
            int[] lines = error.getLines();
            problems.add(new RuleProblem(error.getResource() == null ? "" : error.getResource().getSourcePath(),
                    lines.length == 0 ? 0 : Math.max(lines[0], 0), 0, error.getMessage().strip()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRulesetException(problems);
        }
        KieBase kieBase = builder.newKieBase();
        return new Ruleset(version, source, List.copyOf(files), kieBase, data.thresholds(), data.declarations(), ruleFiles(kieBase));
    }

    static List<RuleFile> drlFiles(List<RuleFile> files) {
        return files.stream().filter(RuleFile::isDrl).sorted(Comparator.comparing(RuleFile::name)).toList();
    }

    /** What the .properties files of a ruleset declare; {@link Declarations#LEGACY} for files that cannot be read as a ruleset's. */
    public static Declarations declarationsOf(List<RuleFile> files) {
        Declarations declared = declarationsToCheck(files);
        return declared == null ? Declarations.LEGACY : declared;
    }

    /**
     * What the .properties files of a candidate declare, for its safety check; null when they cannot be read, whose
     * problems compiling it reports.
     */
    public static Declarations declarationsToCheck(List<RuleFile> files) {
        ThresholdsParser.RulesetData data = data(files, new ArrayList<>());
        return data == null ? null : data.declarations();
    }

    /** The numbers, dates and declarations of the ruleset's .properties files, which must include thresholds.properties. */
    static ThresholdsParser.RulesetData data(List<RuleFile> files, List<RuleProblem> problems) {
        if (files.stream().noneMatch(f -> f.name().equals(RulesetSource.THRESHOLDS_FILE))) {
            problems.add(new RuleProblem(RulesetSource.THRESHOLDS_FILE, 0, 0, "the ruleset has no thresholds.properties"));
            return null;
        }
        try {
            return ThresholdsParser.parse(files.stream().filter(RuleFile::isProperties).sorted(Comparator.comparing(RuleFile::name)).toList());
        } catch (InvalidRulesetException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private static Map<String, String> ruleFiles(KieBase kieBase) {
        Map<String, String> ruleFiles = new HashMap<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                Resource resource = ((RuleImpl) rule).getResource();
                String path = resource == null ? null : resource.getSourcePath();
                ruleFiles.put(rule.getPackageName() + "." + rule.getName(), path == null ? "" : path);
            }
        }
        return Map.copyOf(ruleFiles);
    }
}
