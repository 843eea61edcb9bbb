package io.aigov.ruleset.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.compiler.compiler.BoundIdentifiers;
import org.drools.compiler.rule.builder.dialect.java.parser.JavaBlockDescr;
import org.drools.compiler.rule.builder.dialect.java.parser.JavaContainerBlockDescr;
import org.drools.compiler.rule.builder.dialect.java.parser.JavaModifyBlockDescr;
import org.drools.compiler.rule.builder.dialect.java.parser.JavaRootBlockDescr;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AtomicExprDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.BindingDescr;
import org.drools.drl.ast.descr.ConstraintConnectiveDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.ForallDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.OrDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RelationalExprDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.ast.descr.TypeFieldDescr;
import org.drools.drl.parser.DrlExprParser;
import org.drools.drl.parser.DrlExprParserFactory;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.ParserError;
import org.drools.mvel.java.JavaAnalysisResult;
import org.drools.mvel.java.JavaExprAnalyzer;
import org.kie.internal.builder.conf.LanguageLevelOption;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.type.Type;

import io.aigov.evaluation.model.Assessment;
import io.aigov.ruleset.RuleFile;
import io.aigov.ruleset.RuleProblem;

/**
 * Refuses rule files that could do more than decide, before anything is compiled. A DRL
 * consequence, function or constraint is Java (or MVEL) that the JVM runs with the service's
 * rights, so every file is parsed with Drools' own parsers, which find exactly what Drools will
 * compile, and every piece of Java in it is parsed and typed ({@link JavaSnippetCheck}) against a
 * small vocabulary ({@link RuleVocabulary}): patterns over the fact model and types declared in the
 * rules; comparisons, arithmetic, text and literals; the fact model's properties and decision
 * methods; a short list of pure library methods; {@code insert} of declared facts and
 * {@code modify} of the assessment. Everything else is refused, each finding with its file, line
 * and column.
 */
public final class RuleSafetyCheck {

    /** Rule packages live under this root, away from the JDK's, the engine's and the service's own packages. */
    static final String PACKAGE_ROOT = "aigov";
    /**
     * A rule may match at most this many patterns over declared facts, which can be many (the fact
     * model's are one each): a join of two patterns over n facts holds n x n matches in memory, and n
     * grows with every insert.
     */
    static final int MAX_DECLARED_PATTERNS_PER_RULE = 1;
    /** Drools compiles a rule once for each combination of the branches of its 'or's, and nested or's multiply. */
    static final int MAX_OR_COMBINATIONS_PER_RULE = 16;

    static final int MAX_FILE_CHARACTERS = 1_000_000;
    private static final String NESTED_TOO_DEEPLY = "the rules are nested too deeply to be checked: split the expression";

    private static final Pattern PACKAGE_NAME = Pattern.compile(PACKAGE_ROOT + "(\\.[a-z][a-z0-9_]*)*");
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-z][A-Za-z0-9]*");
    private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u+[0-9a-fA-F]{4}");
    private static final Pattern SALIENCE = Pattern.compile("-?\\d{1,6}");
    /** What a constraint may bind: a property, or a chain of properties and calls on one, without operators outside parentheses. */
    private static final Pattern BINDABLE = Pattern.compile("[\\w$]+(\\([^()]*\\))?(\\.[\\w$]+(\\([^()]*\\))?)*");
    /** Names the engine rewrites into calls on itself when they appear as calls in a consequence. */
    private static final Set<String> ENGINE_HELPERS = Set.of("insert", "insertLogical", "insertAsync", "bolster", "modify",
            "modifyRetract", "modifyInsert", "update", "retract", "delete", "don", "shed", "ward", "grant", "halt");
    private static final Set<String> ALLOWED_ATTRIBUTES = Set.of("salience", "no-loop", "lock-on-active", "activation-group",
            "agenda-group", "dialect");
    private static final Set<String> CONSTRAINT_OPERATORS = Set.of("==", "!=", "<", "<=", ">", ">=");
    private static final Set<String> DECLARED_FIELD_TYPES = Set.of("int", "long", "double", "boolean", "Integer", "Long",
            "Double", "Boolean", "LocalDate");

    private static final JavaParser JAVA = new JavaParser(new ParserConfiguration()
            .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));

    private RuleSafetyCheck() {
    }

    /**
     * What the check found: syntax errors (a file the rule parser cannot read is not checked any
     * further) and findings of code that rules may not run. Either refuses the candidate.
     */
    public record Outcome(List<RuleProblem> syntaxErrors, List<RuleProblem> findings) {

        public boolean passed() {
            return syntaxErrors.isEmpty() && findings.isEmpty();
        }

        public List<RuleProblem> all() {
            List<RuleProblem> all = new ArrayList<>(syntaxErrors);
            all.addAll(findings);
            return all;
        }
    }

    /** Every syntax error and finding in the DRL files of a candidate; it may be compiled only when there are none. */
    public static Outcome examine(List<RuleFile> files) {
        List<RuleProblem> syntaxErrors = new ArrayList<>();
        List<RuleProblem> findings = new ArrayList<>();
        Map<String, List<ParsedFile>> byPackage = new LinkedHashMap<>();
        for (RuleFile file : files) {
            if (!file.isDrl()) {
                continue;
            }
            if (file.content().length() > MAX_FILE_CHARACTERS) {
                findings.add(new RuleProblem(file.name(), 1, 1, "rule files are limited to " + MAX_FILE_CHARACTERS + " characters"));
                continue;
            }
            try {
                parse(file, syntaxErrors, findings).ifPresent(parsed -> byPackage
                        .computeIfAbsent(parsed.drl().getName(), p -> new ArrayList<>()).add(parsed));
            } catch (StackOverflowError e) {
                findings.add(new RuleProblem(file.name(), 1, 1, NESTED_TOO_DEEPLY));
            }
        }
        for (List<ParsedFile> packageFiles : byPackage.values()) {
            try {
                new PackageCheck(packageFiles, findings).run();
            } catch (StackOverflowError e) {
                findings.add(new RuleProblem(packageFiles.get(0).source().fileName(), 1, 1, NESTED_TOO_DEEPLY));
            }
        }
        return new Outcome(List.copyOf(syntaxErrors), List.copyOf(findings));
    }

    /** Everything that refuses the candidate's DRL files, syntax errors first; empty means it may be compiled. */
    public static List<RuleProblem> check(List<RuleFile> files) {
        return examine(files).all();
    }

    private record ParsedFile(SourceText source, PackageDescr drl) {
    }

    private static Optional<ParsedFile> parse(RuleFile file, List<RuleProblem> syntaxErrors, List<RuleProblem> findings) {
        SourceText source = new SourceText(file.name(), file.content());
        int before = findings.size();
        // The Java compiler turns \\u escapes into code, so they could show the compiler other code than the parsers see.
        Matcher escape = UNICODE_ESCAPE.matcher(file.content());
        if (escape.find()) {
            findings.add(source.problemAt(escape.start(), "unicode escapes (" + escape.group()
                    + ") are not allowed in rule files: write the character itself"));
        }
        // The rule parser reads text blocks differently from the Java compiler: keep them out altogether.
        int textBlock = file.content().indexOf("\"\"\"");
        if (textBlock >= 0) {
            findings.add(source.problemAt(textBlock, "text blocks (\"\"\") are not allowed in rule files: write \"...\" strings"));
        }
        if (findings.size() > before) {
            return Optional.empty();
        }
        DrlParser parser = new DrlParser();
        PackageDescr drl;
        try {
            drl = parser.parse(false, file.content());
        } catch (DroolsParserException e) {
            syntaxErrors.add(source.problemAt(0, "the file cannot be parsed: " + e.getMessage()));
            return Optional.empty();
        }
        if (parser.hasErrors() || drl == null) {
            for (DroolsError error : parser.getErrors()) {
                syntaxErrors.add(error instanceof ParserError located
                        ? source.problemAt(located.getRow(), located.getCol(), located.getMessage())
                        : source.problemAt(0, error.getMessage()));
            }
            if (parser.getErrors().isEmpty()) {
                syntaxErrors.add(source.problemAt(0, "the file cannot be parsed"));
            }
            return Optional.empty();
        }
        return Optional.of(new ParsedFile(source, drl));
    }

    /** The files of one package, which share their declared types and functions. */
    private static final class PackageCheck {

        private final List<ParsedFile> files;
        private final List<RuleProblem> findings;
        private final Map<String, RuleType.Declared> declaredTypes = new LinkedHashMap<>();
        private final Map<String, RuleScope.RuleFunction> functions = new LinkedHashMap<>();
        private final Map<String, Map<String, Integer>> functionCalls = new HashMap<>();
        private final Map<String, RuleProblem> functionPositions = new HashMap<>();
        private final Map<String, BlockStmt> functionBodies = new HashMap<>();
        private final Map<String, SourceText.Piece> functionPieces = new HashMap<>();
        private final Map<String, TextSize> functionSizes = new HashMap<>();
        private final Map<String, Long> functionCosts = new HashMap<>();

        PackageCheck(List<ParsedFile> files, List<RuleProblem> findings) {
            this.files = files;
            this.findings = findings;
        }

        /** Declarations first, then function bodies (all of them parsed before any is checked), then rules. */
        void run() {
            Map<ParsedFile, RuleScope> scopes = new LinkedHashMap<>();
            for (ParsedFile file : files) {
                scopes.put(file, new RuleScope(file.drl().getName(), imports(file), declaredTypes, functions, functionBodies,
                        functionSizes, functionCosts));
            }
            for (ParsedFile file : files) {
                declarations(file, scopes.get(file));
            }
            for (ParsedFile file : files) {
                for (FunctionDescr function : file.drl().getFunctions()) {
                    parseFunctionBody(file, function);
                }
            }
            for (ParsedFile file : files) {
                for (FunctionDescr function : file.drl().getFunctions()) {
                    checkFunctionBody(scopes.get(file), function);
                }
            }
            recursion();
            costs();
            for (ParsedFile file : files) {
                packageLevel(file);
                for (RuleDescr rule : file.drl().getRules()) {
                    rule(file, scopes.get(file), rule);
                }
            }
        }

        private Map<String, Class<?>> imports(ParsedFile file) {
            Map<String, Class<?>> imported = new HashMap<>();
            for (ImportDescr descr : file.drl().getImports()) {
                String target = descr.getTarget().strip();
                if (target.equals(RuleVocabulary.MODEL_PACKAGE + ".*")) {
                    for (Class<?> type : RuleVocabulary.FACTS) {
                        imported.put(type.getSimpleName(), type);
                    }
                    for (Class<?> type : RuleVocabulary.MODEL_ENUMS) {
                        imported.put(type.getSimpleName(), type);
                    }
                    continue;
                }
                Optional<Class<?>> type = target.startsWith(RuleVocabulary.MODEL_PACKAGE + ".")
                        ? RuleVocabulary.modelType(target.substring(RuleVocabulary.MODEL_PACKAGE.length() + 1))
                        : RuleVocabulary.importableLibraryType(target);
                if (type.isPresent()) {
                    imported.put(type.get().getSimpleName(), type.get());
                } else {
                    findings.add(file.source().problemAt(descr.getLine(), descr.getColumn(), "import of '" + target
                            + "' is not allowed in rules: import the fact model (" + RuleVocabulary.MODEL_PACKAGE + ") or "
                            + RuleVocabulary.IMPORTABLE_LIBRARY_TYPES.stream().map(Class::getName).toList()));
                }
            }
            return imported;
        }

        private void packageLevel(ParsedFile file) {
            PackageDescr drl = file.drl();
            SourceText source = file.source();
            if (!PACKAGE_NAME.matcher(drl.getName()).matches()) {
                findings.add(source.problemAt(1, 0, "package '" + drl.getName() + "' is not allowed: rule packages are '"
                        + PACKAGE_ROOT + "' or start with '" + PACKAGE_ROOT + ".' (lower-case names)"));
            }
            refuseAll(source, drl.getFunctionImports(), "'import function' is not allowed in rules: it brings in code from outside the rules");
            refuseAll(source, drl.getAccumulateImports(), "'import accumulate' is not allowed in rules: it brings in code from outside the rules");
            refuseAll(source, drl.getGlobals(), "globals are not allowed in rules: everything a rule reads is a fact");
            refuseAll(source, drl.getEntryPointDeclarations(), "entry points are not allowed in rules: facts arrive with the evaluation");
            refuseAll(source, drl.getWindowDeclarations(), "windows are not allowed in rules: rules do not reason over time");
            refuseAll(source, drl.getEnumDeclarations(), "enums declared in the rules are not allowed: use the fact model's enums");
            if (drl.getUnit() != null) {
                findings.add(source.problemAt(1, 0, "rule units are not allowed in rules"));
            }
            for (AttributeDescr attribute : drl.getAttributes()) {
                attribute(source, attribute);
            }
        }

        private void refuseAll(SourceText source, java.util.Collection<? extends BaseDescr> descrs, String message) {
            for (BaseDescr descr : descrs) {
                findings.add(source.problemAt(descr.getLine(), descr.getColumn(), message));
            }
        }

        /** Declared types and function signatures first: every rule of the package may use them. */
        private void declarations(ParsedFile file, RuleScope scope) {
            SourceText source = file.source();
            for (TypeDeclarationDescr type : file.drl().getTypeDeclarations()) {
                String name = type.getTypeName();
                String refusal = typeNameRefusal(name, scope);
                if (refusal == null && (type.isTrait() || !type.getSuperTypes().isEmpty() || !type.getAnnotationNames().isEmpty())) {
                    refusal = "declared types may not extend other types, be traits or carry annotations (such as event roles)";
                }
                LinkedHashMap<String, RuleType> fields = new LinkedHashMap<>();
                for (TypeFieldDescr field : type.getFields().values()) {
                    String fieldType = field.getPattern() == null ? "" : field.getPattern().getObjectType();
                    if (refusal == null && (field.getInitExpr() != null || !field.getAnnotationNames().isEmpty())) {
                        refusal = "field '" + field.getFieldName() + "' may not have an initial value or annotations";
                    }
                    Optional<RuleType> resolved = RuleVocabulary.modelType(fieldType).filter(Class::isEnum).map(RuleType::of)
                            .or(() -> DECLARED_FIELD_TYPES.contains(fieldType) ? Optional.of(fieldType(fieldType)) : Optional.empty());
                    if (resolved.isEmpty() && refusal == null) {
                        refusal = "field '" + field.getFieldName() + "' has type '" + fieldType + "': fields of declared types may be"
                                + " the fact model's enums, int, long, double, boolean (or their boxes) or LocalDate";
                    }
                    resolved.ifPresent(t -> fields.put(field.getFieldName(), t));
                }
                if (refusal != null) {
                    findings.add(source.problemAt(type.getLine(), type.getColumn(), "declare " + name + ": " + refusal));
                } else {
                    declaredTypes.put(name, new RuleType.Declared(name, fields));
                }
            }
            for (FunctionDescr function : file.drl().getFunctions()) {
                functionSignature(source, scope, function);
            }
        }

        private RuleType fieldType(String name) {
            return switch (name) {
                case "int" -> RuleType.INT;
                case "long" -> RuleType.LONG;
                case "double" -> RuleType.DOUBLE;
                case "boolean" -> RuleType.BOOLEAN;
                case "Integer" -> RuleType.of(Integer.class);
                case "Long" -> RuleType.of(Long.class);
                case "Double" -> RuleType.of(Double.class);
                case "Boolean" -> RuleType.of(Boolean.class);
                default -> RuleType.of(java.time.LocalDate.class);
            };
        }

        /**
         * Why a declared type (or a function, whose class Drools names after it) may not have this name:
         * a name the JDK's java.lang, the fact model or an import already uses would shadow it in the
         * code Drools generates for the package.
         */
        private String typeNameRefusal(String name, RuleScope scope) {
            if (!TYPE_NAME.matcher(name).matches()) {
                return "type names are a capital letter followed by letters and digits";
            }
            if (declaredTypes.containsKey(name)) {
                return "the package already declares " + name;
            }
            if (RuleVocabulary.modelType(name).isPresent() || scope.imports().containsKey(name)) {
                return name + " is a type of the fact model; a declaration would shadow it";
            }
            if (javaLangHas(name)) {
                return name + " is a type of java.lang; a declaration would shadow it";
            }
            return null;
        }

        private void functionSignature(SourceText source, RuleScope scope, FunctionDescr function) {
            String name = function.getName();
            RuleProblem at = source.problemAt(function.getLine(), function.getColumn(), "");
            String refusal = null;
            if (!FUNCTION_NAME.matcher(name).matches()) {
                refusal = "function names start with a lower-case letter and hold letters and digits";
            } else if (ENGINE_HELPERS.contains(name)) {
                refusal = "'" + name + "' is a name the engine rewrites in consequences; choose another";
            } else if (functions.containsKey(name)) {
                refusal = "the package already has a function " + name;
            } else {
                String typeRefusal = typeNameRefusal(Character.toUpperCase(name.charAt(0)) + name.substring(1), scope);
                if (typeRefusal != null) {
                    refusal = "Drools names the function's class after it, and " + typeRefusal;
                }
            }
            if (function.getDialect() != null && !function.getDialect().equals("java")) {
                refusal = "functions must use the java dialect";
            }
            JavaSnippetCheck java = new JavaSnippetCheck(scope);
            Optional<RuleType> returnType = Optional.empty();
            List<RuleType> parameters = new ArrayList<>();
            try {
                String returned = function.getReturnType() == null ? "void" : function.getReturnType().strip();
                if (!returned.equals("void")) {
                    returnType = Optional.of(java.type(parseType(returned)));
                }
                for (String parameter : function.getParameterTypes()) {
                    parameters.add(java.type(parseType(parameter.strip())));
                }
            } catch (JavaSnippetCheck.Refusal refused) {
                refusal = refused.getMessage();
            }
            if (refusal != null) {
                findings.add(new RuleProblem(at.file(), at.line(), at.column(), "function " + name + ": " + refusal));
            }
            // A refused function stays known, so its calls are not reported once more; it never compiles anyway.
            if (!functions.containsKey(name) && parameters.size() == function.getParameterTypes().size()) {
                functions.put(name, new RuleScope.RuleFunction(name, returnType, List.copyOf(function.getParameterNames()),
                        List.copyOf(parameters)));
                functionPositions.put(name, at);
            }
        }

        private void parseFunctionBody(ParsedFile file, FunctionDescr function) {
            if (!functions.containsKey(function.getName())
                    || !functionPositions.get(function.getName()).file().equals(file.source().fileName())) {
                return;
            }
            String body = function.getBody();
            int offset = Math.max(0, file.source().content().indexOf(body, Math.max(0, function.getStartCharacter())));
            parse(file.source(), body, offset).ifPresent(parsed -> {
                functionBodies.put(function.getName(), parsed.block());
                functionPieces.put(function.getName(), parsed.piece());
            });
        }

        private void checkFunctionBody(RuleScope scope, FunctionDescr function) {
            RuleScope.RuleFunction signature = functions.get(function.getName());
            BlockStmt body = functionBodies.get(function.getName());
            if (body == null || !functionPositions.get(function.getName()).file().equals(functionPieces.get(function.getName())
                    .source().fileName())) {
                return;
            }
            Map<String, RuleType> parameters = new HashMap<>();
            for (int i = 0; i < signature.parameters().size(); i++) {
                parameters.put(signature.parameterNames().get(i), signature.parameters().get(i));
            }
            JavaSnippetCheck.Env env = new JavaSnippetCheck.Env(JavaSnippetCheck.Context.FUNCTION, null, parameters);
            check(scope, functionPieces.get(function.getName()), body, env);
            functionCalls.put(function.getName(), env.calledFunctions());
        }

        /** How many calls one call of each function makes in all; a function past the limit is refused where it is declared. */
        private void costs() {
            for (String function : functionCalls.keySet()) {
                boolean callsOneOverTheLimit = functionCalls.get(function).keySet().stream()
                        .anyMatch(called -> cost(called, new HashSet<>()) > JavaSnippetCheck.MAX_CALLS);
                // Only the first function past the limit is reported: those calling it are past it because of it.
                if (cost(function, new HashSet<>()) > JavaSnippetCheck.MAX_CALLS && !callsOneOverTheLimit) {
                    RuleProblem at = functionPositions.get(function);
                    findings.add(new RuleProblem(at.file(), at.line(), at.column(), "function " + function + " makes more than "
                            + JavaSnippetCheck.MAX_CALLS + " function calls in all each time it is called: each call that calls"
                            + " a function twice doubles the work"));
                }
            }
        }

        private long cost(String function, Set<String> visiting) {
            Long known = functionCosts.get(function);
            if (known != null) {
                return known;
            }
            if (!visiting.add(function)) {
                // Recursion, refused on its own.
                return 1;
            }
            long cost = 1;
            for (Map.Entry<String, Integer> called : functionCalls.getOrDefault(function, Map.of()).entrySet()) {
                cost = Math.min(cost + called.getValue() * cost(called.getKey(), visiting), JavaSnippetCheck.MAX_CALLS + 1);
            }
            visiting.remove(function);
            functionCosts.put(function, cost);
            return cost;
        }

        private void recursion() {
            for (String function : functionCalls.keySet()) {
                List<String> cycle = cycleFrom(function, function, new ArrayList<>(), new HashSet<>());
                if (cycle != null) {
                    RuleProblem at = functionPositions.get(function);
                    findings.add(new RuleProblem(at.file(), at.line(), at.column(), "function " + function
                            + " calls itself (" + String.join(" -> ", cycle) + "): recursion is not allowed in rules, it can run forever"));
                }
            }
        }

        private List<String> cycleFrom(String start, String current, List<String> path, Set<String> seen) {
            path.add(current);
            for (String called : functionCalls.getOrDefault(current, Map.of()).keySet()) {
                if (called.equals(start)) {
                    List<String> cycle = new ArrayList<>(path);
                    cycle.add(start);
                    return cycle;
                }
                if (seen.add(called)) {
                    List<String> found = cycleFrom(start, called, path, seen);
                    if (found != null) {
                        return found;
                    }
                }
            }
            path.remove(path.size() - 1);
            return null;
        }

        private void attribute(SourceText source, AttributeDescr attribute) {
            String name = attribute.getName();
            String value = attribute.getValue() == null ? "" : attribute.getValue().strip().replace("\"", "");
            String refusal = null;
            if (!ALLOWED_ATTRIBUTES.contains(name)) {
                refusal = "the attribute '" + name + "' is not allowed in rules"
                        + (Set.of("timer", "calendars", "duration", "date-effective", "date-expires").contains(name)
                                ? ": rules do not depend on time or the clock" : "")
                        + "; allowed: " + ALLOWED_ATTRIBUTES;
            } else if (name.equals("salience") && !SALIENCE.matcher(value).matches()) {
                refusal = "salience must be a whole number written as a literal";
            } else if (name.equals("dialect") && !value.equals("java")) {
                refusal = "the " + value.toUpperCase(java.util.Locale.ROOT) + " dialect is not allowed: use the java dialect, which this check reads";
            } else if ((name.equals("no-loop") || name.equals("lock-on-active")) && !Set.of("", "true", "false").contains(value)) {
                refusal = name + " takes true or false";
            }
            if (refusal != null) {
                findings.add(source.problemAt(attribute.getLine(), attribute.getColumn(), refusal));
            }
        }

        private void rule(ParsedFile file, RuleScope scope, RuleDescr rule) {
            SourceText source = file.source();
            if (rule.isQuery()) {
                findings.add(source.problemAt(rule.getLine(), rule.getColumn(), "queries are not allowed in rules"));
                return;
            }
            String where = "rule \"" + rule.getName() + "\": ";
            if (rule.hasParent() || !rule.getAnnotationNames().isEmpty() || !rule.getNamedConsequences().isEmpty()) {
                findings.add(source.problemAt(rule.getLine(), rule.getColumn(), where
                        + "rule inheritance, annotations and named consequences are not allowed in rules"));
            }
            for (AttributeDescr attribute : rule.getAttributes().values()) {
                attribute(source, attribute);
            }
            Map<String, RuleType> bindings = new HashMap<>();
            int[] declaredPatterns = { 0 };
            conditions(source, scope, rule.getLhs(), bindings, declaredPatterns);
            if (declaredPatterns[0] > MAX_DECLARED_PATTERNS_PER_RULE) {
                findings.add(source.problemAt(rule.getLine(), rule.getColumn(), where + "a rule may match at most "
                        + MAX_DECLARED_PATTERNS_PER_RULE + " pattern of a type declared in the rules (joins of declared facts multiply them)"));
            }
            if (orCombinations(rule.getLhs()) > MAX_OR_COMBINATIONS_PER_RULE) {
                findings.add(source.problemAt(rule.getLine(), rule.getColumn(), where + "its 'or's make more than "
                        + MAX_OR_COMBINATIONS_PER_RULE + " combinations of branches, each compiled as a rule of its own: split it into rules"));
            }
            consequence(source, scope, rule, bindings);
        }

        /** The number of rules Drools makes of a condition: one per branch of an 'or', multiplied across the ors. */
        private static long orCombinations(BaseDescr descr) {
            boolean or = descr instanceof OrDescr;
            if (!(or || descr instanceof AndDescr || descr instanceof NotDescr || descr instanceof ExistsDescr
                    || descr instanceof ForallDescr)) {
                return 1;
            }
            long combinations = or ? 0 : 1;
            for (BaseDescr inner : ((org.drools.drl.ast.descr.ConditionalElementDescr) descr).getDescrs()) {
                long innerCombinations = orCombinations(inner);
                combinations = or ? combinations + innerCombinations : combinations * innerCombinations;
                // Past the limit the exact number does not matter, and it must not overflow.
                combinations = Math.min(combinations, MAX_OR_COMBINATIONS_PER_RULE + 1L);
            }
            return combinations;
        }

        private void conditions(SourceText source, RuleScope scope, BaseDescr descr, Map<String, RuleType> bindings, int[] declaredPatterns) {
            if (descr instanceof PatternDescr pattern) {
                pattern(source, scope, pattern, bindings, declaredPatterns);
            } else if (descr instanceof AndDescr || descr instanceof OrDescr) {
                for (BaseDescr inner : ((org.drools.drl.ast.descr.ConditionalElementDescr) descr).getDescrs()) {
                    conditions(source, scope, inner, bindings, declaredPatterns);
                }
            } else if (descr instanceof NotDescr || descr instanceof ExistsDescr || descr instanceof ForallDescr) {
                // Bindings inside not, exists and forall are not visible outside them.
                Map<String, RuleType> inner = new HashMap<>(bindings);
                for (BaseDescr nested : ((org.drools.drl.ast.descr.ConditionalElementDescr) descr).getDescrs()) {
                    conditions(source, scope, nested, inner, declaredPatterns);
                }
            } else {
                String kind = descr.getClass().getSimpleName().replace("Descr", "");
                findings.add(source.problemAt(descr.getLine(), descr.getColumn(), "'" + kind.toLowerCase()
                        + "' is not allowed in rule conditions: use patterns over facts with and, or, not, exists and forall"
                        + (kind.equals("Eval") ? " (eval runs arbitrary code)" : "")));
            }
        }

        private void pattern(SourceText source, RuleScope scope, PatternDescr pattern, Map<String, RuleType> bindings,
                int[] declaredPatterns) {
            String typeName = pattern.getObjectType();
            Optional<RuleType> type = typeName == null ? Optional.empty() : scope.valueType(typeName)
                    .filter(t -> t instanceof RuleType.Declared || t instanceof RuleType.Java java && RuleVocabulary.isFact(java.type()));
            if (type.isEmpty()) {
                findings.add(source.problemAt(pattern.getLine(), pattern.getColumn(), "patterns match the facts "
                        + RuleVocabulary.FACTS.stream().map(Class::getSimpleName).toList()
                        + " or types declared in the rules, not '" + typeName + "'"));
                return;
            }
            if (type.get() instanceof RuleType.Declared) {
                declaredPatterns[0]++;
            }
            if (pattern.getSource() != null || !pattern.getBehaviors().isEmpty() || !pattern.getAnnotationNames().isEmpty()
                    || pattern.isQuery() || !pattern.getPositionalConstraints().isEmpty()) {
                findings.add(source.problemAt(pattern.getLine(), pattern.getColumn(), "pattern " + typeName
                        + ": 'from', 'collect', 'accumulate', entry points, windows, annotations and positional constraints are not allowed in rules"));
                return;
            }
            if (pattern.getIdentifier() != null) {
                bind(source, pattern, pattern.getIdentifier(), type.get(), bindings);
            }
            for (BaseDescr constraint : pattern.getDescrs()) {
                if (constraint instanceof ExprConstraintDescr expression) {
                    constraint(source, scope, expression, type.get(), bindings);
                } else {
                    findings.add(source.problemAt(constraint.getLine(), constraint.getColumn(), "this kind of constraint is not allowed in rules"));
                }
            }
        }

        private void bind(SourceText source, BaseDescr at, String name, RuleType type, Map<String, RuleType> bindings) {
            RuleType existing = bindings.putIfAbsent(name, type);
            if (existing != null && !existing.equals(type)) {
                findings.add(source.problemAt(at.getLine(), at.getColumn(), "'" + name + "' is bound twice to different types"));
            }
        }

        private void constraint(SourceText source, RuleScope scope, ExprConstraintDescr constraint, RuleType patternType,
                Map<String, RuleType> bindings) {
            String text = constraint.getExpression();
            int offset = constraint.getStartCharacter() >= 0 ? constraint.getStartCharacter()
                    : source.offsetOfLine(constraint.getLine()) + Math.max(0, constraint.getColumn());
            if (constraint.getType() != ExprConstraintDescr.Type.NAMED) {
                findings.add(source.problemAt(offset, "positional constraints are not allowed in rules"));
                return;
            }
            DrlExprParser parser = DrlExprParserFactory.getDrlExprParser(LanguageLevelOption.DRL6);
            ConstraintConnectiveDescr parsed = parser.parse(text);
            if (parser.hasErrors() || parsed == null) {
                findings.add(source.problemAt(offset, "the constraint '" + text + "' cannot be parsed"
                        + (parser.hasErrors() ? ": " + parser.getErrors().get(0).getMessage() : "")));
                return;
            }
            JavaSnippetCheck java = new JavaSnippetCheck(scope);
            JavaSnippetCheck.Env env = new JavaSnippetCheck.Env(JavaSnippetCheck.Context.CONSTRAINT, patternType, bindings);
            ConstraintWalk walk = new ConstraintWalk(source, text, offset, java, env, bindings);
            walk.connective(parsed);
        }

        /** One constraint's descriptors: connectives, comparisons, bindings, and the Java in each atom. */
        private final class ConstraintWalk {

            private final SourceText source;
            private final String text;
            private final int offset;
            private final JavaSnippetCheck java;
            private final JavaSnippetCheck.Env env;
            private final Map<String, RuleType> bindings;
            private int cursor;

            ConstraintWalk(SourceText source, String text, int offset, JavaSnippetCheck java, JavaSnippetCheck.Env env,
                    Map<String, RuleType> bindings) {
                this.source = source;
                this.text = text;
                this.offset = offset;
                this.java = java;
                this.env = env;
                this.bindings = bindings;
            }

            void connective(ConstraintConnectiveDescr connective) {
                if (!Set.of("&&", "||").contains(connective.getConnective().toString())) {
                    refuse("'" + connective.getConnective() + "' is not allowed in constraints: use && and ||");
                    return;
                }
                for (BaseDescr inner : connective.getDescrs()) {
                    element(inner);
                }
            }

            private void element(BaseDescr descr) {
                if (descr instanceof ConstraintConnectiveDescr nested) {
                    connective(nested);
                } else if (descr instanceof RelationalExprDescr relation) {
                    if (!CONSTRAINT_OPERATORS.contains(relation.getOperator()) || relation.isNegated()
                            || relation.getParameters() != null && !relation.getParameters().isEmpty()) {
                        refuse("the operator '" + relation.getOperator() + "' is not allowed in constraints: use == != < <= > >=, in and not in");
                        return;
                    }
                    operand(relation.getLeft());
                    operand(relation.getRight());
                } else if (descr instanceof BindingDescr binding) {
                    binding(binding);
                } else if (descr instanceof AtomicExprDescr atom) {
                    RuleType type = atom(atom.getExpression());
                    if (type != null && !(type instanceof RuleType.Java bool && bool.bool())) {
                        refuse("'" + atom.getExpression() + "' is not true or false");
                    }
                } else {
                    refuse("this kind of constraint (" + descr.getClass().getSimpleName().replace("Descr", "") + ") is not allowed in rules");
                }
            }

            private void operand(BaseDescr descr) {
                if (descr instanceof AtomicExprDescr atom) {
                    atom(atom.getExpression());
                } else if (descr instanceof BindingDescr binding) {
                    binding(binding);
                } else if (descr instanceof ConstraintConnectiveDescr nested) {
                    connective(nested);
                } else {
                    refuse("this kind of constraint (" + descr.getClass().getSimpleName().replace("Descr", "") + ") is not allowed in rules");
                }
            }

            private void binding(BindingDescr binding) {
                if (binding.isUnification()) {
                    refuse("unification (':=') is not allowed in rules");
                    return;
                }
                // Drools binds only the first operand of an expression such as 1 + 2: the check would type another value.
                String expression = binding.getExpression().strip();
                if (!BINDABLE.matcher(expression).matches()) {
                    refuse("'" + binding.getVariable() + "' may be bound to a property or a method call, not to '" + expression
                            + "': bind the parts and combine them in the consequence");
                    return;
                }
                RuleType type = atom(expression);
                if (type != null) {
                    RuleType existing = bindings.putIfAbsent(binding.getVariable(), type);
                    if (existing != null && !existing.equals(type)) {
                        // Each branch of an 'or' may bind the name again; the consequence must not see a type the check did not.
                        refuse("'" + binding.getVariable() + "' is bound twice to different types");
                        return;
                    }
                    env.bind(binding.getVariable(), type);
                }
            }

            /** The type of one atom of Java, or null when it was refused (and reported). */
            private RuleType atom(String atom) {
                int at = text.indexOf(atom, cursor);
                if (at >= 0) {
                    cursor = at;
                }
                SourceText.Piece piece = new SourceText.Piece(source, atom, 0, offset + Math.max(at, 0));
                ParseResult<Expression> parsed = JAVA.parseExpression(atom);
                if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
                    findings.add(problem(piece, parsed.getProblems(), "'" + atom + "' is not an expression rules may use"));
                    return null;
                }
                try {
                    return java.expression(parsed.getResult().get(), env);
                } catch (JavaSnippetCheck.Refusal refusal) {
                    findings.add(piece.problemAt(refusal.node(), refusal.getMessage()));
                    return null;
                }
            }

            private void refuse(String message) {
                findings.add(source.problemAt(offset + cursor, message));
            }
        }

        private void consequence(SourceText source, RuleScope scope, RuleDescr rule, Map<String, RuleType> bindings) {
            Object consequence = rule.getConsequence();
            String text = consequence == null ? "" : consequence.toString();
            int thenLine = source.offsetOfLine(rule.getConsequenceLine());
            int offset = Math.max(0, source.content().indexOf(text, Math.max(thenLine, rule.getStartCharacter())));
            String where = "rule \"" + rule.getName() + "\": ";
            JavaAnalysisResult analysis;
            try {
                analysis = new JavaExprAnalyzer().analyzeBlock(text, new BoundIdentifiers(new HashMap<>(), null));
            } catch (Exception e) {
                findings.add(source.problemAt(offset, where + "the consequence cannot be parsed"));
                return;
            }
            StringBuilder outsideModify = new StringBuilder(text);
            List<JavaModifyBlockDescr> modifies = new ArrayList<>();
            engineBlocks(source, offset, where, analysis.getBlockDescrs(), modifies);
            for (JavaModifyBlockDescr modify : modifies) {
                for (int i = Math.max(0, modify.getStart() - 1); i < Math.min(modify.getEnd(), text.length()); i++) {
                    if (outsideModify.charAt(i) != '\n') {
                        outsideModify.setCharAt(i, ' ');
                    }
                }
            }
            JavaSnippetCheck.Env env = new JavaSnippetCheck.Env(JavaSnippetCheck.Context.CONSEQUENCE, null, bindings);
            block(source, scope, outsideModify.toString(), offset, env);
            JavaSnippetCheck java = new JavaSnippetCheck(scope);
            for (JavaModifyBlockDescr modify : modifies) {
                modify(source, text, offset, java, env, modify);
            }
        }

        /** Collects modify blocks; of the other blocks the engine rewrites, only insert and if/else may appear. */
        private void engineBlocks(SourceText source, int offset, String where, JavaBlockDescr block, List<JavaModifyBlockDescr> modifies) {
            if (block instanceof JavaModifyBlockDescr modify) {
                modifies.add(modify);
                return;
            }
            if (!(block instanceof JavaRootBlockDescr)) {
                JavaBlockDescr.BlockType type = block.getType();
                if (!Set.of(JavaBlockDescr.BlockType.INSERT, JavaBlockDescr.BlockType.IF, JavaBlockDescr.BlockType.ELSE).contains(type)) {
                    findings.add(source.problemAt(offset + Math.max(0, block.getStart() - 1), where + "'"
                            + type.name().toLowerCase() + "' is not allowed in rules"
                            + (type == JavaBlockDescr.BlockType.UPDATE || type == JavaBlockDescr.BlockType.DELETE
                                    ? ": change the assessment with modify, or insert a new fact" : "")));
                }
            }
            if (block instanceof JavaContainerBlockDescr container) {
                for (JavaBlockDescr inner : container.getJavaBlockDescrs()) {
                    engineBlocks(source, offset, where, inner, modifies);
                }
            }
        }

        /**
         * A modify block: the engine calls each listed method on the target, then tells the rules the
         * fact changed. Only the assessment may change, and only through its decision methods.
         */
        private void modify(SourceText source, String text, int offset, JavaSnippetCheck java, JavaSnippetCheck.Env env,
                JavaModifyBlockDescr modify) {
            int start = Math.max(0, modify.getStart() - 1);
            String target = modify.getTargetExpression() == null ? "" : modify.getTargetExpression().strip();
            while (target.startsWith("(") && target.endsWith(")")) {
                target = target.substring(1, target.length() - 1).strip();
            }
            RuleType targetType = env.variable(target);
            if (!(targetType instanceof RuleType.Java fact && fact.type() == Assessment.class)) {
                findings.add(source.problemAt(offset + start, "modify is only allowed on the assessment (a variable bound to"
                        + " Assessment()), not on '" + target + "': the use case, thresholds and evaluation date are inputs, and"
                        + " declared facts are replaced by inserting new ones"));
                return;
            }
            int cursor = start;
            for (String expression : modify.getExpressions()) {
                int at = text.indexOf(expression, cursor);
                cursor = at >= 0 ? at : cursor;
                SourceText.Piece piece = new SourceText.Piece(source, expression, 0, offset + cursor);
                ParseResult<Expression> parsed = JAVA.parseExpression(expression);
                if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
                    findings.add(problem(piece, parsed.getProblems(), "'" + expression + "' is not a method call"));
                    continue;
                }
                try {
                    if (!(parsed.getResult().get() instanceof MethodCallExpr call) || call.getScope().isPresent()
                            || !RuleVocabulary.DECISION_METHODS.contains(call.getNameAsString())) {
                        throw new JavaSnippetCheck.Refusal(parsed.getResult().get(), "inside modify, call the assessment's decision methods "
                                + RuleVocabulary.DECISION_METHODS + ", not '" + expression + "'");
                    }
                    List<RuleType> arguments = new ArrayList<>();
                    for (Expression argument : call.getArguments()) {
                        arguments.add(java.expression(argument, env));
                    }
                    java.instanceCall(call, targetType, call.getNameAsString(), arguments, env);
                } catch (JavaSnippetCheck.Refusal refusal) {
                    findings.add(piece.problemAt(refusal.node(), refusal.getMessage()));
                }
            }
        }

        private void block(SourceText source, RuleScope scope, String text, int offset, JavaSnippetCheck.Env env) {
            parse(source, text, offset).ifPresent(parsed -> check(scope, parsed.piece(), parsed.block(), env));
        }

        private record ParsedBlock(SourceText.Piece piece, BlockStmt block) {
        }

        private Optional<ParsedBlock> parse(SourceText source, String text, int offset) {
            String parsedText = "{" + text + "\n}";
            SourceText.Piece piece = new SourceText.Piece(source, parsedText, 1, offset);
            ParseResult<BlockStmt> parsed = JAVA.parseBlock(parsedText);
            if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
                findings.add(problem(piece, parsed.getProblems(), "the code cannot be parsed as Java statements"));
                return Optional.empty();
            }
            return Optional.of(new ParsedBlock(piece, parsed.getResult().get()));
        }

        private void check(RuleScope scope, SourceText.Piece piece, BlockStmt block, JavaSnippetCheck.Env env) {
            new JavaSnippetCheck(scope).checkStatements(block.getStatements(), env,
                    refusal -> findings.add(piece.problemAt(refusal.node(), refusal.getMessage())));
        }

        private static RuleProblem problem(SourceText.Piece piece, List<Problem> problems, String message) {
            Optional<com.github.javaparser.Position> at = problems.stream().flatMap(p -> p.getLocation().stream())
                    .flatMap(l -> l.getBegin().getRange().stream()).map(r -> r.begin).findFirst();
            String detail = problems.isEmpty() ? "" : ": " + problems.get(0).getMessage().lines().findFirst().orElse("");
            return at.map(position -> piece.problemAt(position, message + detail))
                    .orElseGet(() -> piece.source().problemAt(piece.fileOffset(), message + detail));
        }
    }

    private static Type parseType(String text) {
        ParseResult<Type> parsed = JAVA.parseType(text);
        if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
            throw new JavaSnippetCheck.Refusal(new com.github.javaparser.ast.expr.NameExpr(text), "'" + text + "' is not a type");
        }
        return parsed.getResult().get();
    }

    private static boolean javaLangHas(String simpleName) {
        try {
            Class.forName("java.lang." + simpleName, false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
