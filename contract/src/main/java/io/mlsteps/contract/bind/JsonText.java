package io.mlsteps.contract.bind;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes canonical values as JSON text: two-space indentation, fields in the map's order, so the same request
 * is the same file whichever front end wrote it.
 */
public final class JsonText {
    private JsonText() {
    }

    /** The value as indented JSON text, ending with a newline. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, "");
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object value, String indent) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String s) {
            quote(sb, s);
        } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
            sb.append(value);
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(java.util.Locale.ROOT, "%.1f", d) : d.toString());
        } else if (value instanceof Map<?, ?> map) {
            writeMap(sb, map, indent);
        } else if (value instanceof Collection<?> list) {
            writeList(sb, list, indent);
        } else {
            throw new IllegalArgumentException("not a canonical value: " + value.getClass().getName());
        }
    }

    private static void writeMap(StringBuilder sb, Map<?, ?> map, String indent) {
        if (map.isEmpty()) {
            sb.append("{}");
            return;
        }
        String inner = indent + "  ";
        sb.append("{\n");
        Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<?, ?> e = it.next();
            sb.append(inner);
            quote(sb, String.valueOf(e.getKey()));
            sb.append(": ");
            write(sb, e.getValue(), inner);
            sb.append(it.hasNext() ? ",\n" : "\n");
        }
        sb.append(indent).append('}');
    }

    private static void writeList(StringBuilder sb, Collection<?> list, String indent) {
        if (list.isEmpty()) {
            sb.append("[]");
            return;
        }
        boolean scalars = list.stream().noneMatch(v -> v instanceof Map || v instanceof Collection);
        if (scalars) {
            sb.append('[');
            Iterator<?> it = list.iterator();
            while (it.hasNext()) {
                write(sb, it.next(), indent);
                sb.append(it.hasNext() ? ", " : "");
            }
            sb.append(']');
            return;
        }
        String inner = indent + "  ";
        sb.append("[\n");
        Iterator<?> it = list.iterator();
        while (it.hasNext()) {
            sb.append(inner);
            write(sb, it.next(), inner);
            sb.append(it.hasNext() ? ",\n" : "\n");
        }
        sb.append(indent).append(']');
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
