package io.mlsteps.contract.bind;

import io.mlsteps.contract.Arg;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One argument as its {@link Arg} declares it, read once from its record component: the name, the kind of value,
 * the default, the accepted values and how the CLI spells it. Every front end and the docs derive from these.
 */
public final class ArgSpec {
    private final RecordComponent component;
    private final Arg arg;
    private final ArgKind kind;
    private final ArgKind valueKind;
    private final List<String> allowed;
    private final RecordSpec<?> elements;

    ArgSpec(RecordComponent component) {
        this.component = component;
        this.arg = component.getAnnotation(Arg.class);
        Class<?> type = component.getType();
        Type generic = component.getGenericType();
        if (type == String.class) {
            kind = arg.allowed().length > 0 ? ArgKind.CHOICE : ArgKind.TEXT;
        } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            kind = ArgKind.INTEGER;
        } else if (type == double.class || type == Double.class) {
            kind = ArgKind.NUMBER;
        } else if (type == boolean.class || type == Boolean.class) {
            kind = ArgKind.BOOLEAN;
        } else if (type.isEnum()) {
            kind = ArgKind.CHOICE;
        } else if (type == Duration.class) {
            kind = ArgKind.DURATION;
        } else if (Map.class.isAssignableFrom(type)) {
            kind = ArgKind.MAP;
        } else if (Collection.class.isAssignableFrom(type)) {
            Class<?> item = typeArgument(generic, 0);
            kind = item.isRecord() ? ArgKind.RECORDS : ArgKind.LIST;
        } else {
            throw new IllegalStateException(where() + ": no argument kind for " + generic);
        }
        if (kind == ArgKind.MAP) {
            Class<?> value = typeArgument(generic, 1);
            valueKind = value == String.class ? ArgKind.TEXT : value == Double.class ? ArgKind.NUMBER : null;
        } else {
            valueKind = null;
        }
        elements = kind == ArgKind.RECORDS ? RecordSpec.of(typeArgument(generic, 0)) : null;
        if (type.isEnum()) {
            allowed = Arrays.stream(type.getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList();
        } else {
            allowed = List.of(arg.allowed());
        }
        if (type.isPrimitive() && arg.defaultValue().isEmpty() && !arg.required() && type != boolean.class) {
            throw new IllegalStateException(where() + ": a primitive argument needs a default or must be required");
        }
    }

    private String where() {
        return component.getDeclaringRecord().getSimpleName() + "." + component.getName();
    }

    private Class<?> typeArgument(Type generic, int index) {
        if (generic instanceof ParameterizedType p && p.getActualTypeArguments()[index] instanceof Class<?> c) {
            return c;
        }
        if (generic instanceof ParameterizedType p && p.getActualTypeArguments()[index] instanceof ParameterizedType) {
            return Object.class;
        }
        throw new IllegalStateException(where() + ": declare the element type of " + generic);
    }

    /** The argument's name: the Jenkinsfile argument, the request.json field, the plugin's property. */
    public String name() {
        return component.getName();
    }

    public ArgKind kind() {
        return kind;
    }

    /** For a map: the kind of its values (TEXT, NUMBER), or null for any plain value. */
    public ArgKind valueKind() {
        return valueKind;
    }

    /** The Java type of the record component. */
    public Class<?> javaType() {
        return component.getType();
    }

    /** For a list of nested argument maps: their spec. */
    public RecordSpec<?> elements() {
        return elements;
    }

    public RecordComponent component() {
        return component;
    }

    public String doc() {
        return arg.doc();
    }

    /** The default in its string form, or null when there is none. */
    public String defaultValue() {
        return arg.defaultValue().isEmpty() ? null : arg.defaultValue();
    }

    /** How the docs describe the default: its text, else the default value, else null. */
    public String defaultText() {
        return arg.defaultText().isEmpty() ? defaultValue() : arg.defaultText();
    }

    public String unit() {
        return arg.unit();
    }

    /** The accepted values (an enum's constants or {@link Arg#allowed()}); empty when any value goes. */
    public List<String> allowed() {
        return allowed;
    }

    public boolean required() {
        return arg.required();
    }

    /** The CLI option names: {@link Arg#cli()}, else {@code --kebab-case-name}. */
    public List<String> cliNames() {
        return arg.cli().length > 0 ? List.of(arg.cli()) : List.of("--" + kebab(name()));
    }

    public boolean positional() {
        return arg.positional();
    }

    /** The CLI's placeholder of the value. */
    public String label() {
        if (!arg.label().isEmpty()) {
            return arg.label();
        }
        if (kind == ArgKind.CHOICE && allowed.size() <= 4) {
            return String.join("|", allowed);
        }
        return kind.label();
    }

    public String group() {
        return arg.group();
    }

    /** Smallest accepted number, or NaN. */
    public double min() {
        return arg.min();
    }

    /** Largest accepted number, or NaN. */
    public double max() {
        return arg.max();
    }

    /** Whether the component holds a whole number of the {@code long} range (else {@code int}). */
    boolean isLong() {
        return javaType() == long.class || javaType() == Long.class;
    }

    /** {@code labelColumn} → {@code label-column}. */
    public static String kebab(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('-').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return name() + " (" + kind + ")";
    }
}
