package io.mlsteps.cli.runner;

import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingPropertyException;
import io.mlsteps.cli.runner.Declarative.EnvEntry;
import io.mlsteps.cli.runner.PipelineExecutor.Scope;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates an {@code environment { }} block as Jenkins' {@code Environment.EnvironmentResolver}: every value is
 * a closure, and a name of the block used in another value (bare or as {@code env.NAME}) evaluates that value,
 * so the order of the entries does not matter. A value naming itself ({@code PATH = "${PATH}:bin"}) reads the
 * variable from outside the block; any other name is read from the script, then from {@code params}, and is
 * null (the text "null") when it is neither. Values that refer to each other in a circle are an error.
 */
final class EnvironmentResolver extends GroovyObjectSupport {
    private final PipelineExecutor executor;
    private final Map<String, Closure<?>> entries = new LinkedHashMap<>();
    private final Map<String, String> values = new HashMap<>();
    private final Deque<String> evaluating = new ArrayDeque<>();

    EnvironmentResolver(PipelineExecutor executor, List<EnvEntry> entries) {
        this.executor = executor;
        for (EnvEntry e : entries) {
            this.entries.put(e.name(), e.value());
        }
    }

    /** The scope with the block's variables added, every value evaluated within the outer scope. */
    Scope scope(Scope outer) {
        Map<String, String> resolved = new LinkedHashMap<>();
        executor.inScope(outer, () -> {
            for (String name : entries.keySet()) {
                resolved.put(name, value(name));
            }
            return null;
        });
        return outer.with(resolved);
    }

    boolean declares(String name) {
        return entries.containsKey(name);
    }

    /** The value of one of the block's variables, evaluated on demand. */
    String valueOf(String name) {
        return value(name);
    }

    private String value(String name) {
        if (values.containsKey(name)) {
            return values.get(name);
        }
        if (evaluating.contains(name)) {
            List<String> chain = new java.util.ArrayList<>(evaluating);
            java.util.Collections.reverse(chain);
            throw new PipelineError("environment { }: the values of " + String.join(" -> ", chain) + " -> " + name
                    + " refer to each other in a circle");
        }
        evaluating.push(name);
        try {
            Closure<?> copy = (Closure<?>) entries.get(name).clone();
            copy.setDelegate(this);
            copy.setResolveStrategy(Closure.DELEGATE_FIRST);
            Object value = copy.call();
            String text = String.valueOf(value);
            values.put(name, text);
            return text;
        } finally {
            evaluating.pop();
        }
    }

    /** A name inside a value: another entry of the block, else what Jenkins' getScriptPropOrParam finds. */
    @Override
    public Object getProperty(String name) {
        if (name.equals("env")) {
            return new EnvView();
        }
        if (entries.containsKey(name) && !name.equals(evaluating.peek())) {
            return value(name);
        }
        return outside(name);
    }

    private Object outside(String name) {
        try {
            return executor.script.getProperty(name);
        } catch (MissingPropertyException e) {
            return executor.params().get(name);
        }
    }

    /** Steps in a value ({@code sh(returnStdout: true, ...)}) are the script's. */
    @Override
    public Object invokeMethod(String name, Object args) {
        return executor.script.invokeMethod(name, args);
    }

    /** {@code env.NAME} inside a value: the block's entries first, then the environment. */
    public final class EnvView extends GroovyObjectSupport {
        @Override
        public Object getProperty(String name) {
            if (entries.containsKey(name) && !name.equals(evaluating.peek())) {
                return value(name);
            }
            return executor.env(name);
        }
    }
}
