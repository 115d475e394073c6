package io.mlsteps.testing;

import io.mlsteps.contract.steps.StepRequest;
import io.mlsteps.step.Requests;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A step request under construction in a test: its raw arguments, bound by the contract's binder on
 * {@link #build()} exactly as a Jenkinsfile's or the CLI's arguments are ({@link Requests#bind}).
 *
 * @param <Q> the request type
 */
public final class Req<Q extends StepRequest> {
    private final Class<Q> type;
    private final Map<String, Object> args = new LinkedHashMap<>();

    private Req(Class<Q> type) {
        this.type = type;
    }

    public static <Q extends StepRequest> Req<Q> of(Class<Q> type) {
        return new Req<>(type);
    }

    /** Sets an argument (null removes it). */
    public Req<Q> set(String name, Object value) {
        if (value == null) {
            args.remove(name);
        } else {
            args.put(name, value);
        }
        return this;
    }

    /** Adds an entry to a map argument. */
    @SuppressWarnings("unchecked")
    public Req<Q> put(String name, String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>((Map<String, Object>) args.getOrDefault(name, Map.of()));
        map.put(key, value);
        args.put(name, map);
        return this;
    }

    /** Adds items to a list argument. */
    @SuppressWarnings("unchecked")
    public Req<Q> add(String name, Collection<?> items) {
        List<Object> list = new ArrayList<>((Collection<Object>) args.getOrDefault(name, List.of()));
        list.addAll(items);
        args.put(name, list);
        return this;
    }

    /** The raw arguments given so far. */
    public Map<String, Object> args() {
        return args;
    }

    /** The request, bound by the contract as the engine binds it (defaults applied; bad values are input errors). */
    public Q build() {
        return Requests.bind(type, args);
    }
}
