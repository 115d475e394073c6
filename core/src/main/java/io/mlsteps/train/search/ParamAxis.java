package io.mlsteps.train.search;

import io.mlsteps.util.InputException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values one hyper-parameter of a candidate may take: a fixed list (one value is a list of one), an integer or
 * decimal {@code range(start, stop, step)} (stop excluded, as Python's), or a distribution a random search samples:
 * {@code uniform(a, b)}, {@code loguniform(a, b)} (log-uniform, as scipy's), {@code randint(a, b)} (a to b
 * inclusive).
 */
sealed interface ParamAxis {
    Pattern FUNCTION = Pattern.compile("^\\s*(range|uniform|loguniform|randint)\\s*\\((.*)\\)\\s*$",
            Pattern.CASE_INSENSITIVE);

    /** The values of a grid; a distribution has none and says so. */
    List<Object> grid(String where);

    /** One draw of a random search. */
    Object sample(Random random);

    /** The axis as the model card records it: the value, the list of values, or the range's text. */
    Object describe();

    /** Reads a parameter's value as given in the request. */
    static ParamAxis of(String where, Object value) {
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                throw new InputException(where, "is an empty list; expected at least one value to try");
            }
            return new Listed(List.copyOf(list), null);
        }
        if (value instanceof String s) {
            Matcher m = FUNCTION.matcher(s);
            if (m.matches()) {
                return function(where, m.group(1).toLowerCase(Locale.ROOT), m.group(2), s);
            }
        }
        return new Listed(List.of(value), null);
    }

    private static ParamAxis function(String where, String name, String args, String text) {
        List<Double> a = new ArrayList<>();
        for (String part : args.split(",")) {
            try {
                a.add(Double.parseDouble(part.trim()));
            } catch (NumberFormatException e) {
                throw new InputException(where, "'" + text + "' has the argument '" + part.trim() + "'; expected numbers");
            }
        }
        boolean ok = switch (name) {
            case "range" -> a.size() >= 2 && a.size() <= 3;
            default -> a.size() == 2;
        };
        if (!ok) {
            throw new InputException(where, "'" + text + "' has " + a.size() + " arguments; expected "
                    + (name.equals("range") ? "range(start, stop) or range(start, stop, step)" : name + "(low, high)"));
        }
        double lo = a.get(0);
        double hi = a.get(1);
        if (!(hi > lo) || name.equals("loguniform") && lo <= 0) {
            throw new InputException(where, "'" + text + "' is an empty range; expected low < high"
                    + (name.equals("loguniform") ? " and low > 0" : ""));
        }
        return switch (name) {
            case "range" -> new Listed(stepped(lo, hi, a.size() == 3 ? a.get(2) : 1.0, where, text), text.trim());
            case "uniform" -> new Continuous(lo, hi, false, text);
            case "loguniform" -> new Continuous(lo, hi, true, text);
            default -> new Listed(integers((long) Math.ceil(lo), (long) Math.floor(hi), 1), text.trim());
        };
    }

    /** {@code range(start, stop, step)}: whole numbers when all three are, decimals (exactly stepped) otherwise. */
    private static List<Object> stepped(double start, double stop, double step, String where, String text) {
        if (!(step > 0)) {
            throw new InputException(where, "'" + text + "' has the step " + step + "; expected a step > 0");
        }
        if ((stop - start) / step > 10_000) {
            throw new InputException(where, "'" + text + "' has more than 10,000 values; expected a coarser step");
        }
        if (start == Math.rint(start) && stop == Math.rint(stop) && step == Math.rint(step)) {
            return integers((long) start, (long) stop - 1, (long) step);
        }
        List<Object> values = new ArrayList<>();
        BigDecimal s = BigDecimal.valueOf(step);
        for (BigDecimal v = BigDecimal.valueOf(start); v.doubleValue() < stop; v = v.add(s)) {
            values.add(v.doubleValue());
        }
        return values;
    }

    private static List<Object> integers(long from, long to, long step) {
        List<Object> values = new ArrayList<>();
        for (long v = from; v <= to; v += step) {
            values.add(v);
        }
        return values;
    }

    /** Values given one by one, or those of a {@code range}/{@code randint} written as {@code text}. */
    record Listed(List<Object> values, String text) implements ParamAxis {
        @Override
        public List<Object> grid(String where) {
            return values;
        }

        @Override
        public Object sample(Random random) {
            return values.get(random.nextInt(values.size()));
        }

        @Override
        public Object describe() {
            return text != null ? text : values.size() == 1 ? values.get(0) : values;
        }
    }

    /** {@code uniform(a, b)} or {@code loguniform(a, b)}: sampled by a random search only. */
    record Continuous(double low, double high, boolean log, String text) implements ParamAxis {
        @Override
        public List<Object> grid(String where) {
            throw new InputException(where, "'" + text + "' is a distribution, which a grid cannot list; expected "
                    + "search: 'random', or a list of values");
        }

        @Override
        public Object sample(Random random) {
            double u = random.nextDouble();
            return log ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
        }

        @Override
        public Object describe() {
            return text.trim();
        }
    }
}
