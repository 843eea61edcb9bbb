package io.aigov.decision.safety;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AtomicExprDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.BindingDescr;
import org.drools.drl.ast.descr.ConstraintConnectiveDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.ForallDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.OrDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RelationalExprDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlExprParser;
import org.drools.drl.parser.DrlExprParserFactory;
import org.kie.internal.builder.conf.LanguageLevelOption;

import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.type.Type;

import io.aigov.decision.rulefile.RuleProblem;

/**
 * The conditions of one rule: patterns over the fact model and declared types, joined with and,
 * or, not, exists and forall, and every constraint's operators, bindings and Java.
 */
final class ConditionCheck {

    /**
     * A rule may match at most this many patterns over declared facts, which can be many (the fact
     * model's are one each): a join of two patterns over n facts holds n x n matches in memory, and n
     * grows with every insert.
     */
    static final int MAX_DECLARED_PATTERNS_PER_RULE = 1;
    /** Drools compiles a rule once for each combination of the branches of its 'or's, and nested or's multiply. */
    static final int MAX_OR_COMBINATIONS_PER_RULE = 16;
    private static final Set<String> CONSTRAINT_OPERATORS = Set.of("==", "!=", "<", "<=", ">", ">=");
    /** What a constraint may bind: a property, or a chain of properties and calls on one, without operators outside parentheses. */
    private static final Pattern BINDABLE = Pattern.compile("[\\w$]+(\\([^()]*\\))?(\\.[\\w$]+(\\([^()]*\\))?)*");

    private final Examination examination;

    ConditionCheck(Examination examination) {
        this.examination = examination;
    }

    /** Checks a rule's conditions and answers the variables they bind, for its consequence. */
    Map<String, RuleType> check(SourceText source, RuleScope scope, RuleDescr rule, String where) {
        Map<String, RuleType> bindings = new HashMap<>();
        int[] declaredPatterns = { 0 };
        conditions(source, scope, rule.getLhs(), bindings, declaredPatterns);
        if (declaredPatterns[0] > MAX_DECLARED_PATTERNS_PER_RULE) {
            examination.report(source.problemAt(rule.getLine(), rule.getColumn(), where + "a rule may match at most "
                    + MAX_DECLARED_PATTERNS_PER_RULE + " pattern of a type declared in the rules (joins of declared facts multiply them)"));
        }
        if (orCombinations(rule.getLhs()) > MAX_OR_COMBINATIONS_PER_RULE) {
            examination.report(source.problemAt(rule.getLine(), rule.getColumn(), where + "its 'or's make more than "
                    + MAX_OR_COMBINATIONS_PER_RULE + " combinations of branches, each compiled as a rule of its own: split it into rules"));
        }
        return bindings;
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
            examination.report(source.problemAt(descr.getLine(), descr.getColumn(), "'" + kind.toLowerCase()
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
            examination.report(source.problemAt(pattern.getLine(), pattern.getColumn(), "patterns match the facts "
                    + RuleVocabulary.FACTS.stream().map(Class::getSimpleName).toList()
                    + " or types declared in the rules, not '" + typeName + "'"));
            return;
        }
        if (type.get() instanceof RuleType.Declared) {
            declaredPatterns[0]++;
        }
        if (pattern.getSource() != null || !pattern.getBehaviors().isEmpty() || !pattern.getAnnotationNames().isEmpty()
                || pattern.isQuery() || !pattern.getPositionalConstraints().isEmpty()) {
            examination.report(source.problemAt(pattern.getLine(), pattern.getColumn(), "pattern " + typeName
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
                examination.report(source.problemAt(constraint.getLine(), constraint.getColumn(), "this kind of constraint is not allowed in rules"));
            }
        }
    }

    private void bind(SourceText source, BaseDescr at, String name, RuleType type, Map<String, RuleType> bindings) {
        RuleType existing = bindings.putIfAbsent(name, type);
        if (existing != null && !existing.equals(type)) {
            examination.report(source.problemAt(at.getLine(), at.getColumn(), "'" + name + "' is bound twice to different types"));
        }
    }

    private void constraint(SourceText source, RuleScope scope, ExprConstraintDescr constraint, RuleType patternType,
            Map<String, RuleType> bindings) {
        String text = constraint.getExpression();
        int offset = constraint.getStartCharacter() >= 0 ? constraint.getStartCharacter()
                : source.offsetOfLine(constraint.getLine()) + Math.max(0, constraint.getColumn());
        if (constraint.getType() != ExprConstraintDescr.Type.NAMED) {
            examination.report(source.problemAt(offset, "positional constraints are not allowed in rules"));
            return;
        }
        DrlExprParser parser = DrlExprParserFactory.getDrlExprParser(LanguageLevelOption.DRL6);
        ConstraintConnectiveDescr parsed = parser.parse(text);
        if (parser.hasErrors() || parsed == null) {
            examination.report(source.problemAt(offset, "the constraint '" + text + "' cannot be parsed"
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
            ParseResult<Expression> parsed = examination.java().parseExpression(atom);
            if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
                examination.report(JavaPieces.problem(piece, parsed.getProblems(), "'" + atom + "' is not an expression rules may use"));
                return null;
            }
            try {
                return java.expression(parsed.getResult().get(), env);
            } catch (JavaSnippetCheck.Refusal refusal) {
                examination.report(piece.problemAt(refusal.node(), refusal.getMessage()));
                return null;
            }
        }

        private void refuse(String message) {
            examination.report(source.problemAt(offset + cursor, message));
        }
    }
}
