package io.mlsteps.contract.bind;

import io.mlsteps.contract.Arg;
import io.mlsteps.contract.Group;
import io.mlsteps.contract.StepInfo;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The arguments of a request record (a step's request, or a nested value such as a quality gate), read once from
 * its {@link Arg} components; {@link Group} components contribute their own arguments, flattened.
 *
 * @param <R> the record type
 */
public final class RecordSpec<R> {
    private static final Map<Class<?>, RecordSpec<?>> CACHE = new ConcurrentHashMap<>();

    /** A component of the record: an argument, or a group of arguments. */
    record Slot(RecordComponent component, ArgSpec arg, RecordSpec<?> group) {
    }

    private final Class<R> type;
    private final List<Slot> slots = new ArrayList<>();
    private final Map<String, ArgSpec> args = new LinkedHashMap<>();
    private final Constructor<R> constructor;

    private RecordSpec(Class<R> type) {
        if (!type.isRecord()) {
            throw new IllegalStateException(type + " is not a record");
        }
        this.type = type;
        List<Class<?>> parameterTypes = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            parameterTypes.add(c.getType());
            if (c.isAnnotationPresent(Group.class)) {
                RecordSpec<?> group = of(c.getType());
                slots.add(new Slot(c, null, group));
                group.args().forEach(this::add);
            } else if (c.isAnnotationPresent(Arg.class)) {
                ArgSpec arg = new ArgSpec(c);
                slots.add(new Slot(c, arg, null));
                add(arg);
            } else {
                throw new IllegalStateException(type.getSimpleName() + "." + c.getName() + " needs @Arg or @Group");
            }
        }
        try {
            constructor = type.getDeclaredConstructor(parameterTypes.toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private void add(ArgSpec arg) {
        if (args.putIfAbsent(arg.name(), arg) != null) {
            throw new IllegalStateException(type.getSimpleName() + " declares argument '" + arg.name() + "' twice");
        }
    }

    /** The spec of a record type (read once, then cached). */
    @SuppressWarnings("unchecked")
    public static <R> RecordSpec<R> of(Class<R> type) {
        RecordSpec<?> spec = CACHE.get(type);
        if (spec == null) {
            spec = new RecordSpec<>(type);
            CACHE.putIfAbsent(type, spec);
        }
        return (RecordSpec<R>) spec;
    }

    public Class<R> type() {
        return type;
    }

    /** Every argument, groups flattened, in declaration order. */
    public List<ArgSpec> args() {
        return List.copyOf(args.values());
    }

    public Optional<ArgSpec> arg(String name) {
        return Optional.ofNullable(args.get(name));
    }

    /** The names of all arguments, in declaration order. */
    public List<String> names() {
        return List.copyOf(args.keySet());
    }

    /** The step this record is the request of, if it is one. */
    public Optional<StepInfo> step() {
        return Optional.ofNullable(type.getAnnotation(StepInfo.class));
    }

    List<Slot> slots() {
        return Collections.unmodifiableList(slots);
    }

    Constructor<R> constructor() {
        return constructor;
    }
}
