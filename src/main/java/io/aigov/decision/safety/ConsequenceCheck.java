package io.aigov.decision.safety;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.drools.compiler.compiler.BoundIdentifiers;
import org.drools.compiler.rule.builder.dialect.java.parser.JavaBlockDescr;
import org.drools.compiler.rule.builder.dialect.java.parser.JavaContainerBlockDescr;
import org.drools.compiler.rule.builder.dialect.java.parser.JavaModifyBlockDescr;
import org.drools.compiler.rule.builder.dialect.java.parser.JavaRootBlockDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.mvel.java.JavaAnalysisResult;
import org.drools.mvel.java.JavaExprAnalyzer;

import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;

import io.aigov.decision.model.Assessment;
import io.aigov.decision.rulefile.RuleProblem;

/**
 * A rule's consequence: Drools' own consequence analyser finds the blocks it rewrites (modify,
 * insert, ...), the modify blocks are checked call by call, and the rest, with them blanked out,
 * is checked as Java statements.
 */
final class ConsequenceCheck {

    private final Examination examination;

    ConsequenceCheck(Examination examination) {
        this.examination = examination;
    }

    void check(SourceText source, RuleScope scope, RuleDescr rule, Map<String, RuleType> bindings) {
        Object consequence = rule.getConsequence();
        String text = consequence == null ? "" : consequence.toString();
        int thenLine = source.offsetOfLine(rule.getConsequenceLine());
        int found = source.content().indexOf(text, Math.max(thenLine, rule.getStartCharacter()));
        // Drools hands over the consequence rewritten where it holds character literals ('x' becomes "x"): then it
        // is not found as it is, and findings are located from where the consequence begins.
        int offset = found >= 0 ? found : thenLine;
        String where = "rule \"" + rule.getName() + "\": ";
        JavaAnalysisResult analysis;
        try {
            analysis = new JavaExprAnalyzer().analyzeBlock(text, new BoundIdentifiers(new HashMap<>(), null));
        } catch (Exception e) {
            examination.report(source.problemAt(offset, where + "the consequence cannot be parsed"));
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
        new JavaPieces(examination).block(source, scope, outsideModify.toString(), offset, env);
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
                examination.report(source.problemAt(offset + Math.max(0, block.getStart() - 1), where + "'"
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
            examination.report(source.problemAt(offset + start, "modify is only allowed on the assessment (a variable bound to"
                    + " Assessment()), not on '" + target + "': the use case, thresholds and evaluation date are inputs, and"
                    + " declared facts are replaced by inserting new ones"));
            return;
        }
        int cursor = start;
        for (String expression : modify.getExpressions()) {
            int at = text.indexOf(expression, cursor);
            cursor = at >= 0 ? at : cursor;
            SourceText.Piece piece = new SourceText.Piece(source, expression, 0, offset + cursor);
            ParseResult<Expression> parsed = examination.java().parseExpression(expression);
            if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
                examination.report(JavaPieces.problem(piece, parsed.getProblems(), "'" + expression + "' is not a method call"));
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
                examination.report(piece.problemAt(refusal.node(), refusal.getMessage()));
            }
        }
    }
}
