package io.mlsteps.drift;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Counts per distinct byte string, without creating a String per cell (the fast CSV path's category counter). */
final class ByteCategories {
    private byte[][] keys = new byte[256][];
    private long[] counts = new long[256];
    private int[] hashes = new int[256];
    private int size;

    int size() {
        return size;
    }

    /** Adds one occurrence; returns false (and adds nothing) when a new key would exceed {@code cap}. */
    boolean add(byte[] buf, int start, int end, int cap) {
        int h = 1;
        for (int i = start; i < end; i++) {
            h = 31 * h + buf[i];
        }
        h ^= h >>> 16;
        int mask = keys.length - 1;
        int i = h & mask;
        int len = end - start;
        while (keys[i] != null) {
            if (hashes[i] == h && keys[i].length == len && same(keys[i], buf, start, len)) {
                counts[i]++;
                return true;
            }
            i = (i + 1) & mask;
        }
        if (size >= cap) {
            return false;
        }
        keys[i] = Arrays.copyOfRange(buf, start, end);
        hashes[i] = h;
        counts[i] = 1;
        if (++size * 2 > keys.length) {
            grow();
        }
        return true;
    }

    private static boolean same(byte[] key, byte[] buf, int start, int len) {
        for (int j = 0; j < len; j++) {
            if (key[j] != buf[start + j]) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        long[] oldCounts = counts;
        int[] oldHashes = hashes;
        keys = new byte[oldKeys.length * 2][];
        counts = new long[oldKeys.length * 2];
        hashes = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = oldHashes[j] & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                hashes[i] = oldHashes[j];
                counts[i] = oldCounts[j];
            }
        }
    }

    /** Visits every key as a UTF-8 decoded string with its count (counts are below 2^31 per visit call here). */
    void forEach(java.util.function.BiConsumer<String, Long> visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                visitor.accept(new String(keys[i], StandardCharsets.UTF_8), counts[i]);
            }
        }
    }

}
