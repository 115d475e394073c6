package io.mlsteps.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlsteps.testing.SharedData;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.AfterEach;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The byte-level fast path of {@link DataScan} ({@link ByteCsvRows}) against the general reader: the same
 * records with the same lines, the same profiles, the same located errors, on real datasets and on the
 * inputs the fast path hands over (quotes, CRLF, non-ASCII, lone CR, empty lines, bad rows).
 */
@Timeout(120)
class ByteCsvRowsTest {
    @TempDir
    Path tmp;

    @AfterEach
    void restore() {
        DataScan.fastPath = true;
    }

    /** Records with their lines, sorted by line, through the chunked scan with the fast path on or off. */
    static List<List<String>> scan(Path file, ReadOptions options, boolean fast) {
        DataScan.fastPath = fast;
        try {
            List<Object[]> seen = DataScan.scan(file, options, StepLog.silent(), 2, cols -> new ReadersTest.Collector(),
                    (a, b) -> {
                        a.rows.addAll(b.rows);
                        return a;
                    }).rows;
            seen.sort((x, y) -> Long.compare((Long) x[0], (Long) y[0]));
            List<List<String>> rows = new ArrayList<>();
            for (Object[] r : seen) {
                List<String> row = new ArrayList<>();
                row.add("line " + r[0]);
                row.addAll(Arrays.asList((String[]) r[1]));
                rows.add(row);
            }
            return rows;
        } finally {
            DataScan.fastPath = true;
        }
    }

    /** The parts of a profile that do not depend on how chunks met the workers. */
    static ObjectNode profile(Path file, boolean fast) {
        DataScan.fastPath = fast;
        try {
            ObjectNode json = DatasetProfile.compute(file, ReadOptions.defaults(), StepLog.silent(), 2).toJson();
            // the exact parts; sketch bytes, quantiles and float sums depend on how chunks met the workers
            json.remove("createdAt");
            json.remove("sketches");
            for (var column : json.withArray("columns")) {
                ObjectNode c = (ObjectNode) column;
                c.remove("sketches");
                if (c.get("numeric") instanceof ObjectNode numeric) {
                    numeric.remove(List.of("quantiles", "histogram", "mean", "m2", "stddev"));
                }
            }
            return json;
        } finally {
            DataScan.fastPath = true;
        }
    }

    static String error(Path file, boolean fast) {
        Throwable t = catchThrowable(() -> scan(file, ReadOptions.defaults(), fast));
        assertThat(t).as("expected an input error").isInstanceOf(InputException.class);
        return t.getMessage();
    }

    Path write(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    static byte[] gzip(byte[] data) throws IOException {
        return ReadersTest.gzip(data);
    }

    @ParameterizedTest
    @ValueSource(strings = {"adult/adult_train.csv", "small/penguins.csv", "small/iris.csv", "drift/bike_sharing_hour.csv"})
    void sharedDatasetsGiveTheSameRecordsAndProfiles(String name) {
        Path file = SharedData.require(name);
        List<List<String>> fast = scan(file, ReadOptions.defaults(), true);
        assertThat(fast).isNotEmpty().isEqualTo(scan(file, ReadOptions.defaults(), false));
        assertThat(profile(file, true)).isEqualTo(profile(file, false));
    }

    @Test
    void penguinsMissingValuesAreNullOnTheFastPath() {
        Path file = SharedData.require("small/penguins.csv");
        List<List<String>> rows = scan(file, ReadOptions.defaults(), true);
        assertThat(rows.stream().flatMap(List::stream).filter(v -> v == null).count()).isPositive();
        assertThat(rows.stream().flatMap(List::stream).filter("NA"::equals).count()).isZero();
    }

    /** Many chunks mixing fast records with every kind the fast path hands to the general reader. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void mixedRecordsAcrossChunksMatchTheGeneralReader(boolean gzip) throws IOException {
        StringBuilder sb = new StringBuilder("\uFEFFid,name,note\r\n");
        for (int i = 0; i < 120_000; i++) {
            switch (i % 11) {
                case 0 -> sb.append(i).append(",\"Smith, J\",\"said \"\"hi\"\"\r\nthen left\"\r\n");
                case 1 -> sb.append(i).append(",Zoë,café\n");
                case 2 -> sb.append(i).append(",NA,\n");
                case 3 -> sb.append("\r\n\n").append(i).append(",  padded , NA\t\r\n");
                case 4 -> sb.append(i).append(",a\"b,plain\n");
                default -> sb.append(i).append(",name").append(i % 7).append(',').append(i * 0.5).append('\n');
            }
        }
        sb.append("120000,last,no newline");
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        Path file = gzip ? write("mixed.csv.gz", gzip(bytes)) : write("mixed.csv", bytes);
        List<List<String>> fast = scan(file, ReadOptions.defaults(), true);
        assertThat(fast).hasSize(120_001).isEqualTo(scan(file, ReadOptions.defaults(), false));
        assertThat(fast.get(0)).containsExactly("line 2", "0", "Smith, J", "said \"hi\"\r\nthen left");
        assertThat(fast.get(1)).containsExactly("line 4", "1", "Zoë", "café");
        assertThat(fast.get(2)).containsExactly("line 5", "2", null, null);
        assertThat(fast.get(3)).containsExactly("line 8", "3", "  padded ", null);
        assertThat(profile(file, true)).isEqualTo(profile(file, false));
    }

    @Test
    void loneCarriageReturnsAreNumberedLikeTheGeneralReader() throws IOException {
        Path file = write("cr.csv", "a,b\n1,2\n3,4\r5,6\n7,8\n".getBytes(StandardCharsets.UTF_8));
        assertThat(scan(file, ReadOptions.defaults(), true)).isEqualTo(scan(file, ReadOptions.defaults(), false))
                .hasSize(4);
    }

    @Test
    void tabSeparatedWithCustomDelimiter() throws IOException {
        Path file = write("t.tsv", "x\ty\n1\tA\n2\tB\n\n3\t?\n".getBytes(StandardCharsets.UTF_8));
        assertThat(scan(file, ReadOptions.defaults(), true)).isEqualTo(scan(file, ReadOptions.defaults(), false))
                .containsExactly(List.of("line 2", "1", "A"), List.of("line 3", "2", "B"), Arrays.asList("line 5", "3", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ragged-few", "ragged-many", "unclosed", "utf8", "long", "long-quoted", "gzip-truncated"})
    void badInputGivesTheGeneralReadersLocatedError(String kind) throws IOException {
        StringBuilder sb = new StringBuilder("a,b,c\n");
        for (int i = 0; i < 50_000; i++) {
            sb.append(i).append(",x,").append(i % 3).append('\n');
        }
        String body = sb.toString();
        byte[] bytes = switch (kind) {
            case "ragged-few" -> (body + "1,2\n4,5,6\n").getBytes(StandardCharsets.UTF_8);
            case "ragged-many" -> (body + "1,2,3,4\n").getBytes(StandardCharsets.UTF_8);
            case "unclosed" -> (body + "1,\"open,3\n4,5,6\n").getBytes(StandardCharsets.UTF_8);
            case "long" -> (body + "1," + "y".repeat(1_000_001) + ",3\n").getBytes(StandardCharsets.UTF_8);
            case "long-quoted" -> (body + "1,\"" + "y".repeat(1_000_001) + "\",3\n").getBytes(StandardCharsets.UTF_8);
            case "utf8", "gzip-truncated" -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(body.getBytes(StandardCharsets.UTF_8));
                out.writeBytes(new byte[]{'7', ',', (byte) 0xC3, (byte) 0x28, ',', '1', '\n'});
                yield out.toByteArray();
            }
            default -> throw new IllegalArgumentException(kind);
        };
        Path file;
        if (kind.equals("gzip-truncated")) {
            byte[] gz = gzip(bytes);
            file = write("bad.csv.gz", Arrays.copyOf(gz, gz.length - 20));
        } else {
            file = write("bad.csv", bytes);
        }
        String fast = error(file, true);
        assertThat(fast).isEqualTo(error(file, false)).contains(file.toString() + ":");
        if (!kind.equals("gzip-truncated")) {
            assertThat(fast).contains(":50002:");
        }
    }
}
