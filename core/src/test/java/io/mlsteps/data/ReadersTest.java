package io.mlsteps.data;

import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Readers on good and bad input, through both paths: the sequential {@link RecordReader} (threads = 1) and
 * the chunked parallel scan (threads = 2). Every bad input is an {@link InputException} with file:line:column.
 */
@Timeout(60)
class ReadersTest {
    @TempDir
    Path tmp;

    /** All records of a file, as the chosen path sees them. */
    List<List<String>> read(Path file, ReadOptions options, int threads) {
        List<List<String>> rows = new ArrayList<>();
        if (threads == 0) {
            try (RecordReader r = DataReaders.open(file, options)) {
                String[] v;
                while ((v = r.next()) != null) {
                    rows.add(Arrays.asList(v.clone()));
                }
            }
            return rows;
        }
        // the scan delivers rows per chunk; collect them with their lines and sort by line
        List<Object[]> seen = DataScan.scan(file, options, StepLog.silent(), threads, cols -> new Collector(),
                (a, b) -> {
                    a.rows.addAll(b.rows);
                    return a;
                }).rows;
        seen.sort((x, y) -> Long.compare((Long) x[0], (Long) y[0]));
        for (Object[] r : seen) {
            rows.add(Arrays.asList((String[]) r[1]));
        }
        return rows;
    }

    static final class Collector implements RowSink {
        final List<Object[]> rows = new ArrayList<>();

        @Override
        public void accept(String[] values, long line) {
            rows.add(new Object[]{line, values.clone()});
        }
    }

    List<String> columns(Path file, ReadOptions options) {
        try (RecordReader r = DataReaders.open(file, options)) {
            return r.columns();
        }
    }

    Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    Path write(String name, byte[] bytes) throws IOException {
        Path file = tmp.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    InputException error(Path file, ReadOptions options, int threads) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> {
            read(file, options, threads);
        });
        assertThat(t).as("expected an input error").isInstanceOf(InputException.class);
        return (InputException) t;
    }

    // ---- good input ------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void quotedFieldsCrlfAndBom(int threads) throws IOException {
        Path f = write("q.csv", "\uFEFFname,note,n\r\n\"Smith, J\",\"said \"\"hi\"\"\r\nthen left\",1\r\nLee,,NA\r\n");
        assertThat(columns(f, ReadOptions.defaults())).containsExactly("name", "note", "n");
        assertThat(read(f, ReadOptions.defaults(), threads)).containsExactly(
                Arrays.asList("Smith, J", "said \"hi\"\r\nthen left", "1"),
                Arrays.asList("Lee", null, null));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void tsvWithoutHeaderAndCustomMissingMarkers(int threads) throws IOException {
        Path f = write("t.tsv", "1\tx\t-\n2\ty\tz\n");
        ReadOptions o = ReadOptions.defaults().withHeader(false).withMissingMarkers(Set.of("-"));
        assertThat(columns(f, o)).containsExactly("c1", "c2", "c3");
        assertThat(read(f, o, threads)).containsExactly(Arrays.asList("1", "x", null), Arrays.asList("2", "y", "z"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void gzipIsDetectedByContent(int threads) throws IOException {
        Path f = write("data.csv.gz", gzip("a,b\n1,2\n3,4".getBytes(StandardCharsets.UTF_8)));
        assertThat(read(f, ReadOptions.defaults(), threads)).containsExactly(List.of("1", "2"), List.of("3", "4"));
    }

    @Test
    void jsonLines() throws IOException {
        Path f = write("d.jsonl", "{\"a\": 1, \"b\": \"x\"}\n\n{\"b\": null, \"a\": 2.5}\n");
        assertThat(columns(f, ReadOptions.defaults())).containsExactly("a", "b");
        assertThat(read(f, ReadOptions.defaults(), 0)).containsExactly(List.of("1", "x"), Arrays.asList("2.5", null));
    }

    @Test
    void chunkedScanOfManyRowsSeesEveryRowOnceWithItsLine() throws IOException {
        StringBuilder sb = new StringBuilder("id,text\n");
        int n = 300_000;
        for (int i = 0; i < n; i++) {
            sb.append(i).append(',').append(i % 97 == 0 ? "\"multi\nline, quoted\"" : "plain").append('\n');
        }
        Path f = write("big.csv", sb.toString());
        List<Object[]> rows = DataScan.scan(f, ReadOptions.defaults(), StepLog.silent(), 2, c -> new Collector(),
                (a, b) -> {
                    a.rows.addAll(b.rows);
                    return a;
                }).rows;
        assertThat(rows).hasSize(n);
        rows.sort((x, y) -> Long.compare((Long) x[0], (Long) y[0]));
        long expectedLine = 2;
        for (int i = 0; i < n; i++) {
            assertThat(rows.get(i)[0]).as("line of row %d", i).isEqualTo(expectedLine);
            assertThat(((String[]) rows.get(i)[1])[0]).isEqualTo(String.valueOf(i));
            expectedLine += i % 97 == 0 ? 2 : 1;
        }
    }

    // ---- bad input -------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void raggedRow(int threads) throws IOException {
        Path f = write("r.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n");
        InputException e = error(f, ReadOptions.defaults(), threads);
        assertThat(e.getMessage()).startsWith(f + ":3:3: expected 3 fields but found 2");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void unclosedQuote(int threads) throws IOException {
        Path f = write("u.csv", "a,b\n1,2\n3,\"open\n4,5\n");
        InputException e = error(f, ReadOptions.defaults(), threads);
        assertThat(e.getMessage()).startsWith(f + ":3:3: unclosed quote");
        assertThat(e.getMessage()).contains("expected a closing quote");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void invalidUtf8(int threads) throws IOException {
        byte[] head = "a,b\n1,ok\n2,caf".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(head, head.length + 3);
        bytes[head.length] = (byte) 0xE9; // latin-1 é
        bytes[head.length + 1] = '\n';
        bytes[head.length + 2] = '3';
        Path f = write("i.csv", concat(bytes, ",x\n".getBytes(StandardCharsets.UTF_8)));
        InputException e = error(f, ReadOptions.defaults(), threads);
        assertThat(e.getMessage()).startsWith(f + ":3:2: invalid UTF-8 byte sequence").contains("expected UTF-8");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void emptyFile(int threads) throws IOException {
        Path f = write("e.csv", "");
        InputException e = error(f, ReadOptions.defaults(), threads);
        assertThat(e.getMessage()).isEqualTo(f + ":1:1: file is empty; expected a header line naming the columns");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void headerOnlyHasColumnsAndNoRows(int threads) throws IOException {
        Path f = write("h.csv", "a,b\n");
        assertThat(columns(f, ReadOptions.defaults())).containsExactly("a", "b");
        assertThat(read(f, ReadOptions.defaults(), threads)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void oneMegabyteField(int threads) throws IOException {
        String big = "x".repeat(1 << 20);
        Path quoted = write("big-quoted.csv", "a,b\n1,2\n3,\"" + big + "\"\n");
        assertThat(error(quoted, ReadOptions.defaults(), threads).getMessage())
                .startsWith(quoted + ":3:3: quoted field is longer than 1000000 characters");
        Path plain = write("big-plain.csv", "a,b\n1,2\n3," + big + "\n");
        assertThat(error(plain, ReadOptions.defaults(), threads).getMessage())
                .startsWith(plain + ":3:2: field of 1048576 characters is longer than the limit of 1000000");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void truncatedGzip(int threads) throws IOException {
        StringBuilder sb = new StringBuilder("a,b\n");
        for (int i = 0; i < 200_000; i++) {
            sb.append(i).append(",").append(i * 7919 % 1000).append('\n');
        }
        byte[] gz = gzip(sb.toString().getBytes(StandardCharsets.UTF_8));
        Path f = write("t.csv.gz", Arrays.copyOf(gz, gz.length / 2));
        InputException e = error(f, ReadOptions.defaults(), threads);
        assertThat(e.getMessage()).startsWith(f + ":").contains("truncated or corrupt gzip data").contains("after line");
        assertThat(e.line()).isGreaterThan(1000);
    }

    @Test
    void jsonLinesBadLine() throws IOException {
        Path f = write("b.jsonl", "{\"a\": 1}\n{\"a\": 2\n");
        InputException e = error(f, ReadOptions.defaults(), 0);
        assertThat(e.getMessage()).startsWith(f + ":2:").contains("invalid JSON");
    }

    @Test
    void duplicateHeaderName() throws IOException {
        Path f = write("d.csv", "a,b,a\n1,2,3\n");
        assertThat(error(f, ReadOptions.defaults(), 2).getMessage()).isEqualTo(f
                + ":1:3: duplicate column name 'a' in the header; expected unique names");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
