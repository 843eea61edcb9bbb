package io.aigov.decision.safety;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.ast.descr.TypeFieldDescr;

import com.github.javaparser.ast.stmt.BlockStmt;

import io.aigov.decision.model.RecordableText;
import io.aigov.decision.rulefile.RuleProblem;

/**
 * The files of one package, which share their declared types and functions: package names,
 * imports and other package-level declarations, declared types, functions (signatures, bodies,
 * recursion and cost), and each rule's attributes, conditions and consequence.
 */
final class PackageCheck {

    /** Rule packages live under this root, away from the JDK's, the engine's and the service's own packages. */
    static final String PACKAGE_ROOT = "aigov";

    private static final Pattern PACKAGE_NAME = Pattern.compile(PACKAGE_ROOT + "(\\.[a-z][a-z0-9_]*)*");
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-z][A-Za-z0-9]*");
    private static final Pattern SALIENCE = Pattern.compile("-?\\d{1,6}");
    /** Names the engine rewrites into calls on itself when they appear as calls in a consequence. */
    private static final Set<String> ENGINE_HELPERS = Set.of("insert", "insertLogical", "insertAsync", "bolster", "modify",
            "modifyRetract", "modifyInsert", "update", "retract", "delete", "don", "shed", "ward", "grant", "halt");
    private static final Set<String> ALLOWED_ATTRIBUTES = Set.of("salience", "no-loop", "lock-on-active", "activation-group",
            "agenda-group", "dialect");
    private static final Set<String> DECLARED_FIELD_TYPES = Set.of("int", "long", "double", "boolean", "Integer", "Long",
            "Double", "Boolean", "LocalDate");

    private final List<RuleSafetyCheck.ParsedFile> files;
    private final Examination examination;
    private final Map<String, RuleType.Declared> declaredTypes = new LinkedHashMap<>();
    private final Map<String, RuleScope.RuleFunction> functions = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> functionCalls = new HashMap<>();
    private final Map<String, RuleProblem> functionPositions = new HashMap<>();
    private final Map<String, BlockStmt> functionBodies = new HashMap<>();
    private final Map<String, SourceText.Piece> functionPieces = new HashMap<>();
    private final Map<String, RuleScope.FunctionSize> functionSizes = new HashMap<>();
    private final Map<String, Long> functionCosts = new HashMap<>();

    PackageCheck(List<RuleSafetyCheck.ParsedFile> files, Examination examination) {
        this.files = files;
        this.examination = examination;
    }

    /** Declarations first, then function bodies (all of them parsed before any is checked), then rules. */
    void run() {
        Map<RuleSafetyCheck.ParsedFile, RuleScope> scopes = new LinkedHashMap<>();
        for (RuleSafetyCheck.ParsedFile file : files) {
            scopes.put(file, new RuleScope(file.drl().getName(), imports(file), declaredTypes, functions, functionBodies,
                    functionSizes, functionCosts, examination));
        }
        for (RuleSafetyCheck.ParsedFile file : files) {
            declarations(file, scopes.get(file));
        }
        for (RuleSafetyCheck.ParsedFile file : files) {
            for (FunctionDescr function : file.drl().getFunctions()) {
                parseFunctionBody(file, function);
            }
        }
        for (RuleSafetyCheck.ParsedFile file : files) {
            for (FunctionDescr function : file.drl().getFunctions()) {
                checkFunctionBody(scopes.get(file), function);
            }
        }
        recursion();
        costs();
        for (RuleSafetyCheck.ParsedFile file : files) {
            packageLevel(file);
            for (RuleDescr rule : file.drl().getRules()) {
                rule(file, scopes.get(file), rule);
            }
        }
    }

    private Map<String, Class<?>> imports(RuleSafetyCheck.ParsedFile file) {
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
                examination.report(file.source().problemAt(descr.getLine(), descr.getColumn(), "import of '" + target
                        + "' is not allowed in rules: import the fact model (" + RuleVocabulary.MODEL_PACKAGE + ") or "
                        + RuleVocabulary.IMPORTABLE_LIBRARY_TYPES.stream().map(Class::getName).toList()));
            }
        }
        return imported;
    }

    private void packageLevel(RuleSafetyCheck.ParsedFile file) {
        PackageDescr drl = file.drl();
        SourceText source = file.source();
        if (!PACKAGE_NAME.matcher(drl.getName()).matches()) {
            examination.report(source.problemAt(1, 0, "package '" + drl.getName() + "' is not allowed: rule packages are '"
                    + PACKAGE_ROOT + "' or start with '" + PACKAGE_ROOT + ".' (lower-case names)"));
        }
        refuseAll(source, drl.getFunctionImports(), "'import function' is not allowed in rules: it brings in code from outside the rules");
        refuseAll(source, drl.getAccumulateImports(), "'import accumulate' is not allowed in rules: it brings in code from outside the rules");
        refuseAll(source, drl.getGlobals(), "globals are not allowed in rules: everything a rule reads is a fact");
        refuseAll(source, drl.getEntryPointDeclarations(), "entry points are not allowed in rules: facts arrive with the evaluation");
        refuseAll(source, drl.getWindowDeclarations(), "windows are not allowed in rules: rules do not reason over time");
        refuseAll(source, drl.getEnumDeclarations(), "enums declared in the rules are not allowed: use the fact model's enums");
        if (drl.getUnit() != null) {
            examination.report(source.problemAt(1, 0, "rule units are not allowed in rules"));
        }
        for (AttributeDescr attribute : drl.getAttributes()) {
            attribute(source, attribute);
        }
    }

    private void refuseAll(SourceText source, java.util.Collection<? extends BaseDescr> descrs, String message) {
        for (BaseDescr descr : descrs) {
            examination.report(source.problemAt(descr.getLine(), descr.getColumn(), message));
        }
    }

    /** Declared types and function signatures first: every rule of the package may use them. */
    private void declarations(RuleSafetyCheck.ParsedFile file, RuleScope scope) {
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
                examination.report(source.problemAt(type.getLine(), type.getColumn(), "declare " + name + ": " + refusal));
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
                returnType = Optional.of(java.type(new JavaPieces(examination).parseType(returned)));
            }
            for (String parameter : function.getParameterTypes()) {
                parameters.add(java.type(new JavaPieces(examination).parseType(parameter.strip())));
            }
        } catch (JavaSnippetCheck.Refusal refused) {
            refusal = refused.getMessage();
        }
        if (refusal != null) {
            examination.report(new RuleProblem(at.file(), at.line(), at.column(), "function " + name + ": " + refusal));
        }
        // A refused function stays known, so its calls are not reported once more; it never compiles anyway.
        if (!functions.containsKey(name) && parameters.size() == function.getParameterTypes().size()) {
            functions.put(name, new RuleScope.RuleFunction(name, returnType, List.copyOf(function.getParameterNames()),
                    List.copyOf(parameters)));
            functionPositions.put(name, at);
        }
    }

    private void parseFunctionBody(RuleSafetyCheck.ParsedFile file, FunctionDescr function) {
        if (!functions.containsKey(function.getName())
                || !functionPositions.get(function.getName()).file().equals(file.source().fileName())) {
            return;
        }
        String body = function.getBody();
        int offset = Math.max(0, file.source().content().indexOf(body, Math.max(0, function.getStartCharacter())));
        new JavaPieces(examination).parse(file.source(), body, offset).ifPresent(parsed -> {
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
        new JavaPieces(examination).check(scope, functionPieces.get(function.getName()), body, env);
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
                examination.report(new RuleProblem(at.file(), at.line(), at.column(), "function " + function + " makes more than "
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
                examination.report(new RuleProblem(at.file(), at.line(), at.column(), "function " + function
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
            examination.report(source.problemAt(attribute.getLine(), attribute.getColumn(), refusal));
        }
    }

    private void rule(RuleSafetyCheck.ParsedFile file, RuleScope scope, RuleDescr rule) {
        SourceText source = file.source();
        if (rule.isQuery()) {
            examination.report(source.problemAt(rule.getLine(), rule.getColumn(), "queries are not allowed in rules"));
            return;
        }
        RecordableText.refusedCharacterIn(rule.getName()).ifPresent(problem -> examination.report(source.problemAt(rule.getLine(),
                rule.getColumn(), "the rule's name holds " + problem
                        + ": a fired rule's name is recorded with every decision")));
        String where = "rule \"" + RecordableText.escaped(rule.getName()) + "\": ";
        if (rule.hasParent() || !rule.getAnnotationNames().isEmpty() || !rule.getNamedConsequences().isEmpty()) {
            examination.report(source.problemAt(rule.getLine(), rule.getColumn(), where
                    + "rule inheritance, annotations and named consequences are not allowed in rules"));
        }
        for (AttributeDescr attribute : rule.getAttributes().values()) {
            attribute(source, attribute);
        }
        Map<String, RuleType> bindings = new ConditionCheck(examination).check(source, scope, rule, where);
        new ConsequenceCheck(examination).check(source, scope, rule, bindings);
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
