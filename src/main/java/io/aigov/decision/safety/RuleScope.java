package io.aigov.decision.safety;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.javaparser.ast.stmt.BlockStmt;

/**
 * The names one rule file can use: its imports, and the types and functions declared anywhere in
 * its package (Drools merges the files of one package), with what is known of the functions.
 *
 * @param functionBodies  each function's parsed body, to work out what a call with given arguments builds
 * @param functionSizes   the text each function builds, by its name, in terms of its parameters' sizes, as worked out so far
 * @param functionCosts   how many function calls one call of each function makes in all, itself included
 * @param examination     the run of the safety check this scope belongs to
 */
record RuleScope(String packageName, Map<String, Class<?>> imports, Map<String, RuleType.Declared> declaredTypes,
        Map<String, RuleFunction> functions, Map<String, BlockStmt> functionBodies, Map<String, FunctionSize> functionSizes,
        Map<String, Long> functionCosts, Examination examination) {

    /**
     * What a function builds: the size of what it returns and the longest text it builds on the
     * way, as bounds in its parameters' sizes; {@code failed} when it builds too much whatever it is given.
     */
    record FunctionSize(TextSize returned, TextSize.Bound built, boolean failed) {
    }

    /** A function declared in the rules. */
    record RuleFunction(String name, Optional<RuleType> returnType, List<String> parameterNames, List<RuleType> parameters) {
    }

    /** A type as a variable, parameter, field or pattern may have it. */
    Optional<RuleType> valueType(String simpleName) {
        RuleType.Declared declared = declaredTypes.get(simpleName);
        if (declared != null) {
            return Optional.of(declared);
        }
        return javaType(simpleName).filter(type -> type != Math.class).map(RuleType::of);
    }

    /** A Java type named as the scope of a static call or an enum constant. */
    Optional<Class<?>> javaType(String simpleName) {
        Class<?> imported = imports.get(simpleName);
        return imported != null ? Optional.of(imported) : RuleVocabulary.langType(simpleName);
    }
}
