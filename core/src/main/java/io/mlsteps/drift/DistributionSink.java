package io.mlsteps.drift;

import io.mlsteps.data.ByteRowSink;
import io.mlsteps.data.TypeInference;
import io.mlsteps.data.ValueTable;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One worker's part of a drift profile during a {@link io.mlsteps.data.DataScan}. Records from the scan's
 * byte-level fast path are profiled from their bytes: numbers without a String per cell (plain decimals with
 * correct rounding; anything unusual goes through {@link ColumnDistribution#add}), categories counted by their
 * bytes in a {@link ValueTable} (keyed by the String hash the scan computed while splitting). Records the general reader delivers go through {@link ColumnDistribution#add}. Same distributions
 * either way; call {@link #finish} before reading or merging the profile.
 */
final class DistributionSink implements ByteRowSink {
    final DriftProfile profile;
    private final ColumnDistribution[] cols;
    private final ValueTable[] cats;
    private final boolean[] catsFull;
    private final boolean[] dateLike;
    private long rows;

    DistributionSink(List<String> names) {
        this(new DriftProfile(), names);
    }

    /** A sink that goes on from a profile (a part read back from its saved form). */
    DistributionSink(DriftProfile profile) {
        this(profile, List.copyOf(profile.columns().keySet()));
    }

    private DistributionSink(DriftProfile profile, List<String> names) {
        this.profile = profile;
        int n = names.size();
        cols = new ColumnDistribution[n];
        cats = new ValueTable[n];
        catsFull = new boolean[n];
        dateLike = new boolean[n];
        for (int i = 0; i < n; i++) {
            cols[i] = profile.column(names.get(i));
            cats[i] = categoryTable();
            dateLike[i] = true;
        }
    }

    /** Up to the profile's category cap; no limit per value, as on the general reader's path. */
    private static ValueTable categoryTable() {
        return new ValueTable(ColumnDistribution.MAX_CATEGORIES, Integer.MAX_VALUE, Integer.MAX_VALUE - 8);
    }

    @Override
    public void accept(String[] values, long line) {
        for (int i = 0; i < cols.length; i++) {
            cols[i].add(values[i]);
        }
        rows++;
    }

    @Override
    public void acceptBytes(byte[] buf, int[] starts, int[] ends, int[] hashes, boolean[] missing, long line) {
        for (int f = 0; f < cols.length; f++) {
            ColumnDistribution c = cols[f];
            if (missing[f]) {
                c.rows++;
                c.missing++;
            } else {
                cell(f, c, buf, starts[f], ends[f], hashes[f]);
            }
        }
        rows++;
    }

    /** Moves the byte-counted categories and the rows seen so far into the profile (again after more rows). */
    DistributionSink finish() {
        for (int i = 0; i < cols.length; i++) {
            ColumnDistribution c = cols[i];
            ValueTable table = cats[i];
            for (int e = 0; e < table.size(); e++) {
                c.addTextCount(table.value(e), table.count(e));
            }
            c.textDateLike(dateLike[i]);
            cats[i] = categoryTable();
            dateLike[i] = true;
        }
        profile.setRows(profile.rows() + rows);
        rows = 0;
        return this;
    }

    private void cell(int f, ColumnDistribution c, byte[] buf, int s, int e, int hash) {
        byte b = s < e ? buf[s] : 0; // an empty cell (when '' is not a missing marker) is text
        if (((b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.')) {
            double v = TypeInference.parseDecimal(buf, s, e);
            if (!Double.isNaN(v)) {
                c.rows++;
                c.addNumber(v);
                return;
            }
            if (!c.isTextOnly() && !dateLike(buf, s, e)) {
                c.add(new String(buf, s, e - s, StandardCharsets.ISO_8859_1)); // rare forms: exponent, long mantissa
                return;
            }
        } else if ((b == 'N' || b == 'I' || b == 'n' || b == 'i')) {
            if (!c.isTextOnly()) {
                c.add(new String(buf, s, e - s, StandardCharsets.ISO_8859_1)); // NaN, Infinity, or text
                return;
            }
        }
        text(f, c, buf, s, e, hash);
    }

    private void text(int f, ColumnDistribution c, byte[] buf, int s, int e, int hash) {
        c.rows++;
        c.textSeen();
        if (dateLike[f] && !dateLike(buf, s, e)) {
            dateLike[f] = false;
        }
        if (catsFull[f]) {
            c.addTextCount(null, 0);
            return;
        }
        ValueTable table = cats[f];
        int entry = table.find(buf, s, e, hash);
        if (entry >= 0) {
            table.increment(entry);
        } else if (!table.add(buf, s, e, hash, 1)) {
            catsFull[f] = true;
            c.addTextCount(null, 0);
        }
    }

    private static boolean dateLike(byte[] buf, int s, int e) {
        int len = e - s;
        if (len < 10 || buf[s + 4] != '-' || buf[s + 7] != '-') {
            return false;
        }
        if (!digit(buf[s]) || !digit(buf[s + 1]) || !digit(buf[s + 2]) || !digit(buf[s + 3])
                || !digit(buf[s + 5]) || !digit(buf[s + 6]) || !digit(buf[s + 8]) || !digit(buf[s + 9])) {
            return false;
        }
        return len == 10 || buf[s + 10] == ' ' || buf[s + 10] == 'T';
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }
}
