package io.aigov.decision.safety;

import java.util.List;
import java.util.Optional;

import com.github.javaparser.ParseResult;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.type.Type;

import io.aigov.decision.rulefile.RuleProblem;

/**
 * The pieces of Java in a rule file (a consequence, a function body, a constraint's atoms, a type),
 * parsed at Java 17's language level and located in the file for the author.
 */
final class JavaPieces {

    private final Examination examination;

    JavaPieces(Examination examination) {
        this.examination = examination;
    }

    /** Parses a piece of code as statements and checks them, reporting what does not parse or is refused. */
    void block(SourceText source, RuleScope scope, String text, int offset, JavaSnippetCheck.Env env) {
        parse(source, text, offset).ifPresent(parsed -> check(scope, parsed.piece(), parsed.block(), env));
    }

    record ParsedBlock(SourceText.Piece piece, BlockStmt block) {
    }

    Optional<ParsedBlock> parse(SourceText source, String text, int offset) {
        String parsedText = "{" + text + "\n}";
        SourceText.Piece piece = new SourceText.Piece(source, parsedText, 1, offset);
        ParseResult<BlockStmt> parsed = examination.java().parseBlock(parsedText);
        if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
            examination.report(problem(piece, parsed.getProblems(), "the code cannot be parsed as Java statements"));
            return Optional.empty();
        }
        return Optional.of(new ParsedBlock(piece, parsed.getResult().get()));
    }

    void check(RuleScope scope, SourceText.Piece piece, BlockStmt block, JavaSnippetCheck.Env env) {
        new JavaSnippetCheck(scope).checkStatements(block.getStatements(), env,
                refusal -> examination.report(piece.problemAt(refusal.node(), refusal.getMessage())));
    }

    static RuleProblem problem(SourceText.Piece piece, List<Problem> problems, String message) {
        Optional<com.github.javaparser.Position> at = problems.stream().flatMap(p -> p.getLocation().stream())
                .flatMap(l -> l.getBegin().getRange().stream()).map(r -> r.begin).findFirst();
        String detail = problems.isEmpty() ? "" : ": " + problems.get(0).getMessage().lines().findFirst().orElse("");
        return at.map(position -> piece.problemAt(position, message + detail))
                .orElseGet(() -> piece.source().problemAt(piece.fileOffset(), message + detail));
    }

    Type parseType(String text) {
        ParseResult<Type> parsed = examination.java().parseType(text);
        if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
            throw new JavaSnippetCheck.Refusal(new com.github.javaparser.ast.expr.NameExpr(text), "'" + text + "' is not a type");
        }
        return parsed.getResult().get();
    }
}
