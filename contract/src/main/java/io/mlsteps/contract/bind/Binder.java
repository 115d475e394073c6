package io.mlsteps.contract.bind;

import io.mlsteps.contract.ArgumentException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Binds front-end arguments to a request, in two phases every front end shares:
 * <ol>
 * <li>{@link #canonical}: raw arguments (as a Jenkinsfile, the plugin or the CLI gives them) become the canonical
 * request, the map written as {@code request.json}: only the arguments given, in declaration order, each as a plain
 * JSON value (text, long, double, boolean, list, map), choices in their declared spelling, values equal to the
 * default left out. An unknown argument is an error naming the closest known ones; a value of the wrong kind is an
 * error naming the argument, what was given and what was expected.</li>
 * <li>{@link #construct}: the canonical request becomes the typed record, with every default applied.</li>
 * </ol>
 */
public final class Binder {
    /** The version of the request format, written first into {@code request.json}. */
    public static final int SCHEMA_VERSION = 1;
    static final String SCHEMA_VERSION_KEY = "schemaVersion";

    private Binder() {
    }

    /** Raw arguments to the typed record: {@link #canonical} then {@link #construct}. */
    public static <R> R bind(RecordSpec<R> spec, Map<String, ?> raw) {
        return construct(spec, canonical(spec, raw));
    }

    /**
     * The canonical form of raw arguments.
     *
     * @throws ArgumentException for an unknown argument, a missing required one or a value of the wrong kind
     */
    public static Map<String, Object> canonical(RecordSpec<?> spec, Map<String, ?> raw) {
        for (Map.Entry<String, ?> e : raw.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.equals(SCHEMA_VERSION_KEY)) {
                checkSchemaVersion(e.getValue());
            } else if (spec.arg(key).isEmpty()) {
                throw unknown(spec, key);
            }
        }
        Map<String, Object> canonical = new LinkedHashMap<>();
        for (ArgSpec arg : spec.args()) {
            Object value = raw.containsKey(arg.name()) ? normalize(arg, raw.get(arg.name())) : null;
            if (value == null || arg.required() && value instanceof String s && s.isBlank()) {
                if (arg.required()) {
                    throw new ArgumentException(arg.name(), "is required: " + arg.doc());
                }
                continue;
            }
            if (!isDefault(arg, value)) {
                canonical.put(arg.name(), value);
            }
        }
        return canonical;
    }

    /** The canonical form of one value, or null when it is unset (null). */
    public static Object normalize(ArgSpec arg, Object raw) {
        if (raw == null) {
            return null;
        }
        Object value = raw instanceof CharSequence || raw instanceof Character ? raw.toString() : raw;
        try {
            return switch (arg.kind()) {
                case TEXT -> text(value);
                case INTEGER -> bounded(arg, integer(arg, value));
                case NUMBER -> bounded(arg, number(value));
                case BOOLEAN -> bool(value);
                case CHOICE -> choice(arg, value);
                case DURATION -> duration(value);
                case LIST -> list(value);
                case MAP -> map(arg, value);
                case RECORDS -> records(arg, value);
            };
        } catch (ArgumentException e) {
            throw e.within(arg.name());
        }
    }

    /** Whether a canonical value means what leaving the argument out means. */
    private static boolean isDefault(ArgSpec arg, Object value) {
        Object fallback = defaultOf(arg);
        if (fallback == null) {
            // an empty collection is what an argument without default holds when it is left out
            return value instanceof Collection<?> c && c.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty();
        }
        return value.equals(fallback);
    }

    /** The canonical default of an argument, or null when it has none. */
    public static Object defaultOf(ArgSpec arg) {
        return arg.defaultValue() == null ? null : normalize(arg, arg.defaultValue());
    }

    /**
     * The typed record of a canonical request (or of raw arguments already checked), defaults applied.
     *
     * @throws ArgumentException when the record refuses a combination of values
     */
    public static <R> R construct(RecordSpec<R> spec, Map<String, ?> canonical) {
        List<Object> values = new ArrayList<>();
        for (RecordSpec.Slot slot : spec.slots()) {
            if (slot.group() != null) {
                values.add(construct(slot.group(), canonical));
            } else {
                ArgSpec arg = slot.arg();
                Object value = canonical.containsKey(arg.name()) ? normalize(arg, canonical.get(arg.name())) : null;
                values.add(javaValue(arg, value != null ? value : defaultOf(arg)));
            }
        }
        try {
            return spec.constructor().newInstance(values.toArray());
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ArgumentException a) {
                throw a;
            }
            throw new IllegalStateException("cannot build " + spec.type().getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + spec.type().getSimpleName(), e);
        }
    }

    /** The canonical arguments of a record: those whose value differs from the default. */
    public static <R> Map<String, Object> arguments(RecordSpec<R> spec, R record) {
        Map<String, Object> raw = new LinkedHashMap<>();
        collect(spec, record, raw);
        return canonical(spec, raw);
    }

    /** A copy of a record with some arguments changed, e.g. {@code with(spec, request, Map.of("seed", 7))}. */
    public static <R> R with(RecordSpec<R> spec, R record, Map<String, ?> changes) {
        Map<String, Object> raw = new LinkedHashMap<>(arguments(spec, record));
        raw.putAll(changes);
        return bind(spec, raw);
    }

    private static void collect(RecordSpec<?> spec, Object record, Map<String, Object> into) {
        for (RecordSpec.Slot slot : spec.slots()) {
            Object value = read(slot.component(), record);
            if (slot.group() != null) {
                collect(slot.group(), value, into);
            } else {
                into.put(slot.arg().name(), plainOf(slot.arg(), value));
            }
        }
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A record's value in the raw form the binder reads back. */
    private static Object plainOf(ArgSpec arg, Object value) {
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Duration d) {
            return Values.formatDuration(d);
        }
        if (arg.kind() == ArgKind.RECORDS && value instanceof Collection<?> items) {
            List<Object> maps = new ArrayList<>();
            for (Object item : items) {
                maps.add(arguments(castSpec(arg.elements()), item));
            }
            return maps;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static RecordSpec<Object> castSpec(RecordSpec<?> spec) {
        return (RecordSpec<Object>) spec;
    }

    private static Object javaValue(ArgSpec arg, Object canonical) {
        Class<?> type = arg.javaType();
        if (canonical == null) {
            if (arg.kind() == ArgKind.LIST || arg.kind() == ArgKind.RECORDS) {
                return List.of();
            }
            if (arg.kind() == ArgKind.MAP) {
                return Map.of();
            }
            return type == boolean.class ? Boolean.FALSE : null;
        }
        return switch (arg.kind()) {
            case INTEGER -> arg.isLong() ? (Object) canonical : (Object) Math.toIntExact((Long) canonical);
            case CHOICE -> type.isEnum() ? enumValue(type, (String) canonical) : canonical;
            case DURATION -> Values.parseDuration((String) canonical);
            case RECORDS -> {
                List<Object> records = new ArrayList<>();
                for (Object item : (List<?>) canonical) {
                    try {
                        records.add(construct(arg.elements(), castMap(item)));
                    } catch (ArgumentException e) {
                        throw e.within(arg.name() + "[" + records.size() + "].");
                    }
                }
                yield List.copyOf(records);
            }
            default -> canonical;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Object value) {
        return (Map<String, ?>) value;
    }

    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw wrong(value, "text");
    }

    private static Long integer(ArgSpec arg, Object value) {
        Long result = null;
        if (value instanceof Number n && Values.plain(n) instanceof Long l) {
            result = l;
        } else if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < 9.0e15) {
            result = n.longValue();
        } else if (value instanceof String s) {
            result = Values.parseLong(s);
        }
        if (result == null) {
            throw wrong(value, "a whole number");
        }
        if (!arg.isLong() && (result > Integer.MAX_VALUE || result < Integer.MIN_VALUE)) {
            throw new ArgumentException(null, "is " + result + "; expected a whole number up to " + Integer.MAX_VALUE);
        }
        return result;
    }

    private static Double number(Object value) {
        Double result = null;
        if (value instanceof Number n) {
            result = n.doubleValue();
        } else if (value instanceof String s) {
            result = Values.parseDouble(s);
        }
        if (result == null || result.isNaN() || result.isInfinite()) {
            throw wrong(value, "a finite number");
        }
        return result;
    }

    private static <N extends Number> N bounded(ArgSpec arg, N value) {
        double v = value.doubleValue();
        if (!Double.isNaN(arg.min()) && v < arg.min() || !Double.isNaN(arg.max()) && v > arg.max()) {
            String range = Double.isNaN(arg.max()) ? "at least " + plainNumber(arg.min())
                    : Double.isNaN(arg.min()) ? "at most " + plainNumber(arg.max())
                    : "between " + plainNumber(arg.min()) + " and " + plainNumber(arg.max());
            throw new ArgumentException(null, "is " + value + "; expected a number " + range);
        }
        return value;
    }

    private static String plainNumber(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static Boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s.trim());
        }
        throw wrong(value, "true or false");
    }

    private static String choice(ArgSpec arg, Object value) {
        String given = value instanceof Enum<?> e ? e.name() : value instanceof String s ? s.trim() : null;
        if (given != null) {
            for (String allowed : arg.allowed()) {
                if (allowed.equalsIgnoreCase(given)) {
                    return allowed;
                }
            }
        }
        throw wrong(value, "one of " + String.join(", ", arg.allowed()));
    }

    private static String duration(Object value) {
        if (value instanceof Duration d) {
            return Values.formatDuration(d);
        }
        if (value instanceof String s) {
            try {
                Values.parseDuration(s);
                return s.trim();
            } catch (IllegalArgumentException e) {
                throw new ArgumentException(null, "is '" + s + "', not a duration; expected e.g. 30d, 24h, 15m, 2w or PT24H");
            }
        }
        throw wrong(value, "a duration such as 30d, 24h or PT6H");
    }

    private static List<String> list(Object value) {
        if (value instanceof String s) {
            return List.copyOf(Values.splitList(s));
        }
        List<String> items = new ArrayList<>();
        int i = 0;
        for (Object item : iterable(value, "a list such as ['a', 'b'] or 'a, b'")) {
            Object plain = Values.plain(item);
            if (plain == null) {
                throw wrong(item, "text").within("[" + i + "]");
            }
            items.add(plain.toString().trim());
            i++;
        }
        return List.copyOf(items);
    }

    private static Map<String, Object> map(ArgSpec arg, Object value) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (value instanceof String s) {
            putPairs(arg, s, result);
        } else if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                result.put(key, mapValue(arg, key, e.getValue(), false));
            }
        } else if (value instanceof Collection<?> || value instanceof Object[]) {
            // the CLI's repeated NAME=VALUE options
            for (Object item : iterable(value, "")) {
                if (!(item instanceof CharSequence)) {
                    throw wrong(value, "a map such as [name: value] or 'name=value, name=value'");
                }
                putPairs(arg, item.toString(), result);
            }
        } else {
            throw wrong(value, "a map such as [name: value] or 'name=value, name=value'");
        }
        return Collections.unmodifiableMap(result);
    }

    private static void putPairs(ArgSpec arg, String text, Map<String, Object> into) {
        Map<String, Object> pairs;
        try {
            pairs = Values.parsePairs(text, arg.valueKind() == null);
        } catch (IllegalArgumentException e) {
            throw new ArgumentException(null, e.getMessage());
        }
        pairs.forEach((k, v) -> into.put(k, mapValue(arg, k, v, true)));
    }

    private static Object mapValue(ArgSpec arg, String key, Object value, boolean inferred) {
        Object plain = Values.plain(value);
        if (plain == null && arg.valueKind() == null && (value instanceof Collection<?> || value instanceof Object[])) {
            // a list of values, e.g. a hyper-parameter's grid [0.01, 0.1, 1]
            List<Object> items = new ArrayList<>();
            for (Object item : iterable(value, "")) {
                Object p = Values.plain(item);
                if (p == null) {
                    throw wrong(item, "a plain value (text, number or boolean)").within("." + key + "[" + items.size() + "]");
                }
                items.add(p);
            }
            return List.copyOf(items);
        }
        if (plain == null) {
            throw wrong(value, "a plain value (text, number or boolean)").within("." + key);
        }
        if (arg.valueKind() == ArgKind.NUMBER) {
            try {
                return number(plain);
            } catch (ArgumentException e) {
                throw e.within("." + key);
            }
        }
        return arg.valueKind() == ArgKind.TEXT ? plain.toString() : plain;
    }

    private static List<Map<String, Object>> records(ArgSpec arg, Object value) {
        List<Map<String, Object>> result = new ArrayList<>();
        int i = 0;
        for (Object item : iterable(value, "a list of maps such as [[metric: 'accuracy', threshold: 0.8]]")) {
            try {
                if (item instanceof Map<?, ?> m) {
                    Map<String, Object> raw = new LinkedHashMap<>();
                    m.forEach((k, v) -> raw.put(String.valueOf(k), v));
                    result.add(canonical(arg.elements(), raw));
                } else if (item instanceof CharSequence text) {
                    result.add(canonical(arg.elements(), fromText(arg.elements(), text.toString())));
                } else if (arg.elements().type().isInstance(item)) {
                    result.add(arguments(castSpec(arg.elements()), item));
                } else {
                    throw wrong(item, "a map such as [metric: 'accuracy', threshold: 0.8]");
                }
            } catch (ArgumentException e) {
                throw e.within("[" + i + "].");
            }
            i++;
        }
        return List.copyOf(result);
    }

    /**
     * A nested argument map from its text form, {@code 'algorithm=cart, max_depth=4,8'}: items without {@code =}
     * extend the previous value into a list, and names that are not arguments of the nested record go into its one
     * map argument (the candidate's {@code params}).
     */
    public static Map<String, Object> fromText(RecordSpec<?> spec, String text) {
        Map<String, Object> pairs;
        try {
            pairs = Values.parseEntries(text);
        } catch (IllegalArgumentException e) {
            throw new ArgumentException(null, e.getMessage());
        }
        List<ArgSpec> maps = spec.args().stream().filter(a -> a.kind() == ArgKind.MAP).toList();
        Map<String, Object> raw = new LinkedHashMap<>();
        Map<String, Object> rest = new LinkedHashMap<>();
        pairs.forEach((k, v) -> (spec.arg(k).isPresent() ? raw : rest).put(k, v));
        if (!rest.isEmpty()) {
            if (maps.size() != 1) {
                throw unknown(spec, rest.keySet().iterator().next());
            }
            raw.put(maps.get(0).name(), rest);
        }
        return raw;
    }

    private static Iterable<?> iterable(Object value, String expected) {
        if (value instanceof Collection<?> c) {
            return c;
        }
        if (value instanceof Object[] array) {
            return List.of(array);
        }
        throw wrong(value, expected);
    }

    private static ArgumentException wrong(Object value, String expected) {
        String shown = value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        String type = value == null ? "" : " (" + value.getClass().getSimpleName() + ")";
        return new ArgumentException(null, "is " + shown + type + "; expected " + expected);
    }

    private static ArgumentException unknown(RecordSpec<?> spec, String key) {
        String owner = spec.step().map(s -> s.name()).orElse(spec.type().getSimpleName());
        List<String> close = Names.closest(key, spec.names());
        String hint;
        if (!close.isEmpty()) {
            hint = "; did you mean " + String.join(" or ", close.stream().map(n -> "'" + n + "'").toList()) + "?";
        } else if (spec.names().size() <= 10) {
            hint = "; expected one of " + String.join(", ", spec.names());
        } else {
            hint = "; " + owner + " has no argument of a similar name (its " + spec.names().size()
                    + " arguments are listed by its --help and its docs page)";
        }
        return new ArgumentException(null, "unknown argument '" + key + "' of " + owner + hint);
    }

    private static void checkSchemaVersion(Object value) {
        if (!Objects.equals(Values.plain(value), (long) SCHEMA_VERSION)) {
            throw new ArgumentException(SCHEMA_VERSION_KEY, "is " + value + "; this engine reads request version "
                    + SCHEMA_VERSION);
        }
    }
}
