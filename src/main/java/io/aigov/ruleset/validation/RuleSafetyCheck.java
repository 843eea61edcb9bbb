package io.aigov.ruleset.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.aigov.evaluation.model.Approach;
import io.aigov.evaluation.model.Assessment;
import io.aigov.evaluation.model.Capability;
import io.aigov.evaluation.model.Consistency;
import io.aigov.evaluation.model.Domain;
import io.aigov.evaluation.model.Exposure;
import io.aigov.evaluation.model.ExposureLevel;
import io.aigov.evaluation.model.FiredRule;
import io.aigov.evaluation.model.Regime;
import io.aigov.evaluation.model.Scores;
import io.aigov.evaluation.model.Thresholds;
import io.aigov.evaluation.model.UseCase;
import io.aigov.evaluation.model.Verdict;
import io.aigov.evaluation.model.Vocabulary;
import io.aigov.ruleset.RuleFile;
import io.aigov.ruleset.RuleProblem;

/**
 * Refuses rule text that could do more than decide. A DRL consequence, function or constraint is
 * Java that the JVM will run with the service's rights, so before anything is compiled every DRL
 * file is read as tokens and may use only the fact model and a short list of harmless
 * {@code java.lang}, {@code java.util}, {@code java.time} and {@code java.math} types: no
 * {@code System}, {@code Runtime}, processes, threads, class loading or reflection, no I/O or
 * network types, no fully qualified names that would bypass the import list, no MVEL dialect or
 * {@code eval}, no access to the engine through {@code drools} or {@code kcontext}, and no loops
 * that could hold an evaluation forever. It is an allow-list: a type it does not know is refused.
 */
public final class RuleSafetyCheck {

    private static final Set<String> MODEL_TYPES = Stream.of(Approach.class, Assessment.class, Capability.class,
            Consistency.class, Domain.class, Exposure.class, ExposureLevel.class, FiredRule.class, Regime.class,
            Scores.class, Thresholds.class, UseCase.class, Verdict.class, Vocabulary.class)
            .map(Class::getSimpleName).collect(Collectors.toUnmodifiableSet());
    private static final String MODEL_PACKAGE = UseCase.class.getPackageName();

    /** Harmless library types by the package they are imported from (java.lang ones need no import). */
    private static final Set<String> LANG_TYPES = Set.of("String", "StringBuilder", "CharSequence", "Math", "Integer",
            "Long", "Double", "Float", "Short", "Byte", "Boolean", "Character", "Number", "Object", "Comparable",
            "Exception", "RuntimeException", "IllegalArgumentException", "IllegalStateException", "ArithmeticException");
    private static final Set<String> IMPORTABLE_TYPES = Set.of("java.util.List", "java.util.Set", "java.util.Map",
            "java.util.Collection", "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap",
            "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet",
            "java.util.TreeSet", "java.util.EnumSet", "java.util.EnumMap", "java.util.Arrays", "java.util.Collections",
            "java.util.Objects", "java.util.Optional", "java.util.Locale", "java.time.LocalDate", "java.time.Period",
            "java.time.temporal.ChronoUnit", "java.math.BigDecimal", "java.math.RoundingMode");

    /** Names refused wherever they appear, with the reason an author is shown. */
    private static final Set<String> PROCESS_AND_RUNTIME = Set.of("System", "Runtime", "ProcessBuilder", "Process",
            "ProcessHandle", "exit", "halt", "exec", "getRuntime", "Shutdown");
    private static final Set<String> THREADS = Set.of("Thread", "ThreadGroup", "ThreadLocal", "Executors",
            "ExecutorService", "ForkJoinPool", "CompletableFuture", "Timer", "wait", "notify", "notifyAll", "synchronized");
    private static final Set<String> REFLECTION = Set.of("Class", "ClassLoader", "forName", "getClass", "getClassLoader",
            "loadClass", "defineClass", "newInstance", "invoke", "setAccessible", "getMethod", "getMethods",
            "getDeclaredMethod", "getDeclaredMethods", "getField", "getFields", "getDeclaredField", "getDeclaredFields",
            "getConstructor", "getDeclaredConstructor", "Method", "Field", "Constructor", "MethodHandles", "MethodHandle",
            "Unsafe", "Proxy", "finalize", "ServiceLoader");
    private static final Set<String> INPUT_OUTPUT = Set.of("File", "Files", "Path", "Paths", "FileSystem", "FileSystems",
            "InputStream", "OutputStream", "Reader", "Writer", "Scanner", "Socket", "ServerSocket", "URL", "URI",
            "HttpClient", "InetAddress", "DatagramSocket", "getInteger", "getLong", "getBoolean", "getenv",
            "getProperty", "setProperty", "setDefault");
    private static final Set<String> DYNAMIC_CODE = Set.of("eval", "MVEL", "ScriptEngine", "ScriptEngineManager",
            "drools", "kcontext", "getKieRuntime", "getKieBase", "getWorkingMemory", "getKnowledgeRuntime");
    private static final Set<String> LOOPS = Set.of("while", "for", "do");
    private static final Set<String> PACKAGE_ROOTS = Set.of("java", "javax", "jakarta", "jdk", "sun", "com", "org",
            "io", "net", "kotlin", "groovy", "scala");

    private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u+[0-9a-fA-F]{4}");
    private static final Pattern MVEL_DIALECT = Pattern.compile("\\bdialect\\s+\"mvel\"");

    private RuleSafetyCheck() {
    }

    /** Every finding in the DRL files of a candidate; an empty list means it may be compiled. */
    public static List<RuleProblem> check(List<RuleFile> files) {
        List<RuleFile> drlFiles = files.stream().filter(RuleFile::isDrl).toList();
        Set<String> declaredTypes = new HashSet<>();
        for (RuleFile file : drlFiles) {
            List<Token> tokens = DrlTokens.of(file.content());
            for (int i = 0; i + 1 < tokens.size(); i++) {
                if (tokens.get(i).is("declare") && tokens.get(i + 1).identifier()) {
                    declaredTypes.add(tokens.get(i + 1).text());
                }
            }
        }
        List<RuleProblem> findings = new ArrayList<>();
        for (RuleFile file : drlFiles) {
            findings.addAll(check(file, declaredTypes));
        }
        return findings;
    }

    private static List<RuleProblem> check(RuleFile file, Set<String> declaredTypes) {
        List<RuleProblem> findings = new ArrayList<>();
        String content = file.content();
        // The Java compiler turns \\u escapes into code, so they could hide a forbidden name from this check.
        Matcher escape = UNICODE_ESCAPE.matcher(content);
        if (escape.find()) {
            findings.add(at(file, content, escape.start(), "unicode escapes (" + escape.group()
                    + ") are not allowed in rule files: write the character itself"));
        }
        Matcher mvel = MVEL_DIALECT.matcher(content);
        while (mvel.find()) {
            findings.add(at(file, content, mvel.start(), "the MVEL dialect is not allowed: its dynamic evaluation escapes this check; use the java dialect"));
        }
        Set<String> importedTypes = new HashSet<>();
        Set<Integer> importTokens = new HashSet<>();
        List<Token> tokens = DrlTokens.of(content);
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).is("import")) {
                int end = checkImport(file, tokens, i, importedTypes, findings);
                for (int j = i; j <= end; j++) {
                    importTokens.add(j);
                }
                i = end;
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (importTokens.contains(i)) {
                continue;
            }
            if (!token.identifier()) {
                continue;
            }
            Token previous = i > 0 ? tokens.get(i - 1) : null;
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            boolean member = previous != null && previous.is(".");
            boolean annotation = previous != null && previous.is("@");
            String name = token.text();
            String refusal = refusal(name);
            if (refusal != null) {
                findings.add(new RuleProblem(file.name(), token.line(), token.column(), "'" + name + "' is not allowed in rules: " + refusal));
            } else if (member && name.equals("class")) {
                findings.add(new RuleProblem(file.name(), token.line(), token.column(), "'.class' is not allowed in rules: class objects lead to reflection"));
            } else if (!member && !annotation && PACKAGE_ROOTS.contains(name) && next != null && next.is(".")) {
                findings.add(new RuleProblem(file.name(), token.line(), token.column(),
                        "fully qualified names ('" + name + ". ...') are not allowed in rules: import an allowed type instead"));
            } else if (!member && !annotation && Character.isUpperCase(name.charAt(0)) && !allowedType(name, importedTypes, declaredTypes)) {
                findings.add(new RuleProblem(file.name(), token.line(), token.column(), "type '" + name
                        + "' is not allowed in rules: only the fact model, types declared in the rules and " + allowedLibraryTypes()
                        + " may be used"));
            }
        }
        return findings;
    }

    /** Checks one import statement and returns the index of its last token. */
    private static int checkImport(RuleFile file, List<Token> tokens, int start, Set<String> importedTypes, List<RuleProblem> findings) {
        Token keyword = tokens.get(start);
        StringBuilder name = new StringBuilder();
        int i = start + 1;
        String kind = "";
        if (i < tokens.size() && (tokens.get(i).is("static") || tokens.get(i).is("function") || tokens.get(i).is("accumulate"))) {
            kind = tokens.get(i).text();
            i++;
        }
        while (i < tokens.size() && tokens.get(i).line() == keyword.line() && !tokens.get(i).is(";")) {
            name.append(tokens.get(i).text());
            i++;
        }
        String imported = name.toString();
        if (!kind.isEmpty()) {
            findings.add(new RuleProblem(file.name(), keyword.line(), keyword.column(), "'import " + kind
                    + "' is not allowed in rules: it brings in code from outside the rules"));
        } else if (imported.equals(MODEL_PACKAGE + ".*")) {
            importedTypes.addAll(MODEL_TYPES);
        } else if (imported.startsWith(MODEL_PACKAGE + ".") && MODEL_TYPES.contains(imported.substring(MODEL_PACKAGE.length() + 1))) {
            importedTypes.add(imported.substring(MODEL_PACKAGE.length() + 1));
        } else if (IMPORTABLE_TYPES.contains(imported) || imported.startsWith("java.lang.")
                && LANG_TYPES.contains(imported.substring("java.lang.".length()))) {
            importedTypes.add(imported.substring(imported.lastIndexOf('.') + 1));
        } else {
            findings.add(new RuleProblem(file.name(), keyword.line(), keyword.column(), "import of '" + imported
                    + "' is not allowed in rules: import the fact model (" + MODEL_PACKAGE + ") or " + allowedLibraryTypes()));
        }
        return i < tokens.size() && tokens.get(i).is(";") ? i : i - 1;
    }

    private static boolean allowedType(String name, Set<String> importedTypes, Set<String> declaredTypes) {
        return importedTypes.contains(name) || declaredTypes.contains(name) || LANG_TYPES.contains(name);
    }

    private static String refusal(String name) {
        if (PROCESS_AND_RUNTIME.contains(name)) {
            return "rules may not reach the process or the JVM runtime";
        }
        if (THREADS.contains(name)) {
            return "rules may not start, stop or coordinate threads";
        }
        if (REFLECTION.contains(name)) {
            return "rules may not load classes or use reflection";
        }
        if (INPUT_OUTPUT.contains(name)) {
            return "rules may not read or write files, the network, the environment or JVM-wide settings";
        }
        if (DYNAMIC_CODE.contains(name)) {
            return "rules may not evaluate code dynamically or reach into the engine";
        }
        if (LOOPS.contains(name)) {
            return "rules may not loop (a loop can hold an evaluation forever); match facts or use accumulate instead";
        }
        return null;
    }

    private static String allowedLibraryTypes() {
        return "these library types: " + Stream.concat(LANG_TYPES.stream(), IMPORTABLE_TYPES.stream()).sorted()
                .collect(Collectors.joining(", "));
    }

    private static RuleProblem at(RuleFile file, String content, int offset, String message) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (content.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new RuleProblem(file.name(), line, offset - lineStart + 1, message);
    }
}
