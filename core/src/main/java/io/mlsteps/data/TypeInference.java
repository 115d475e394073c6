package io.mlsteps.data;

/**
 * Classifies single cell values and decides a column's type from the counts of each kind. The rule is
 * strict: a column is INTEGER only when every present value is an integer, DOUBLE when every value is a
 * number, BOOLEAN / TIMESTAMP when every value is one, and CATEGORICAL otherwise. Strictness keeps the
 * inferred schema honest: a single text value in a numeric column is exactly what validation must flag.
 * Parsing is hand-written because it runs once per cell of every file (no exceptions, no regex on the hot path).
 */
public final class TypeInference {
    /** Marks "not a timestamp" in {@link #timestampSeconds(String)}. */
    public static final long NOT_A_TIMESTAMP = Long.MIN_VALUE;

    private TypeInference() {
    }

    /** What a single present value looks like. */
    public enum ValueKind {
        INTEGER, DOUBLE, BOOLEAN, TIMESTAMP, TEXT
    }

    /** The kind of a present (non-missing) value. Surrounding blanks are ignored. */
    public static ValueKind kindOf(String raw) {
        String s = trim(raw);
        if (s.isEmpty()) {
            return ValueKind.TEXT;
        }
        char c = s.charAt(0);
        if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
            if (isInteger(s)) {
                return ValueKind.INTEGER;
            }
            if (looksNumeric(s) && parsesAsDouble(s)) {
                return ValueKind.DOUBLE;
            }
            if (timestampSeconds(s) != NOT_A_TIMESTAMP) {
                return ValueKind.TIMESTAMP;
            }
            return isNonFinite(s) ? ValueKind.DOUBLE : ValueKind.TEXT;
        }
        if (isBoolean(s)) {
            return ValueKind.BOOLEAN;
        }
        if (isNonFinite(s)) {
            return ValueKind.DOUBLE;
        }
        return ValueKind.TEXT;
    }

    /** The type of a column from the counts of its present values by kind. A column with no value is CATEGORICAL. */
    public static ColumnType decide(long integers, long doubles, long booleans, long timestamps, long texts) {
        long present = integers + doubles + booleans + timestamps + texts;
        if (present == 0 || texts > 0) {
            return ColumnType.CATEGORICAL;
        }
        if (booleans == present) {
            return ColumnType.BOOLEAN;
        }
        if (timestamps == present) {
            return ColumnType.TIMESTAMP;
        }
        if (integers == present) {
            return ColumnType.INTEGER;
        }
        if (integers + doubles == present) {
            return ColumnType.DOUBLE;
        }
        return ColumnType.CATEGORICAL;
    }

    /** Whether a value of this kind conforms to a column of this type (integers conform to DOUBLE; anything to CATEGORICAL). */
    public static boolean conforms(ValueKind kind, ColumnType type) {
        return switch (type) {
            case INTEGER -> kind == ValueKind.INTEGER;
            case DOUBLE -> kind == ValueKind.INTEGER || kind == ValueKind.DOUBLE;
            case BOOLEAN -> kind == ValueKind.BOOLEAN;
            case TIMESTAMP -> kind == ValueKind.TIMESTAMP;
            case CATEGORICAL -> true;
        };
    }

    /** The numeric value of an INTEGER or DOUBLE value; NaN when it is not a number. */
    public static double toDouble(String raw) {
        String s = trim(raw);
        long integer = parseInteger(s);
        if (integer != NOT_AN_INTEGER) {
            return integer;
        }
        if (isNonFinite(s)) {
            String l = s.toLowerCase(java.util.Locale.ROOT);
            return l.startsWith("-") ? Double.NEGATIVE_INFINITY : l.contains("inf") ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        if (!looksNumeric(s)) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Whether the value is NaN or an infinity in one of the spellings files use (NaN, inf, Infinity, -inf). */
    public static boolean isNonFinite(String s) {
        int n = s.length();
        if (n < 3 || n > 9) {
            return false;
        }
        char c = s.charAt(0);
        if (c != 'n' && c != 'N' && c != 'i' && c != 'I' && c != '+' && c != '-') {
            return false;
        }
        String l = s.toLowerCase(java.util.Locale.ROOT);
        return l.equals("nan") || l.equals("inf") || l.equals("+inf") || l.equals("-inf") || l.equals("infinity")
                || l.equals("+infinity") || l.equals("-infinity");
    }

    static boolean isBoolean(String s) {
        return s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false");
    }

    /** Marks "not an integer" in {@link #parseInteger(String)}. */
    public static final long NOT_AN_INTEGER = Long.MIN_VALUE;

    /** The value of an integer (optional sign, 1 to 18 digits, no blanks), or {@link #NOT_AN_INTEGER}; one pass. */
    public static long parseInteger(String s) {
        // the rule of parseInteger(byte[], int, int) over chars: it runs for several cells of every row in
        // validation and training, where copying each value into a byte array first would allocate per cell
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        int digits = n - i;
        if (digits < 1 || digits > 18) {
            return NOT_AN_INTEGER;
        }
        long v = 0;
        for (; i < n; i++) {
            int c = s.charAt(i) - '0';
            if (c < 0 || c > 9) {
                return NOT_AN_INTEGER;
            }
            v = v * 10 + c;
        }
        return negative ? -v : v;
    }

    /** {@link #parseInteger(String)} of the ASCII bytes {@code b[from, to)}, without a String. */
    public static long parseInteger(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        int digits = to - i;
        if (digits < 1 || digits > 18) {
            return NOT_AN_INTEGER;
        }
        long v = 0;
        for (; i < to; i++) {
            int c = b[i] - '0';
            if (c < 0 || c > 9) {
                return NOT_AN_INTEGER;
            }
            v = v * 10 + c;
        }
        return negative ? -v : v;
    }

    private static final double[] POW10 = new double[23];
    private static final long MAX_EXACT_MANTISSA = 1L << 53;

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    /**
     * The value of a plain decimal in ASCII bytes (optional sign, digits with at most one point, up to 18 digits),
     * correctly rounded — the same double as {@link Double#parseDouble} (Clinger's fast path: an exact mantissa
     * below 2^53 divided by an exact power of ten) — or NaN when the bytes are anything else (exponents, long
     * mantissas, text), for which the caller takes the String route.
     */
    public static double parseDecimal(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = 0;
        boolean dot = false;
        for (; i < to; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    return Double.NaN;
                }
                mantissa = mantissa * 10 + (c - '0');
                if (dot) {
                    fraction++;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0 || mantissa > MAX_EXACT_MANTISSA || fraction >= POW10.length) {
            return Double.NaN;
        }
        double v = fraction == 0 ? (double) mantissa : mantissa / POW10[fraction];
        return negative ? -v : v;
    }

    /** Optional sign then 1 to 18 digits (so it fits a long). */
    static boolean isInteger(String s) {
        return parseInteger(s) != NOT_AN_INTEGER;
    }

    /**
     * The chars of a short value as bytes when all are ASCII (the only ones numbers and timestamps use), else
     * null; lets the String form of the timestamp parser share the byte parser (timestamps are parsed far less
     * often than integers, whose String form has its own loop).
     */
    private static byte[] ascii(String s) {
        int n = s.length();
        if (n > 64) {
            return null;
        }
        byte[] a = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c > 0x7F) {
                return null;
            }
            a[i] = (byte) c;
        }
        return a;
    }

    /** Only the characters of a decimal/scientific number, with at least one digit (rejects Java's 1d, 0x1p3). */
    private static boolean looksNumeric(String s) {
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                return false;
            }
        }
        return digit;
    }

    private static boolean parsesAsDouble(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Seconds since 1970-01-01T00:00 of an ISO-8601 date or date-time ({@code YYYY-MM-DD}, then optionally
     * {@code T} or a blank, {@code HH:MM}, {@code :SS}, a fraction, and {@code Z} or {@code ±HH:MM}); values
     * without an offset are read as UTC. {@link #NOT_A_TIMESTAMP} when the text is not one.
     */
    public static long timestampSeconds(String raw) {
        byte[] a = ascii(trim(raw));
        return a == null ? NOT_A_TIMESTAMP : timestampSeconds(a, 0, a.length);
    }

    /** {@link #timestampSeconds(String)} of the trimmed ASCII bytes {@code b[from, to)}, without a String. */
    public static long timestampSeconds(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 10 || b[from + 4] != '-' || b[from + 7] != '-') {
            return NOT_A_TIMESTAMP;
        }
        int year = digits(b, from, to, 0, 4);
        int month = digits(b, from, to, 5, 2);
        int day = digits(b, from, to, 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
            return NOT_A_TIMESTAMP;
        }
        if (day > daysInMonth(year, month)) {
            return NOT_A_TIMESTAMP;
        }
        long seconds = epochDay(year, month, day) * 86_400L;
        if (n == 10) {
            return seconds;
        }
        byte sep = b[from + 10];
        if ((sep != 'T' && sep != ' ') || n < 16 || b[from + 13] != ':') {
            return NOT_A_TIMESTAMP;
        }
        int hour = digits(b, from, to, 11, 2);
        int minute = digits(b, from, to, 14, 2);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
            return NOT_A_TIMESTAMP;
        }
        seconds += hour * 3600L + minute * 60L;
        int i = 16;
        if (i < n && b[from + i] == ':') {
            int second = digits(b, from, to, i + 1, 2);
            if (second < 0 || second > 60) {
                return NOT_A_TIMESTAMP;
            }
            seconds += second;
            i += 3;
            if (i < n && (b[from + i] == '.' || b[from + i] == ',')) {
                i++;
                int start = i;
                while (i < n && b[from + i] >= '0' && b[from + i] <= '9') {
                    i++;
                }
                if (i == start) {
                    return NOT_A_TIMESTAMP;
                }
            }
        }
        if (i == n) {
            return seconds;
        }
        byte z = b[from + i];
        if (z == 'Z' && i + 1 == n) {
            return seconds;
        }
        if ((z == '+' || z == '-') && n - i == 6 && b[from + i + 3] == ':') {
            int oh = digits(b, from, to, i + 1, 2);
            int om = digits(b, from, to, i + 4, 2);
            if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                return NOT_A_TIMESTAMP;
            }
            long offset = oh * 3600L + om * 60L;
            return z == '+' ? seconds - offset : seconds + offset;
        }
        return NOT_A_TIMESTAMP;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a valid proleptic Gregorian date (H. Hinnant's days_from_civil), without allocation. */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /** The number written by {@code count} digits at offset {@code at} of {@code b[from, to)}, or -1. */
    private static int digits(byte[] b, int from, int to, int at, int count) {
        if (from + at + count > to) {
            return -1;
        }
        int v = 0;
        for (int i = from + at; i < from + at + count; i++) {
            int c = b[i] - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            v = v * 10 + c;
        }
        return v;
    }

    static String trim(String s) {
        int n = s.length();
        if (n == 0 || (s.charAt(0) > ' ' && s.charAt(n - 1) > ' ')) {
            return s;
        }
        return s.strip();
    }
}
