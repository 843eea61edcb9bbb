package io.aigov.decision.ruleset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.Resource;

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

    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;?");
    private static final String RESOURCES = "src/main/resources/";
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
        return onFactModel(() -> compileWithFactModel(files, source));
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

    private static Ruleset compileWithFactModel(List<RuleFile> files, String source) {
        String version = RulesetVersion.of(files);
        List<RuleProblem> problems = new ArrayList<>();
        ThresholdsParser.RulesetData data = data(files, problems);
        List<RuleFile> drlFiles = drlFiles(files).stream().map(RuleFile::withCurrentFactModel).toList();
        if (drlFiles.isEmpty()) {
            problems.add(new RuleProblem("", 0, 0, "the ruleset has no .drl file"));
        }

        KieServices kieServices = KieServices.Factory.get();
        KieFileSystem kfs = kieServices.newKieFileSystem();
        ReleaseId releaseId = kieServices.newReleaseId("io.aigov.rules", "ruleset", "1.0.0-" + version);
        kfs.generateAndWritePomXML(releaseId);
        Map<String, String> fileByPath = new HashMap<>();
        for (RuleFile file : drlFiles) {
            // Drools wants each file under a path matching its package; rules report it without the prefix.
            String path = packagePath(file.content()) + file.name();
            fileByPath.put(path, file.name());
            kfs.write(RESOURCES + path, file.content());
        }
        // Whatever the caller checked before, nothing the safety check refuses is ever compiled.
        problems.addAll(RuleSafetyCheck.check(drlFiles));
        if (!problems.isEmpty()) {
            throw new InvalidRulesetException(problems);
        }

        KieBuilder builder = kieServices.newKieBuilder(kfs, FACT_MODEL).buildAll();
        for (Message message : builder.getResults().getMessages(Message.Level.ERROR)) {
            String path = message.getPath() == null ? "" : message.getPath().replaceFirst("^" + RESOURCES, "");
            problems.add(new RuleProblem(fileByPath.getOrDefault(path, path),
                    Math.max(message.getLine(), 0), Math.max(message.getColumn(), 0), message.getText().strip()));
        }
        if (!problems.isEmpty()) {
            kieServices.getRepository().removeKieModule(releaseId);
            throw new InvalidRulesetException(problems);
        }
        try {
            KieBase kieBase = kieServices.newKieContainer(releaseId, FACT_MODEL).getKieBase();
            return new Ruleset(version, source, List.copyOf(files), kieBase, data.thresholds(), data.declarations(),
                    ruleFiles(kieBase, fileByPath));
        } finally {
            // The KIE repository is a JVM-wide singleton: leaving modules in it would leak every ruleset ever compiled.
            kieServices.getRepository().removeKieModule(releaseId);
        }
    }

    static List<RuleFile> drlFiles(List<RuleFile> files) {
        return files.stream().filter(RuleFile::isDrl).sorted(Comparator.comparing(RuleFile::name)).toList();
    }

    /** What the .properties files of a ruleset declare; {@link Declarations#LEGACY} for files that cannot be read as a ruleset's. */
    public static Declarations declarationsOf(List<RuleFile> files) {
        List<RuleProblem> problems = new ArrayList<>();
        ThresholdsParser.RulesetData data = data(files, problems);
        return data == null ? Declarations.LEGACY : data.declarations();
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

    private static String packagePath(String drl) {
        Matcher matcher = PACKAGE.matcher(drl);
        return matcher.find() ? matcher.group(1).replace('.', '/') + "/" : "";
    }

    private static Map<String, String> ruleFiles(KieBase kieBase, Map<String, String> fileByPath) {
        Map<String, String> ruleFiles = new HashMap<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                Resource resource = ((RuleImpl) rule).getResource();
                String path = resource == null ? null : resource.getSourcePath();
                ruleFiles.put(rule.getPackageName() + "." + rule.getName(), fileByPath.getOrDefault(path, ""));
            }
        }
        return Map.copyOf(ruleFiles);
    }
}
