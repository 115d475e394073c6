package io.mlsteps.data;

import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.datasketches.theta.UpdateSketch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The distinct-rows sketch of a profile while it is being filled: the same theta sketch, value for value, as
 * DataSketches' {@link UpdateSketch} with {@code nominalEntries} fed each row's 64-bit hash, built more cheaply.
 *
 * <p>Why it is the same: that sketch keeps every distinct hash below its theta; theta starts at the maximum and
 * changes only when the kept hashes number one more than 15/16 of its table ({@link #rebuildAt}), to the
 * (k+1)-th smallest of them, keeping the k smaller. Here the hashes below theta are appended to an array (with
 * their repeats); when it is full they are sorted and repeats removed, and when they are then all distinct
 * (the array holds exactly {@link #rebuildAt} distinct hashes, the update sketch's rebuild point) theta moves the
 * same way. The update sketch's cost was its hash table, probed at up to 15/16 load with a cache miss per probe;
 * appending and sorting runs through memory in order. {@code RowHashesTest} checks the serialised sketches
 * against the library's, alone and merged.
 */
final class RowHashes {
    /** DataSketches' default update seed: the hashes must be the update sketch's. */
    private static final long SEED = 9001L;
    private static final short SEED_HASH = seedHash();

    private final int k;
    /** The update sketch's rebuild point: its table (2k longs) holds at most 15/16 of it before theta moves. */
    private final int rebuildAt;
    private long theta = Long.MAX_VALUE;
    private long[] hashes = new long[1024];
    private long[] spare;
    /** The buckets' bounds while sorting ({@link #sortAppended}). */
    private int[] starts;
    /** Hashes in {@link #hashes}: the first {@link #sorted} sorted and distinct, then those appended since. */
    private int size;
    private int sorted;
    private boolean empty = true;

    RowHashes(int nominalEntries) {
        if (Integer.bitCount(nominalEntries) != 1 || nominalEntries < 16) {
            throw new IllegalArgumentException("nominal entries must be a power of 2 of at least 16: " + nominalEntries);
        }
        this.k = nominalEntries;
        this.rebuildAt = (int) Math.floor(15.0 / 16.0 * (2 * nominalEntries)) + 1;
    }

    /** Adds a row's 64-bit hash, as {@link UpdateSketch#update(long)} does. */
    void update(long datum) {
        empty = false;
        long h = hash(datum);
        if (h - 1 >= 0 && h < theta) { // the update sketch's test: neither zero nor at or above theta
            hashes[size++] = h;
            if (size == hashes.length) {
                grow();
            }
        }
    }

    /**
     * MurmurHash3 (x64, 128 bits) of the datum as one long with the update seed, the first half shifted right
     * once: the hash {@link UpdateSketch#update(long)} keeps, without the two arrays it allocates per call.
     */
    static long hash(long datum) {
        long h1 = SEED;
        long h2 = SEED;
        long k1 = datum * 0x87c37b91114253d5L;
        k1 = Long.rotateLeft(k1, 31);
        k1 *= 0x4cf5ad432745937fL;
        h1 ^= k1;
        h1 ^= 8;
        h2 ^= 8;
        h1 += h2;
        h2 += h1;
        h1 = mix(h1);
        h2 = mix(h2);
        h1 += h2;
        return h1 >>> 1;
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return x;
    }

    /** Makes room: a larger array while below the rebuild point, else sorts and drops repeats (maybe moving theta). */
    private void grow() {
        if (hashes.length < rebuildAt) {
            hashes = Arrays.copyOf(hashes, Math.min(rebuildAt, hashes.length * 4));
            return;
        }
        settle();
        if (size == rebuildAt) {
            // the update sketch's rebuild: theta becomes the (k+1)-th smallest, the k smaller stay
            theta = hashes[k];
            size = k;
            sorted = k;
        }
    }

    /** Sorts the appended hashes into the sorted part, dropping repeats. */
    private void settle() {
        if (sorted == size) {
            return;
        }
        if (spare == null || spare.length < hashes.length) {
            spare = new long[hashes.length];
        }
        sortAppended();
        long[] out = spare;
        int i = 0;
        int j = sorted;
        int n = 0;
        long last = 0; // no hash is 0
        while (i < sorted || j < size) {
            long v = j >= size || i < sorted && hashes[i] <= hashes[j] ? hashes[i++] : hashes[j++];
            if (v != last) {
                out[n++] = v;
                last = v;
            }
        }
        spare = hashes;
        hashes = out;
        size = n;
        sorted = n;
    }

    /**
     * Sorts {@code hashes[sorted, size)}: hashes are spread evenly below theta, so a pass that places them by their
     * top bits into buckets of about two, then sorting each bucket, takes about half the time of a general sort
     * (most of this class's cost). A bucket holding many copies of few values is sorted generally.
     */
    private void sortAppended() {
        int n = size - sorted;
        if (n < 1024) {
            Arrays.sort(hashes, sorted, size);
            return;
        }
        int lgBuckets = 31 - Integer.numberOfLeadingZeros(n) - 1;
        int buckets = 1 << lgBuckets;
        int shift = Math.max(0, 64 - Long.numberOfLeadingZeros(theta - 1) - lgBuckets);
        if (starts == null || starts.length < buckets + 1) {
            starts = new int[buckets + 1];
        } else {
            Arrays.fill(starts, 0, buckets + 1, 0);
        }
        int[] at = starts;
        long[] h = hashes;
        for (int i = sorted; i < size; i++) {
            at[(int) (h[i] >>> shift) + 1]++;
        }
        for (int b = 0; b < buckets; b++) {
            at[b + 1] += at[b];
        }
        long[] out = spare;
        for (int i = sorted; i < size; i++) {
            out[at[(int) (h[i] >>> shift)]++] = h[i];
        }
        // at[b] is now the end of bucket b, the start of bucket b + 1
        int start = 0;
        for (int b = 0; b < buckets; b++) {
            int end = at[b];
            if (end - start > 32) {
                Arrays.sort(out, start, end);
            } else {
                for (int i = start + 1; i < end; i++) {
                    long v = out[i];
                    int j = i - 1;
                    while (j >= start && out[j] > v) {
                        out[j + 1] = out[j];
                        j--;
                    }
                    out[j + 1] = v;
                }
            }
            start = end;
        }
        System.arraycopy(out, 0, h, sorted, n);
    }

    /** The sketch as {@link UpdateSketch#compact()} gives it (ordered), with the same bytes. */
    CompactSketch compact() {
        settle();
        return sketch(hashes, size, theta, empty);
    }

    /**
     * The union of two sketches as DataSketches' {@code Union} with {@code nominalEntries} gives it, with the same
     * bytes: the distinct hashes of both below the smaller theta; when there are more than k of them, the k
     * smallest, with the (k+1)-th as theta (the union's result is the same whatever the inputs' order or rebuilds,
     * since each of their thetas is at or above that hash). Merging the two sorted arrays replaces building the
     * union's hash table on the thread that combines the scan's workers.
     */
    static CompactSketch union(RowHashes a, RowHashes b) {
        if (a.k != b.k) {
            throw new IllegalArgumentException("nominal entries differ: " + a.k + " and " + b.k);
        }
        a.settle();
        b.settle();
        long limit = Math.min(a.theta, b.theta);
        long[] out = new long[Math.min(a.size + b.size, a.k + 1)];
        int n = 0;
        int i = 0;
        int j = 0;
        long last = 0;
        while (n < out.length && (i < a.size || j < b.size)) {
            long v = j >= b.size || i < a.size && a.hashes[i] <= b.hashes[j] ? a.hashes[i++] : b.hashes[j++];
            if (v >= limit) {
                break; // both arrays are sorted: nothing smaller follows
            }
            if (v != last) {
                out[n++] = v;
                last = v;
            }
        }
        long theta = limit;
        if (n > a.k) {
            theta = out[a.k];
            n = a.k;
        }
        return sketch(out, n, theta, a.empty && b.empty);
    }

    /** A compact, ordered sketch of the sorted distinct {@code hashes[0, count)} below {@code theta}, serialised as the library does. */
    private static CompactSketch sketch(long[] hashes, int count, long theta, boolean empty) {
        boolean single = count == 1 && theta == Long.MAX_VALUE;
        boolean isEmpty = count == 0 && (empty || theta == Long.MAX_VALUE);
        long thetaOut = isEmpty ? Long.MAX_VALUE : theta;
        int preLongs = thetaOut < Long.MAX_VALUE ? 3 : isEmpty || single ? 1 : 2;
        int flags = 2 | 8 | 16; // read-only, compact, ordered
        if (isEmpty) {
            flags |= 4;
        }
        if (single) {
            flags |= 32;
        }
        ByteBuffer b = ByteBuffer.allocate((preLongs + count) * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) preLongs).put(1, (byte) 3).put(2, (byte) 3).put(5, (byte) flags).putShort(6, SEED_HASH);
        if (preLongs > 1) {
            b.putInt(8, count).putFloat(12, 1.0f);
        }
        if (preLongs > 2) {
            b.putLong(16, thetaOut);
        }
        for (int i = 0; i < count; i++) {
            b.putLong((preLongs + i) * 8, hashes[i]);
        }
        return CompactSketch.heapify(Memory.wrap(b.array()));
    }

    /** The seed's hash as the library stores it (bytes 6-7 of a serialised sketch). */
    private static short seedHash() {
        UpdateSketch s = UpdateSketch.builder().setNominalEntries(16).build();
        s.update(1L);
        s.update(2L);
        return ByteBuffer.wrap(s.compact().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getShort(6);
    }
}
