package io.aigov.decision.ruleset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.base.util.Drools;
import org.drools.core.impl.RuleBaseFactory;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.drools.wiring.api.classloader.ProjectClassLoader;
import org.kie.api.definition.KiePackage;

import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;


/**
 * The compiled form of a ruleset's rules, so another start of the service can serve them without
 * compiling the DRL again (most of its start-up time). The form holds Drools' packages with the
 * bytecode of the rules' consequences and declared types, and states what it was compiled from and
 * by: the DRL files, the Drools version, and the build of the service (its checks, its fact model). It is only
 * read back when all of these are still the same; anything else is a form that no longer fits, and
 * the rules are compiled again.
 *
 * <p>The form is code: whoever stores it must make sure it is read back only as written (see
 * CompiledRulesCache).
 */
public final class CompiledRules {

    private static final String MAGIC = "aigov-compiled-rules";
    /** Raised whenever what is written changes. */
    private static final int FORMAT = 1;
    private static final String UNKNOWN_BUILD = "unknown";
    /** Computed once: the build cannot change while the service runs. */
    private static final String BUILD = buildDigest();

    private CompiledRules() {
    }

    /** Names the compiled form of these DRL files under this Drools version, whatever the thresholds. */
    public static String key(List<RuleFile> files) {
        return RulesetVersion.of(RulesetCompiler.drlFiles(files)) + "-drools-" + Drools.getFullVersion() + "-form-" + FORMAT;
    }

    /** The SHA-256 of a compiled form, in lower-case hex: what a store records to recognise the form later. */
    public static String digest(byte[] form) {
        return HexFormat.of().formatHex(RulesetVersion.newSha256().digest(form));
    }

    public static byte[] write(Ruleset ruleset) {
        InternalKnowledgeBase kieBase = (InternalKnowledgeBase) ruleset.kieBase();
        List<KiePackage> packages = new ArrayList<>(kieBase.getKiePackages());
        Map<String, byte[]> declaredTypes = kieBase.getRootClassLoader() instanceof ProjectClassLoader project
                && project.getStore() != null ? project.getStore() : Map.of();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new DroolsObjectOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(key(ruleset.files()));
            out.writeUTF(BUILD);
            out.writeObject(new HashMap<>(declaredTypes));
            out.writeObject(new HashMap<>(ruleset.ruleFiles()));
            out.writeObject(packages);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The ruleset of these files from their compiled form, or empty when the form was written for
     * other DRL files, by another Drools version or by another build of the service. The safety
     * check is not run again: this build ran it on these very files before compiling them.
     */
    public static Optional<Ruleset> read(byte[] form, List<RuleFile> files, String source) {
        return RulesetCompiler.onFactModel(() -> readWithFactModel(form, files, source));
    }

    @SuppressWarnings("unchecked")
    private static Optional<Ruleset> readWithFactModel(byte[] form, List<RuleFile> files, String source) {
        List<RuleProblem> problems = new ArrayList<>();
        ThresholdsParser.RulesetData data = RulesetCompiler.data(files, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRulesetException(problems);
        }
        ProjectClassLoader classLoader = ProjectClassLoader.createProjectClassLoader(RulesetCompiler.FACT_MODEL);
        try (ObjectInputStream in = new DroolsObjectInputStream(new ByteArrayInputStream(form), classLoader)) {
            if (!MAGIC.equals(in.readUTF()) || in.readInt() != FORMAT || !key(files).equals(in.readUTF())
                    || BUILD.equals(UNKNOWN_BUILD) || !BUILD.equals(in.readUTF())) {
                return Optional.empty();
            }
            classLoader.storeClasses((Map<String, byte[]>) in.readObject());
            Map<String, String> ruleFiles = (Map<String, String>) in.readObject();
            List<KiePackage> packages = (List<KiePackage>) in.readObject();
            InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase(
                    RuleBaseFactory.newKnowledgeBaseConfiguration(null, classLoader));
            kieBase.addPackages(packages);
            return Optional.of(new Ruleset(RulesetVersion.of(files), source, List.copyOf(files), kieBase, data.thresholds(),
                    data.declarations(), Map.copyOf(ruleFiles)));
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            // A form cut short or written by something else: compiling again is always possible.
            return Optional.empty();
        }
    }

    /**
     * The digest of the service's own build: the bytes of the jar its classes come from, or of every
     * file in its classes folder. A new build may check rules differently or change the fact model,
     * so it compiles the rules again. When the build cannot be read, no form is ever read back.
     */
    private static String buildDigest() {
        try {
            Path location = Path.of(RulesetCompiler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location)) {
                return digest(Files.readAllBytes(location));
            }
            MessageDigest digest = RulesetVersion.newSha256();
            try (Stream<Path> files = Files.walk(location)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    digest.update(location.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                    digest.update(Files.readAllBytes(file));
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return UNKNOWN_BUILD;
        }
    }
}
