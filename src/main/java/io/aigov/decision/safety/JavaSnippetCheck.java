package io.aigov.decision.safety;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.PrimitiveType;
import com.github.javaparser.ast.type.Type;

import io.aigov.decision.model.Answers;
import io.aigov.decision.model.Assessment;
import io.aigov.decision.model.Question;
import io.aigov.decision.model.RecordableText;

/**
 * Checks the Java in a rule file (a constraint, a consequence, a function body) against the
 * vocabulary, typing every expression so that each method call is looked up for the type it is
 * called on. Whatever is not explicitly allowed is refused: there is no construct this class lets
 * through without having typed it.
 */
final class JavaSnippetCheck {

    /** Where the code stands, which decides what it may do. */
    enum Context {
        /** A pattern constraint: reads the pattern's fact by property name, changes nothing. */
        CONSTRAINT,
        /** A rule consequence: may change the assessment and insert facts of types declared in the rules. */
        CONSEQUENCE,
        /** A function body: computes a value from its parameters. */
        FUNCTION
    }

    /** The variables in scope and what the code may do, for one piece of code. */
    static final class Env {

        private final Context context;
        private final RuleType patternType;
        private final Map<String, RuleType> variables;
        private final Map<String, TextSize> sizes = new HashMap<>();
        private final Set<String> locals = new HashSet<>();
        private final Map<String, Integer> calledFunctions = new HashMap<>();
        private long calls;
        private TextSize returned = TextSize.NONE;
        /** The longest text built here, as far as it is known before the code is called. */
        private TextSize.Bound built = TextSize.Bound.ZERO;

        Env(Context context, RuleType patternType, Map<String, RuleType> variables) {
            this.context = context;
            this.patternType = patternType;
            this.variables = new HashMap<>(variables);
            variables.forEach((name, type) -> sizes.put(name, TextSize.of(type)));
        }

        /** How often each function is called here, by name. */
        Map<String, Integer> calledFunctions() {
            return calledFunctions;
        }

        RuleType variable(String name) {
            return variables.get(name);
        }

        /** A binding made inside a constraint, visible to the constraints after it. */
        void bind(String name, RuleType type) {
            variables.putIfAbsent(name, type);
            sizes.putIfAbsent(name, TextSize.of(type));
        }
    }

    /** What a piece of code may not do, with the node where it does it. */
    static class Refusal extends RuntimeException {

        private final transient Node node;

        Refusal(Node node, String message) {
            super(message, null, false, false);
            this.node = node;
        }

        Node node() {
            return node;
        }
    }

    /** Code whose text could grow past {@link TextSize#LIMIT}, or that calls functions too often. */
    static final class GrowthRefusal extends Refusal {

        GrowthRefusal(Node node, String message) {
            super(node, message);
        }
    }

    /** Function calls one piece of code may make in all, counting the calls inside the functions it calls. */
    static final long MAX_CALLS = 1_000;

    /** A name that stands for a type, as the scope of a static call or an enum constant. */
    private record TypeName(Class<?> type) {
    }

    private final RuleScope scope;
    private final Map<Node, TextSize> sizes = new IdentityHashMap<>();

    JavaSnippetCheck(RuleScope scope) {
        this.scope = scope;
    }

    /** Checks statements in order; each refused statement is reported, the others still checked. */
    void checkStatements(List<Statement> statements, Env env, Consumer<Refusal> refused) {
        for (Statement statement : statements) {
            try {
                statement(statement, env);
            } catch (Refusal refusal) {
                refused.accept(refusal);
            }
        }
    }

    /** The type of an expression, or a refusal. */
    RuleType expression(Expression expression, Env env) {
        Object typed = type(expression, env);
        if (typed instanceof TypeName name) {
            throw new Refusal(expression, "'" + name.type().getSimpleName() + "' is a type, not a value");
        }
        return (RuleType) typed;
    }

    void requireBoolean(Expression expression, Env env) {
        RuleType type = expression(expression, env);
        if (!(type instanceof RuleType.Java java && java.bool())) {
            throw new Refusal(expression, "a condition must be true or false, not " + type.describe());
        }
    }

    /** Resolves a type written in code: primitives and the vocabulary's types; no arrays, no qualified names. */
    RuleType type(Type type) {
        if (type instanceof PrimitiveType primitive) {
            return switch (primitive.getType()) {
                case INT -> RuleType.INT;
                case LONG -> RuleType.LONG;
                case DOUBLE -> RuleType.DOUBLE;
                case BOOLEAN -> RuleType.BOOLEAN;
                default -> throw new Refusal(type, "type '" + type + "' is not allowed in rules: use int, long, double or boolean");
            };
        }
        if (type.isArrayType()) {
            throw new Refusal(type, "arrays are not allowed in rules: use a List (List.of(...))");
        }
        if (type instanceof ClassOrInterfaceType named) {
            if (named.getScope().isPresent()) {
                throw new Refusal(type, "qualified type names ('" + type + "') are not allowed in rules: import an allowed type"
                        + " and use its simple name");
            }
            RuleType resolved = scope.valueType(named.getNameAsString())
                    .orElseThrow(() -> new Refusal(type, RuleVocabulary.typeRefusal(named.getNameAsString())));
            for (Type argument : named.getTypeArguments().orElseGet(NodeList::new)) {
                type(argument);
            }
            return resolved;
        }
        throw new Refusal(type, "type '" + type + "' is not allowed in rules");
    }

    private void statement(Statement statement, Env env) {
        if (statement instanceof BlockStmt block) {
            for (Statement inner : block.getStatements()) {
                statement(inner, env);
            }
        } else if (statement instanceof ExpressionStmt expressionStatement) {
            expressionStatement(expressionStatement.getExpression(), env);
        } else if (statement instanceof IfStmt ifStatement) {
            requireBoolean(ifStatement.getCondition(), env);
            Map<String, TextSize> before = new HashMap<>(env.sizes);
            statement(ifStatement.getThenStmt(), env);
            Map<String, TextSize> afterThen = new HashMap<>(env.sizes);
            env.sizes.putAll(before);
            ifStatement.getElseStmt().ifPresent(otherwise -> statement(otherwise, env));
            // Either branch may have run: a variable may hold the larger of what they left in it.
            afterThen.forEach((name, size) -> env.sizes.merge(name, size, TextSize::max));
        } else if (statement instanceof ReturnStmt returnStatement) {
            if (env.context != Context.FUNCTION) {
                throw new Refusal(statement, "'return' is only allowed in functions");
            }
            returnStatement.getExpression().ifPresent(value -> {
                expression(value, env);
                env.returned = env.returned.max(size(value));
            });
        } else if (!(statement instanceof EmptyStmt)) {
            throw new Refusal(statement, refusedStatement(statement));
        }
    }

    private static String refusedStatement(Statement statement) {
        if (statement.isForStmt() || statement.isForEachStmt() || statement.isWhileStmt() || statement.isDoStmt()) {
            return "loops are not allowed in rules (a loop can hold an evaluation forever): match facts instead";
        }
        if (statement.isTryStmt() || statement.isThrowStmt()) {
            return "throwing and catching exceptions is not allowed in rules";
        }
        if (statement.isLocalClassDeclarationStmt() || statement.isLocalRecordDeclarationStmt()) {
            return "classes declared in rule code are not allowed: declare a fact type with 'declare'";
        }
        if (statement.isSynchronizedStmt()) {
            return "'synchronized' is not allowed in rules";
        }
        return "this kind of statement (" + statement.getClass().getSimpleName().replace("Stmt", "")
                + ") is not allowed in rules: use declarations, method calls, assignments and if/else";
    }

    private void expressionStatement(Expression expression, Env env) {
        if (expression instanceof VariableDeclarationExpr declaration) {
            if (!declaration.getAnnotations().isEmpty()) {
                throw new Refusal(declaration, "annotations are not allowed in rule code");
            }
            for (VariableDeclarator variable : declaration.getVariables()) {
                declare(variable, env);
            }
        } else if (expression instanceof MethodCallExpr call && isInsert(call) && env.context == Context.CONSEQUENCE) {
            insert(call, env);
        } else if (expression instanceof MethodCallExpr || expression instanceof AssignExpr
                || expression instanceof UnaryExpr unary && unary.getOperator().isPostfix()
                || expression instanceof UnaryExpr prefix && (prefix.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT
                        || prefix.getOperator() == UnaryExpr.Operator.PREFIX_DECREMENT)) {
            type(expression, env);
        } else {
            throw new Refusal(expression, "a statement must be a declaration, a method call or an assignment");
        }
    }

    private void declare(VariableDeclarator variable, Env env) {
        String name = variable.getNameAsString();
        if (env.variables.containsKey(name)) {
            throw new Refusal(variable, "'" + name + "' is already a variable here: give each variable its own name");
        }
        RuleType declared;
        if (variable.getType().isVarType()) {
            declared = expression(variable.getInitializer().orElseThrow(() -> new Refusal(variable, "'var' needs a value")), env);
        } else {
            declared = type(variable.getType());
            variable.getInitializer().ifPresent(value -> expression(value, env));
        }
        env.variables.put(name, declared);
        env.sizes.put(name, variable.getInitializer().map(this::size).orElse(TextSize.NONE));
        env.locals.add(name);
    }

    /**
     * Types an expression and bounds the text it can build, refusing text that could grow past the
     * limit; in a function, text that could grow past it depending on the arguments is refused
     * where the function is called with such arguments.
     */
    private Object type(Expression expression, Env env) {
        scope.examination().checkTime();
        Object typed = typeOf(expression, env);
        if (typed instanceof RuleType type) {
            TextSize size = sizes.computeIfAbsent(expression, e -> sizeOf(expression, type, env));
            if (type.equals(RuleType.STRING)) {
                if (size.exceedsLimit()) {
                    throw new GrowthRefusal(expression, tooLong(size.chars().least()));
                }
                env.built = env.built.max(size.chars());
            }
        }
        return typed;
    }

    private static String tooLong(long chars) {
        return "this text could grow to " + chars + " characters, more than the " + TextSize.LIMIT
                + " rule code may build in one expression (each copy of a text adds its length again)";
    }

    /** The bound on the text of an expression already typed. */
    TextSize size(Expression expression) {
        TextSize size = sizes.get(expression);
        return size != null ? size : expression instanceof EnclosedExpr enclosed ? size(enclosed.getInner()) : TextSize.NONE;
    }

    private TextSize sizeOf(Expression expression, RuleType type, Env env) {
        if (expression instanceof StringLiteralExpr literal) {
            return TextSize.of(literal.asString().length());
        }
        if (expression.isLiteralExpr() && !(expression instanceof NullLiteralExpr)) {
            return TextSize.of(expression.toString().length());
        }
        if (expression instanceof EnclosedExpr enclosed) {
            return size(enclosed.getInner());
        }
        if (expression instanceof NameExpr name && env.sizes.containsKey(name.getNameAsString())) {
            return env.sizes.get(name.getNameAsString());
        }
        if (expression instanceof FieldAccessExpr access && type instanceof RuleType.Java java && java.type().isEnum()) {
            return TextSize.of(access.getNameAsString().length());
        }
        if (expression instanceof BinaryExpr binary && binary.getOperator() == BinaryExpr.Operator.PLUS && type.equals(RuleType.STRING)) {
            return size(binary.getLeft()).plus(size(binary.getRight()));
        }
        if (expression instanceof ConditionalExpr conditional) {
            return size(conditional.getThenExpr()).max(size(conditional.getElseExpr()));
        }
        return TextSize.of(type);
    }

    private Object typeOf(Expression expression, Env env) {
        if (expression instanceof StringLiteralExpr literal) {
            refuseUnrecordable(literal, literal.asString());
            return RuleType.STRING;
        }
        if (expression instanceof IntegerLiteralExpr) {
            return RuleType.INT;
        }
        if (expression instanceof LongLiteralExpr) {
            return RuleType.LONG;
        }
        if (expression instanceof DoubleLiteralExpr) {
            return RuleType.DOUBLE;
        }
        if (expression instanceof BooleanLiteralExpr) {
            return RuleType.BOOLEAN;
        }
        if (expression instanceof CharLiteralExpr literal) {
            refuseUnrecordable(literal, String.valueOf(literal.asChar()));
            return RuleType.CHAR;
        }
        if (expression instanceof NullLiteralExpr) {
            return RuleType.Null.NULL;
        }
        if (expression instanceof EnclosedExpr enclosed) {
            return type(enclosed.getInner(), env);
        }
        if (expression instanceof NameExpr name) {
            return name(name, env);
        }
        if (expression instanceof FieldAccessExpr access) {
            return fieldAccess(access, env);
        }
        if (expression instanceof MethodCallExpr call) {
            return methodCall(call, env);
        }
        if (expression instanceof BinaryExpr binary) {
            return binary(binary, env);
        }
        if (expression instanceof UnaryExpr unary) {
            return unary(unary, env);
        }
        if (expression instanceof ConditionalExpr conditional) {
            return conditional(conditional, env);
        }
        if (expression instanceof CastExpr cast) {
            RuleType target = type(cast.getType());
            RuleType value = expression(cast.getExpression(), env);
            if (!(target instanceof RuleType.Java to && to.type().isPrimitive() && value instanceof RuleType.Java from
                    && from.numeric() && to.numeric())) {
                throw new Refusal(cast, "only casts between numbers are allowed in rules");
            }
            return target;
        }
        if (expression instanceof AssignExpr assign) {
            return assign(assign, env);
        }
        if (expression instanceof ObjectCreationExpr creation) {
            return creation(creation, env);
        }
        throw new Refusal(expression, refusedExpression(expression));
    }

    /**
     * Text rules write ends up in the audit trail and before a reviewer: an escape such as {@code \0}
     * or {@code \b} may not write a character it could not be kept with.
     */
    private static void refuseUnrecordable(Expression literal, String value) {
        RecordableText.refusedCharacterIn(value).ifPresent(problem -> {
            throw new Refusal(literal, "this text holds " + problem
                    + ", written as an escape: rules may write only text the audit trail can keep");
        });
    }

    /**
     * Both branches must have one type: the Java compiler gives a mixed conditional a common
     * supertype such as Object, whose text and methods are not those of either branch.
     */
    private RuleType conditional(ConditionalExpr conditional, Env env) {
        requireBoolean(conditional.getCondition(), env);
        RuleType then = expression(conditional.getThenExpr(), env);
        RuleType otherwise = expression(conditional.getElseExpr(), env);
        if (then instanceof RuleType.Java left && otherwise instanceof RuleType.Java right) {
            if (left.numeric() && right.numeric()) {
                return RuleType.promote(left, right);
            }
            if (left.bool() && right.bool()) {
                return RuleType.BOOLEAN;
            }
        }
        if (then == RuleType.Null.NULL || then.equals(otherwise)) {
            return otherwise;
        }
        if (otherwise == RuleType.Null.NULL) {
            return then;
        }
        throw new Refusal(conditional, "both branches of '?:' must have the same type, not " + then.describe() + " and "
                + otherwise.describe());
    }

    private static String refusedExpression(Expression expression) {
        if (expression.isLambdaExpr() || expression.isMethodReferenceExpr()) {
            return "lambdas and method references are not allowed in rules";
        }
        if (expression.isArrayCreationExpr() || expression.isArrayInitializerExpr() || expression.isArrayAccessExpr()) {
            return "arrays are not allowed in rules: use a List (List.of(...))";
        }
        if (expression.isClassExpr()) {
            return "class literals ('.class') are not allowed in rules: they lead to reflection";
        }
        if (expression.isTextBlockLiteralExpr()) {
            return "text blocks are not allowed in rules: write \"...\" strings";
        }
        if (expression.isThisExpr() || expression.isSuperExpr()) {
            return "'this' and 'super' are not allowed in rules: bind the fact to a variable";
        }
        if (expression.isInstanceOfExpr()) {
            return "'instanceof' is not allowed in rules: match the fact's type in a pattern";
        }
        if (expression.isSwitchExpr()) {
            return "switch is not allowed in rules: use if/else or separate rules";
        }
        return "this kind of expression (" + expression.getClass().getSimpleName().replace("Expr", "")
                + ") is not allowed in rules";
    }

    private Object name(NameExpr name, Env env) {
        String identifier = name.getNameAsString();
        RuleType variable = env.variables.get(identifier);
        if (variable != null) {
            return variable;
        }
        if (env.context == Context.CONSTRAINT) {
            Optional<RuleType> property = property(env.patternType, identifier);
            if (property.isPresent()) {
                // The constraint language looks functions and types up before the fact's properties.
                if (scope.functions().containsKey(identifier) || scope.javaType(identifier).isPresent()
                        || scope.declaredTypes().containsKey(identifier)) {
                    throw new Refusal(name, "'" + identifier + "' is both a property of " + env.patternType.describe()
                            + " and a function or type of these rules: rename the function");
                }
                return property.get();
            }
        }
        if (scope.declaredTypes().containsKey(identifier)) {
            throw new Refusal(name, "'" + identifier + "' is a type declared in the rules; it has no static members");
        }
        Optional<Class<?>> type = scope.javaType(identifier);
        if (type.isPresent()) {
            return new TypeName(type.get());
        }
        if (Set.of("java", "javax", "jdk", "sun", "com", "org", "io", "net").contains(identifier)) {
            throw new Refusal(name, "fully qualified names ('" + identifier + ". ...') are not allowed in rules: import an allowed type");
        }
        if (Set.of("drools", "kcontext").contains(identifier)) {
            throw new Refusal(name, "'" + identifier + "' is not allowed in rules: rules may not reach into the engine");
        }
        if (Character.isUpperCase(identifier.charAt(0))) {
            throw new Refusal(name, RuleVocabulary.typeRefusal(identifier));
        }
        throw new Refusal(name, "'" + identifier + "' is not known here: rules may use their bindings, their own variables"
                + (env.context == Context.CONSTRAINT ? ", the matched fact's properties" : "") + " and " + RuleVocabulary.describe());
    }

    private Object fieldAccess(FieldAccessExpr access, Env env) {
        Object scopeType = type(access.getScope(), env);
        String field = access.getNameAsString();
        if (scopeType instanceof TypeName name) {
            if (name.type().isEnum() && RuleVocabulary.MODEL_ENUMS.contains(name.type())) {
                for (Object constant : name.type().getEnumConstants()) {
                    if (((Enum<?>) constant).name().equals(field)) {
                        return RuleType.of(name.type());
                    }
                }
                throw new Refusal(access, name.type().getSimpleName() + " has no value " + field);
            }
            throw new Refusal(access, "static fields are not allowed in rules ('" + access + "')");
        }
        return property((RuleType) scopeType, field).orElseThrow(() -> new Refusal(access,
                "'" + field + "' is not a property of " + ((RuleType) scopeType).describe() + " that rules may read"));
    }

    /** A property read by name (a constraint's field, a record component, a getter), if the vocabulary allows it. */
    private static Optional<RuleType> property(RuleType owner, String name) {
        if (owner instanceof RuleType.Declared declared) {
            return Optional.ofNullable(declared.fields().get(name));
        }
        if (owner instanceof RuleType.Java java && !java.type().isPrimitive()) {
            String accessor = RuleVocabulary.properties(java.type()).get(name);
            if (accessor != null) {
                try {
                    return Optional.of(RuleType.of(java.type().getMethod(accessor).getReturnType()));
                } catch (NoSuchMethodException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private RuleType methodCall(MethodCallExpr call, Env env) {
        if (call.getTypeArguments().isPresent()) {
            throw new Refusal(call, "explicit type arguments are not allowed in rules");
        }
        String name = call.getNameAsString();
        List<RuleType> arguments = new ArrayList<>();
        for (Expression argument : call.getArguments()) {
            arguments.add(expression(argument, env));
        }
        if (call.getScope().isEmpty()) {
            return unscopedCall(call, name, arguments, env);
        }
        Object scopeType = type(call.getScope().get(), env);
        if (scopeType instanceof TypeName typeName) {
            if (!RuleVocabulary.staticMethodAllowed(typeName.type(), name)) {
                throw new Refusal(call, "'" + typeName.type().getSimpleName() + "." + name + "' is not allowed in rules");
            }
            checkLibraryArguments(call, typeName.type(), name, arguments);
            RuleType returned = MethodLookup.returnType(call, typeName.type(), name, arguments, true);
            sizes.put(call, staticCallSize(call, typeName.type(), name, arguments, returned));
            return returned;
        }
        RuleType returned = instanceCall(call, (RuleType) scopeType, name, arguments, env);
        // Text taken from text is no longer than the text; everything else is as long as its type allows.
        boolean fromReceiver = Set.of("substring", "strip", "toString").contains(name) && RuleType.STRING.equals(scopeType);
        sizes.put(call, fromReceiver ? size(call.getScope().get()) : TextSize.of(returned));
        return returned;
    }

    /** What the library's static methods build: formatted, joined and listed text is as long as its parts together. */
    private TextSize staticCallSize(MethodCallExpr call, Class<?> owner, String name, List<RuleType> arguments, RuleType returned) {
        List<TextSize> parts = call.getArguments().stream().map(this::size).toList();
        if (owner == String.class && name.equals("format")) {
            return FormatStrings.size(((StringLiteralExpr) call.getArgument(0)).asString(), parts.subList(1, parts.size()));
        }
        if (owner == String.class && name.equals("valueOf") && parts.size() == 1) {
            return parts.get(0);
        }
        if (owner == String.class && name.equals("join")) {
            TextSize separator = parts.get(0);
            if (parts.size() == 2 && arguments.get(1) instanceof RuleType.Java java && java.list()) {
                return TextSize.text(parts.get(1).chars()).plus(separator.times(parts.get(1).elements()));
            }
            TextSize joined = TextSize.NONE;
            for (TextSize part : parts.subList(1, parts.size())) {
                joined = joined.plus(part).plus(separator);
            }
            return TextSize.text(joined.chars());
        }
        if ((owner == List.class || owner == Set.class) && name.equals("of")) {
            TextSize listed = TextSize.NONE;
            for (TextSize part : parts) {
                listed = listed.plus(new TextSize(part.chars(), TextSize.Bound.of(1)));
            }
            return listed;
        }
        return TextSize.of(returned);
    }

    private RuleType unscopedCall(MethodCallExpr call, String name, List<RuleType> arguments, Env env) {
        RuleScope.RuleFunction function = scope.functions().get(name);
        if (env.context == Context.CONSTRAINT && env.patternType instanceof RuleType.Java pattern
                && RuleVocabulary.instanceMethodAllowed(pattern.type(), name)) {
            if (function != null) {
                throw new Refusal(call, "'" + name + "' is both a function and a method of " + pattern.describe() + ": rename the function");
            }
            return instanceCall(call, pattern, name, arguments, env);
        }
        if (name.equals("insert") && env.context == Context.CONSEQUENCE) {
            throw new Refusal(call, "insert(...) is a statement of its own: its value is the engine's handle on the fact");
        }
        if (function != null) {
            if (function.parameters().size() != arguments.size()) {
                throw new Refusal(call, "function " + name + " takes " + function.parameters().size() + " arguments");
            }
            env.calledFunctions.merge(name, 1, Integer::sum);
            env.calls += scope.functionCosts().getOrDefault(name, 1L);
            if (env.calls > MAX_CALLS) {
                throw new GrowthRefusal(call, "this code makes more than " + MAX_CALLS + " function calls in all (counting the calls"
                        + " inside them): each call that calls a function twice doubles the work");
            }
            sizes.put(call, functionSize(call, function, call.getArguments().stream().map(this::size).toList(), env));
            return function.returnType().orElse(RuleType.Null.NULL);
        }
        if (Set.of("update", "delete", "retract", "insertLogical", "halt").contains(name)) {
            throw new Refusal(call, "'" + name + "' is not allowed in rules: change the assessment with modify, or insert a new fact");
        }
        throw new Refusal(call, "'" + name + "(...)' is not a function of these rules"
                + (env.context == Context.CONSEQUENCE ? " (inside modify, call the assessment's methods)" : ""));
    }

    /**
     * The text a function builds from arguments of these sizes: what it returns, and the longest
     * text it builds on the way, which is refused at the call when arguments this long make it grow
     * past the limit.
     */
    private TextSize functionSize(MethodCallExpr call, RuleScope.RuleFunction function, List<TextSize> arguments, Env env) {
        RuleScope.FunctionSize summary = summary(function);
        if (summary.failed()) {
            // It fails whatever it is given, which is found where it is declared.
            return TextSize.of(function.returnType().orElse(RuleType.Null.NULL));
        }
        TextSize.Bound built = summary.built().given(arguments);
        if (built.least() > TextSize.LIMIT) {
            throw new GrowthRefusal(call, "called with these arguments, function " + function.name() + " fails: " + tooLong(built.least()));
        }
        env.built = env.built.max(built);
        return summary.returned().given(arguments);
    }

    /**
     * What a function builds, in terms of its parameters' sizes, worked out once by going through its
     * body with those sizes unknown.
     */
    private RuleScope.FunctionSize summary(RuleScope.RuleFunction function) {
        RuleScope.FunctionSize known = scope.functionSizes().get(function.name());
        if (known != null) {
            return known;
        }
        TextSize unknown = TextSize.of(function.returnType().orElse(RuleType.Null.NULL));
        RuleScope.FunctionSize summary = new RuleScope.FunctionSize(unknown, TextSize.Bound.ZERO, false);
        BlockStmt body = scope.functionBodies().get(function.name());
        // Put first: recursion is refused on its own, and must not recurse here.
        scope.functionSizes().put(function.name(), summary);
        if (body == null) {
            return summary;
        }
        Env env = new Env(Context.FUNCTION, null, Map.of());
        for (int i = 0; i < function.parameters().size(); i++) {
            RuleType type = function.parameters().get(i);
            env.variables.put(function.parameterNames().get(i), type);
            env.sizes.put(function.parameterNames().get(i), TextSize.dependsOnCall(type) ? TextSize.parameter(i) : TextSize.of(type));
        }
        try {
            JavaSnippetCheck walk = new JavaSnippetCheck(scope);
            for (Statement statement : body.getStatements()) {
                walk.statement(statement, env);
            }
            summary = new RuleScope.FunctionSize(env.returned, env.built, false);
        } catch (GrowthRefusal growth) {
            summary = new RuleScope.FunctionSize(unknown, TextSize.Bound.ZERO, true);
        } catch (Refusal refused) {
            // The function is refused where it is declared; its calls need no finding of their own.
        }
        scope.functionSizes().put(function.name(), summary);
        return summary;
    }

    private static boolean isInsert(MethodCallExpr call) {
        return call.getScope().isEmpty() && call.getNameAsString().equals("insert");
    }

    private void insert(MethodCallExpr call, Env env) {
        if (call.getTypeArguments().isPresent() || call.getArguments().size() != 1
                || !(expression(call.getArgument(0), env) instanceof RuleType.Declared)) {
            throw new Refusal(call, "insert(...) takes one new fact of a type declared in the rules");
        }
    }

    /** A call on a value: the fact model's methods, a declared type's getters, or the library methods of the vocabulary. */
    RuleType instanceCall(Node call, RuleType receiver, String name, List<RuleType> arguments, Env env) {
        if (receiver instanceof RuleType.Declared declared) {
            return declaredGetter(call, declared, name, arguments);
        }
        if (!(receiver instanceof RuleType.Java java) || java.type().isPrimitive()) {
            throw new Refusal(call, "'" + name + "' cannot be called on " + receiver.describe());
        }
        if (!RuleVocabulary.instanceMethodAllowed(java.type(), name)) {
            throw new Refusal(call, "'" + java.describe() + "." + name + "' is not allowed in rules");
        }
        if (java.type() == Answers.class) {
            checkQuestion(call, name);
        }
        if (java.type() == Assessment.class && name.equals("oblige")) {
            checkObligation(call);
        }
        if (env.context != Context.CONSEQUENCE && java.type() == Assessment.class && RuleVocabulary.DECISION_METHODS.contains(name)) {
            throw new Refusal(call, "'" + name + "' changes the assessment, which only a consequence may do: the engine evaluates"
                    + " conditions (and the functions they call) whenever it chooses, not when the rule fires");
        }
        return MethodLookup.returnType(call, java.type(), name, arguments, false);
    }

    /**
     * A read of an answer names its question as written text, and the question is declared with a type the
     * method reads: an unknown or misread question is found here, with its file and line, not when a use case is decided.
     */
    private void checkQuestion(Node call, String name) {
        if (!(call instanceof MethodCallExpr method) || method.getArguments().isEmpty()
                || !(method.getArgument(0) instanceof StringLiteralExpr literal)) {
            throw new Refusal(call, "Answers." + name + " names its question as text written in the rule: " + name + "(\"question-id\")");
        }
        String id = literal.asString();
        if (scope.examination().declarations() == null) {
            return;
        }
        Question question = scope.examination().declarations().question(id).orElseThrow(() -> new Refusal(call, "question "
                + RecordableText.quoted(id) + " is not declared by the ruleset's .properties files (question." + id + ".type, ...)"));
        if (!RuleVocabulary.QUESTION_READERS.get(name).contains(question.type())) {
            throw new Refusal(call, "question " + id + " is " + question.type().code() + ": Answers." + name + " cannot read it");
        }
        if (name.equals("chose") && method.getArguments().size() == 2 && method.getArgument(1) instanceof StringLiteralExpr choice
                && !question.choices().containsKey(choice.asString())) {
            throw new Refusal(call, "question " + id + " has no choice " + RecordableText.quoted(choice.asString()) + "; its choices are "
                    + String.join(", ", question.choices().keySet()));
        }
    }

    /** Obligations are named as written text, and packs declare them: a misspelt id is found here, not when a use case is decided. */
    private void checkObligation(Node call) {
        if (!(call instanceof MethodCallExpr method) || method.getArguments().isEmpty()
                || !method.getArguments().stream().allMatch(StringLiteralExpr.class::isInstance)) {
            throw new Refusal(call, "oblige names each obligation as text written in the rule: oblige(\"obligation-id\", ...)");
        }
        if (scope.examination().declarations() == null) {
            return;
        }
        for (var argument : method.getArguments()) {
            String id = ((StringLiteralExpr) argument).asString();
            if (scope.examination().declarations().obligation(id).isEmpty()) {
                throw new Refusal(argument, "obligation " + RecordableText.quoted(id)
                        + " is not declared by the ruleset's .properties files (obligation." + id + ".regime, ...)");
            }
        }
    }

    private static RuleType declaredGetter(Node call, RuleType.Declared declared, String name, List<RuleType> arguments) {
        for (Map.Entry<String, RuleType> field : declared.fields().entrySet()) {
            String suffix = Character.toUpperCase(field.getKey().charAt(0)) + field.getKey().substring(1);
            boolean getter = name.equals("get" + suffix) || name.equals("is" + suffix) && field.getValue() == RuleType.BOOLEAN;
            if (getter && arguments.isEmpty()) {
                return field.getValue();
            }
        }
        if (name.equals("equals") && arguments.size() == 1) {
            return RuleType.BOOLEAN;
        }
        throw new Refusal(call, "'" + declared.name() + "." + name + "' is not allowed in rules: read its fields with getters");
    }

    /** String formatting is allowed only in forms whose output size and content the rule text bounds. */
    private void checkLibraryArguments(MethodCallExpr call, Class<?> owner, String name, List<RuleType> arguments) {
        if (owner != String.class) {
            return;
        }
        switch (name) {
            case "format" -> {
                if (call.getArguments().isEmpty() || !(call.getArgument(0) instanceof StringLiteralExpr format)) {
                    throw new Refusal(call, "String.format needs a format written as a string literal");
                }
                // The format the compiler sees, with escapes such as \061 turned into the characters they stand for.
                FormatStrings.refusal(format.asString()).ifPresent(refusal -> {
                    throw new Refusal(call, refusal);
                });
                checkPrintable(call, arguments.subList(1, arguments.size()));
            }
            case "valueOf" -> checkPrintable(call, arguments);
            case "join" -> {
                boolean list = arguments.size() == 2 && arguments.get(1) instanceof RuleType.Java java && java.list();
                if (!list) {
                    checkPrintable(call, arguments);
                }
            }
            default -> {
            }
        }
    }

    private static void checkPrintable(Node node, List<RuleType> arguments) {
        for (RuleType argument : arguments) {
            if (argument != RuleType.Null.NULL && !(argument instanceof RuleType.Java java && java.printable())) {
                throw new Refusal(node, "a value of type " + argument.describe() + " cannot be turned into text in rules (its"
                        + " text is not fixed by its value): use text, numbers, dates or the fact model's enums");
            }
        }
    }

    private Object binary(BinaryExpr binary, Env env) {
        RuleType left = expression(binary.getLeft(), env);
        RuleType right = expression(binary.getRight(), env);
        BinaryExpr.Operator operator = binary.getOperator();
        switch (operator) {
            case EQUALS, NOT_EQUALS -> {
                return RuleType.BOOLEAN;
            }
            case AND, OR -> {
                if (!(isBoolean(left) && isBoolean(right))) {
                    throw new Refusal(binary, "'" + operator.asString() + "' needs true or false on both sides");
                }
                return RuleType.BOOLEAN;
            }
            case LESS, GREATER, LESS_EQUALS, GREATER_EQUALS -> {
                boolean comparable = isNumeric(left) && isNumeric(right)
                        || env.context == Context.CONSTRAINT && left.equals(right) && left instanceof RuleType.Java java
                                && Comparable.class.isAssignableFrom(java.type()) && java.printable();
                if (!comparable) {
                    throw new Refusal(binary, "'" + operator.asString() + "' compares numbers");
                }
                return RuleType.BOOLEAN;
            }
            case PLUS -> {
                if (left.equals(RuleType.STRING) || right.equals(RuleType.STRING)) {
                    checkPrintable(binary, List.of(left, right));
                    return RuleType.STRING;
                }
                return arithmetic(binary, left, right);
            }
            case MINUS, MULTIPLY, DIVIDE, REMAINDER -> {
                return arithmetic(binary, left, right);
            }
            default -> throw new Refusal(binary, "the operator '" + operator.asString() + "' is not allowed in rules");
        }
    }

    private static RuleType arithmetic(BinaryExpr binary, RuleType left, RuleType right) {
        if (left instanceof RuleType.Java l && right instanceof RuleType.Java r && l.numeric() && r.numeric()) {
            return RuleType.promote(l, r);
        }
        throw new Refusal(binary, "'" + binary.getOperator().asString() + "' needs numbers on both sides");
    }

    private Object unary(UnaryExpr unary, Env env) {
        RuleType operand = expression(unary.getExpression(), env);
        switch (unary.getOperator()) {
            case LOGICAL_COMPLEMENT -> {
                if (!isBoolean(operand)) {
                    throw new Refusal(unary, "'!' needs true or false");
                }
                return RuleType.BOOLEAN;
            }
            case PLUS, MINUS -> {
                if (!isNumeric(operand)) {
                    throw new Refusal(unary, "'" + unary.getOperator().asString() + "' needs a number");
                }
                return operand;
            }
            case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> {
                requireLocal(unary.getExpression(), env);
                if (!isNumeric(operand)) {
                    throw new Refusal(unary, "'" + unary.getOperator().asString() + "' needs a number");
                }
                return operand;
            }
            default -> throw new Refusal(unary, "the operator '" + unary.getOperator().asString() + "' is not allowed in rules");
        }
    }

    private Object assign(AssignExpr assign, Env env) {
        requireLocal(assign.getTarget(), env);
        RuleType target = expression(assign.getTarget(), env);
        RuleType value = expression(assign.getValue(), env);
        String variable = ((NameExpr) assign.getTarget()).getNameAsString();
        switch (assign.getOperator()) {
            case ASSIGN -> {
                env.sizes.put(variable, size(assign.getValue()));
                sizes.put(assign, size(assign.getValue()));
                return target;
            }
            case PLUS -> {
                if (target.equals(RuleType.STRING)) {
                    checkPrintable(assign, List.of(value));
                    TextSize grown = env.sizes.getOrDefault(variable, TextSize.of(target)).plus(size(assign.getValue()));
                    env.sizes.put(variable, grown);
                    sizes.put(assign, grown);
                    return target;
                }
                if (!(isNumeric(target) && isNumeric(value))) {
                    throw new Refusal(assign, "'+=' needs numbers or text");
                }
                return target;
            }
            case MINUS, MULTIPLY, DIVIDE -> {
                if (!(isNumeric(target) && isNumeric(value))) {
                    throw new Refusal(assign, "'" + assign.getOperator().asString() + "' needs numbers");
                }
                return target;
            }
            default -> throw new Refusal(assign, "the operator '" + assign.getOperator().asString() + "' is not allowed in rules");
        }
    }

    private static void requireLocal(Expression target, Env env) {
        if (!(target instanceof NameExpr name && env.locals.contains(name.getNameAsString()))) {
            throw new Refusal(target, "only variables declared in this rule code may be assigned");
        }
    }

    private Object creation(ObjectCreationExpr creation, Env env) {
        if (creation.getAnonymousClassBody().isPresent()) {
            throw new Refusal(creation, "anonymous classes are not allowed in rules");
        }
        if (creation.getScope().isPresent() || creation.getType().getScope().isPresent()
                || creation.getType().getTypeArguments().isPresent()) {
            throw new Refusal(creation, "only new facts of types declared in the rules may be created: new " + creation.getType());
        }
        RuleType.Declared declared = scope.declaredTypes().get(creation.getType().getNameAsString());
        if (declared == null) {
            throw new Refusal(creation, "only new facts of types declared in the rules may be created, not " + creation.getType()
                    + " (build lists with List.of(...))");
        }
        if (creation.getArguments().size() != declared.fields().size()) {
            throw new Refusal(creation, "new " + declared.name() + "(...) takes a value for each of its fields " + declared.fields().keySet());
        }
        for (Expression argument : creation.getArguments()) {
            expression(argument, env);
        }
        return declared;
    }

    private static boolean isBoolean(RuleType type) {
        return type instanceof RuleType.Java java && java.bool();
    }

    private static boolean isNumeric(RuleType type) {
        return type instanceof RuleType.Java java && java.numeric();
    }
}
