package io.aigov.decision.safety;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import com.github.javaparser.ast.Node;

/** Which overload of an allowed library or fact-model method a call selects, for the type of what it returns. */
final class MethodLookup {

    private MethodLookup() {
    }

    /**
     * The return type of the allowed method the call selects. The choice among overloads follows
     * the arguments' types closely enough for the types that follow; the Java compiler, which
     * sees the same code, has the last word on which overload runs.
     */
    static RuleType returnType(Node call, Class<?> owner, String name, List<RuleType> arguments, boolean wantStatic) {
        List<Method> candidates = new ArrayList<>();
        for (Method method : owner.getMethods()) {
            if (method.getName().equals(name) && Modifier.isStatic(method.getModifiers()) == wantStatic
                    && arityMatches(method, arguments.size())) {
                candidates.add(method);
            }
        }
        List<Method> applicable = candidates.stream().filter(method -> applicable(method, arguments)).toList();
        List<Method> choice = applicable.isEmpty() ? candidates : applicable;
        if (choice.isEmpty()) {
            throw new JavaSnippetCheck.Refusal(call, owner.getSimpleName() + "." + name + " takes no " + arguments.size() + " arguments");
        }
        Method best = choice.get(0);
        for (Method method : choice) {
            if (moreSpecific(method, best)) {
                best = method;
            }
        }
        Class<?> returned = best.getReturnType();
        return returned == void.class ? RuleType.Null.NULL : RuleType.of(returned);
    }

    private static boolean arityMatches(Method method, int count) {
        int parameters = method.getParameterCount();
        return method.isVarArgs() ? count >= parameters - 1 : count == parameters;
    }

    private static boolean applicable(Method method, List<RuleType> arguments) {
        Class<?>[] parameters = method.getParameterTypes();
        for (int i = 0; i < arguments.size(); i++) {
            Class<?> parameter = method.isVarArgs() && i >= parameters.length - 1
                    ? parameters[parameters.length - 1].getComponentType() : parameters[i];
            if (!assignable(arguments.get(i), parameter)) {
                return false;
            }
        }
        return true;
    }

    private static boolean moreSpecific(Method candidate, Method best) {
        Class<?>[] a = candidate.getParameterTypes();
        Class<?>[] b = best.getParameterTypes();
        if (a.length != b.length || candidate.equals(best)) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!assignable(RuleType.of(a[i]), b[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean assignable(RuleType argument, Class<?> parameter) {
        if (argument == RuleType.Null.NULL) {
            return !parameter.isPrimitive();
        }
        if (argument instanceof RuleType.Declared) {
            return parameter == Object.class;
        }
        RuleType.Java java = (RuleType.Java) argument;
        if (parameter.isPrimitive()) {
            Class<?> primitive = java.primitive();
            return primitive != null && wideningOrSame(primitive, parameter);
        }
        if (java.type().isPrimitive()) {
            Class<?> boxed = box(java.type());
            return parameter.isAssignableFrom(boxed);
        }
        return parameter.isAssignableFrom(java.type());
    }

    private static boolean wideningOrSame(Class<?> from, Class<?> to) {
        if (from == to) {
            return true;
        }
        List<Class<?>> order = List.of(char.class, int.class, long.class, float.class, double.class);
        return order.contains(from) && order.contains(to) && order.indexOf(from) < order.indexOf(to)
                && !(to == char.class);
    }

    private static Class<?> box(Class<?> primitive) {
        return switch (primitive.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "double" -> Double.class;
            case "boolean" -> Boolean.class;
            case "char" -> Character.class;
            default -> Object.class;
        };
    }
}
