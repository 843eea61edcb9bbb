package io.aigov.decision.ruleset;

import java.net.URL;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Remembers which classes and resources the application has and has not. Compiling rules asks the
 * class loader about thousands of names that do not exist (every simple name against every
 * imported package); the production class loader answers each by reopening jars, which made a
 * recompile take seconds. The application's classes do not change while it runs, so the answers
 * can be kept.
 */
final class LookupCachingClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final ConcurrentMap<String, Optional<Class<?>>> classes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Optional<URL>> resources = new ConcurrentHashMap<>();

    LookupCachingClassLoader(ClassLoader application) {
        super(application);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        Optional<Class<?>> found = classes.computeIfAbsent(name, this::findInParent);
        if (found.isEmpty()) {
            throw new ClassNotFoundException(name);
        }
        return found.get();
    }

    @Override
    public URL getResource(String name) {
        return resources.computeIfAbsent(name, n -> Optional.ofNullable(getParent().getResource(n))).orElse(null);
    }

    private Optional<Class<?>> findInParent(String name) {
        try {
            return Optional.of(getParent().loadClass(name));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }
}
