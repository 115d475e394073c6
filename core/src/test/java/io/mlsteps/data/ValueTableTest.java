package io.mlsteps.data;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The exact value counter: values found by their bytes, counted, bounded by capacity, key length and memory. */
class ValueTableTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int count(ValueTable t, String value) {
        byte[] b = bytes(value);
        int e = t.find(b, 0, b.length, ValueTable.stringHash(b, 0, b.length));
        return e < 0 ? -1 : (int) t.count(e);
    }

    private static boolean add(ValueTable t, String value, long n) {
        byte[] b = bytes(value);
        return t.add(b, 0, b.length, ValueTable.stringHash(b, 0, b.length), n);
    }

    @Test
    void theHashIsTheStringsOwnForAscii() {
        for (String s : new String[]{"", "a", "hello world", "1.5e10", "Gentoo"}) {
            byte[] b = bytes("[" + s + "]");
            assertThat(ValueTable.stringHash(b, 1, b.length - 1)).as(s).isEqualTo(s.hashCode());
        }
    }

    @Test
    void valuesAreFoundByTheirBytesWithinABuffer() {
        ValueTable t = new ValueTable(10, 64, 1024);
        assertThat(add(t, "red", 2)).isTrue();
        assertThat(add(t, "blue", 1)).isTrue();
        byte[] line = bytes("x,red,y");
        int e = t.find(line, 2, 5, ValueTable.stringHash(line, 2, 5));
        assertThat(e).isNotNegative();
        assertThat(t.value(e)).isEqualTo("red");
        t.increment(e);
        assertThat(count(t, "red")).isEqualTo(3);
        assertThat(count(t, "blue")).isEqualTo(1);
        assertThat(count(t, "re")).as("a prefix is another value").isEqualTo(-1);
        assertThat(count(t, "green")).isEqualTo(-1);
        assertThat(t.size()).isEqualTo(2);
    }

    @Test
    void theEmptyValueAndNonAsciiTextAreValuesToo() {
        ValueTable t = new ValueTable(10, 64, 1024);
        assertThat(add(t, "", 4)).isTrue();
        assertThat(add(t, "Zürich", 1)).isTrue();
        assertThat(count(t, "")).isEqualTo(4);
        assertThat(count(t, "Zürich")).isEqualTo(1);
        byte[] b = bytes("Zürich");
        assertThat(t.value(t.find(b, 0, b.length, ValueTable.stringHash(b, 0, b.length)))).isEqualTo("Zürich");
    }

    @Test
    void itRefusesBeyondItsCapacityAndChangesNothing() {
        ValueTable t = new ValueTable(3, 64, 1024);
        assertThat(add(t, "a", 1)).isTrue();
        assertThat(add(t, "b", 1)).isTrue();
        assertThat(add(t, "c", 1)).isTrue();
        assertThat(add(t, "d", 1)).isFalse();
        assertThat(t.size()).isEqualTo(3);
        assertThat(count(t, "d")).isEqualTo(-1);
    }

    @Test
    void itRefusesAValueLongerThanAKeyOrBeyondItsMemory() {
        ValueTable t = new ValueTable(100, 8, 20);
        assertThat(add(t, "12345678", 1)).isTrue();
        assertThat(add(t, "123456789", 1)).as("9 bytes, keys hold 8").isFalse();
        assertThat(add(t, "abcdefgh", 1)).isTrue();
        assertThat(add(t, "ABCDEFGH", 1)).as("24 bytes in all, 20 allowed").isFalse();
        assertThat(add(t, "xyz", 1)).isTrue();
        assertThat(t.size()).isEqualTo(3);
    }

    /** Thousands of values (the slots grow many times) keep their exact counts, as a HashMap counts them. */
    @Test
    void manyValuesKeepExactCountsThroughGrowth() {
        ValueTable t = new ValueTable(10_000, 64, 1 << 20);
        Map<String, Integer> expected = new HashMap<>();
        Random rnd = new Random(4);
        for (int i = 0; i < 50_000; i++) {
            String v = "v" + rnd.nextInt(5_000);
            byte[] b = bytes(v);
            int hash = ValueTable.stringHash(b, 0, b.length);
            int e = t.find(b, 0, b.length, hash);
            if (e < 0) {
                assertThat(t.add(b, 0, b.length, hash, 1)).isTrue();
            } else {
                t.increment(e);
            }
            expected.merge(v, 1, Integer::sum);
        }
        assertThat(t.size()).isEqualTo(expected.size());
        expected.forEach((v, n) -> assertThat(count(t, v)).as(v).isEqualTo(n));
    }
}
