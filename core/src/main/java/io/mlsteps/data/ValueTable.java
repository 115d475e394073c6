package io.mlsteps.data;

import io.mlsteps.data.TypeInference.ValueKind;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Exact counts of a column's distinct values, keyed by their bytes (UTF-8), each with what the value is — its
 * {@link ValueKind} and number — decided once when the value is first seen. It lets a profile count a
 * low-cardinality column from the scan's bytes without a String, a parse or a sketch update per cell; drift's
 * scan counts its categories in one too. Bounded: at most {@code capacity} values, {@code maxKeyBytes} bytes per
 * value and {@code maxArenaBytes} in all; {@link #add} refuses beyond, and the owner then moves to a sketch (or,
 * in drift, stops counting categories).
 */
public final class ValueTable {
    /** A profile's limit per value: longer values go to the frequent-items sketch instead. */
    static final int MAX_KEY_BYTES = 256;
    /** A profile's limit on the bytes of all keys together; bounds the table's memory whatever the values. */
    static final int MAX_ARENA_BYTES = 128 << 10;
    private static final ValueKind[] KINDS = ValueKind.values();

    private final int capacity;
    private final int maxKeyBytes;
    private final int maxArenaBytes;
    /** Open addressing, linear probing: entry index + 1 per slot, 0 for an empty slot; at most 3/8 full. */
    private int[] slots = new int[16];
    private int shift = 32 - 4;
    private int size;
    private byte[] arena = new byte[1024];
    private int arenaUsed;
    private int[] offsets = new int[16];
    private int[] lengths = new int[16];
    private int[] hashes = new int[16];
    private long[] counts = new long[16];
    /** Of each count, how much the owner has already taken into its statistics ({@link #takePending}). */
    private long[] settled = new long[16];
    private int[] chars = new int[16];
    private byte[] kinds = new byte[16];
    private double[] numbers = new double[16];

    /** A profile's table: {@code capacity} values of at most {@link #MAX_KEY_BYTES} bytes, {@link #MAX_ARENA_BYTES} in all. */
    ValueTable(int capacity) {
        this(capacity, MAX_KEY_BYTES, MAX_ARENA_BYTES);
    }

    public ValueTable(int capacity, int maxKeyBytes, int maxArenaBytes) {
        this.capacity = capacity;
        this.maxKeyBytes = maxKeyBytes;
        this.maxArenaBytes = maxArenaBytes;
    }

    /** {@link String#hashCode} of the string these ASCII (or Latin-1) bytes spell, without making it. */
    public static int stringHash(byte[] b, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + (b[i] & 0xFF);
        }
        return h;
    }

    /** The entry holding the bytes {@code b[from, to)} (whose {@code hash} is given), or -1. */
    public int find(byte[] b, int from, int to, int hash) {
        int[] slots = this.slots;
        int mask = slots.length - 1;
        int len = to - from;
        for (int i = (hash * 0x9E3779B9) >>> shift; ; i = (i + 1) & mask) {
            int slot = slots[i];
            if (slot == 0) {
                return -1;
            }
            int e = slot - 1;
            if (hashes[e] == hash && lengths[e] == len) {
                // the comparison of same(), written out: a profile looks up most cells here, and the C1 compiler
                // of the data commands does not inline a method of this size
                if (len > 16) {
                    if (Arrays.equals(arena, offsets[e], offsets[e] + len, b, from, to)) {
                        return e;
                    }
                } else {
                    byte[] a = arena;
                    int o = offsets[e] - from;
                    int j = from;
                    while (j < to && a[o + j] == b[j]) {
                        j++;
                    }
                    if (j == to) {
                        return e;
                    }
                }
            }
        }
    }

    /** Whether {@code a[aFrom, aFrom + len)} equals {@code b[bFrom, bFrom + len)}. */
    static boolean same(byte[] a, int aFrom, byte[] b, int bFrom, int len) {
        if (len > 16) { // the intrinsic pays off on longer values; a loop is faster on short ones
            return Arrays.equals(a, aFrom, aFrom + len, b, bFrom, bFrom + len);
        }
        for (int i = 0; i < len; i++) {
            if (a[aFrom + i] != b[bFrom + i]) {
                return false;
            }
        }
        return true;
    }

    /** Counts one more occurrence of an entry. */
    public void increment(int entry) {
        counts[entry]++;
    }

    /**
     * Adds a value not in the table (its bytes, {@link String#hashCode}, length in chars, kind and number) with
     * its first {@code count} occurrences; false (and nothing changed) when the table is full or the value too long.
     */
    boolean add(byte[] b, int from, int to, int hash, int charLength, ValueKind kind, double number, long count) {
        int len = to - from;
        if (len > maxKeyBytes || !fits(1, len)) {
            return false;
        }
        if ((size + 1) * 8 > slots.length * 3) {
            growSlots();
        }
        if (size == offsets.length) {
            int n = Math.min(capacity, size * 2);
            offsets = Arrays.copyOf(offsets, n);
            lengths = Arrays.copyOf(lengths, n);
            hashes = Arrays.copyOf(hashes, n);
            counts = Arrays.copyOf(counts, n);
            settled = Arrays.copyOf(settled, n);
            chars = Arrays.copyOf(chars, n);
            kinds = Arrays.copyOf(kinds, n);
            numbers = Arrays.copyOf(numbers, n);
        }
        if (arenaUsed + len > arena.length) {
            arena = Arrays.copyOf(arena, (int) Math.min(maxArenaBytes, Math.max(arena.length * 2L, arenaUsed + len)));
        }
        System.arraycopy(b, from, arena, arenaUsed, len);
        int e = size++;
        offsets[e] = arenaUsed;
        lengths[e] = len;
        hashes[e] = hash;
        counts[e] = count;
        settled[e] = 0;
        chars[e] = charLength;
        kinds[e] = (byte) kind.ordinal();
        numbers[e] = number;
        arenaUsed += len;
        place(e);
        return true;
    }

    /**
     * Adds a text value not in the table with its first {@code count} occurrences (a counter's use: no kind or
     * number); false (and nothing changed) when the table is full or the value too long.
     */
    public boolean add(byte[] b, int from, int to, int hash, long count) {
        return add(b, from, to, hash, to - from, ValueKind.TEXT, Double.NaN, count);
    }

    private void place(int entry) {
        int mask = slots.length - 1;
        int i = (hashes[entry] * 0x9E3779B9) >>> shift;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = entry + 1;
    }

    /** Doubles the slots (a table starts small: most columns hold a few values, whatever the capacity). */
    private void growSlots() {
        slots = new int[slots.length * 2];
        shift--;
        for (int e = 0; e < size; e++) {
            place(e);
        }
    }

    private boolean fits(int moreValues, int moreBytes) {
        return size + moreValues <= capacity && (long) arenaUsed + moreBytes <= maxArenaBytes;
    }

    /**
     * Adds all of another table's counts, as already settled (the owner merges the statistics separately); false
     * (and nothing changed) when the union would not fit, so the caller can fall back to sketches without
     * counting anything twice.
     */
    boolean addAll(ValueTable other) {
        int newValues = 0;
        int newBytes = 0;
        int[] found = new int[other.size];
        for (int e = 0; e < other.size; e++) {
            found[e] = find(other.arena, other.offsets[e], other.offsets[e] + other.lengths[e], other.hashes[e]);
            if (found[e] < 0) {
                newValues++;
                newBytes += other.lengths[e];
            }
        }
        if (!fits(newValues, newBytes)) {
            return false;
        }
        for (int e = 0; e < other.size; e++) {
            int into = found[e];
            if (into >= 0) {
                counts[into] += other.counts[e];
            } else {
                add(other.arena, other.offsets[e], other.offsets[e] + other.lengths[e], other.hashes[e],
                        other.chars[e], other.kind(e), other.numbers[e], other.counts[e]);
                into = size - 1;
            }
            settled[into] += other.counts[e];
        }
        return true;
    }

    public int size() {
        return size;
    }

    public long count(int entry) {
        return counts[entry];
    }

    /** The occurrences counted since the last call (for the owner's statistics), marking them taken. */
    long takePending(int entry) {
        long pending = counts[entry] - settled[entry];
        settled[entry] = counts[entry];
        return pending;
    }

    /** The value's length in chars. */
    int chars(int entry) {
        return chars[entry];
    }

    /** {@link String#hashCode} of the value. */
    int hash(int entry) {
        return hashes[entry];
    }

    ValueKind kind(int entry) {
        return KINDS[kinds[entry]];
    }

    /** The value's number (integer, double or epoch seconds); NaN for other kinds. */
    double number(int entry) {
        return numbers[entry];
    }

    /** The value as text. */
    public String value(int entry) {
        return new String(arena, offsets[entry], lengths[entry], StandardCharsets.UTF_8);
    }
}
