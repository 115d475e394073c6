package io.mlsteps.util;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.testing.PythonOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** File and byte hashes against Python's hashlib: empty, one buffer, across buffer edges, gzip-looking bytes. */
class HashingTest {
    @TempDir
    Path dir;

    private static JsonNode hashlib(Path... files) {
        StringBuilder list = new StringBuilder();
        for (Path f : files) {
            list.append("'").append(f).append("',");
        }
        return PythonOracle.json("import hashlib, json\n"
                + "print(json.dumps({f: [hashlib.sha256(open(f, 'rb').read()).hexdigest(),"
                + " hashlib.md5(open(f, 'rb').read()).hexdigest()] for f in [" + list + "]}))\n");
    }

    @Test
    void fileHashesEqualHashlibsAcrossBufferEdges() throws Exception {
        PythonOracle.assumeModules("hashlib");
        Random random = new Random(3);
        Path empty = Files.createFile(dir.resolve("empty"));
        Path small = Files.writeString(dir.resolve("small.csv"), "a,b\n1,2\n");
        byte[] exact = new byte[1 << 16];
        random.nextBytes(exact);
        Path buffer = Files.write(dir.resolve("buffer.bin"), exact);
        byte[] over = new byte[(1 << 17) + 1];
        random.nextBytes(over);
        over[0] = 0x1f;
        over[1] = (byte) 0x8b;  // looks like gzip: hashed as stored, never decompressed
        Path big = Files.write(dir.resolve("big.gz"), over);
        JsonNode expected = hashlib(empty, small, buffer, big);
        for (Path f : new Path[]{empty, small, buffer, big}) {
            assertThat(Hashing.sha256(f)).as(f.toString()).isEqualTo(expected.get(f.toString()).get(0).asText());
            assertThat(Hashing.md5(f)).as(f.toString()).isEqualTo(expected.get(f.toString()).get(1).asText());
            assertThat(Hashing.sha256(Files.readAllBytes(f))).isEqualTo(Hashing.sha256(f));
        }
        assertThat(Hashing.sha256(empty)).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void aLargeFileHashedByTheSystemsToolEqualsTheJdksDigestAndHashlib() throws Exception {
        PythonOracle.assumeModules("hashlib");
        byte[] data = new byte[(int) Hashing.TOOL_MIN_BYTES + 12_345];
        new Random(7).nextBytes(data);
        Path big = Files.write(dir.resolve("-big data.csv.gz"), data); // a leading dash and a space in the name
        String byTool = Hashing.sha256ByTool(big);
        org.junit.jupiter.api.Assumptions.assumeTrue(byTool != null, "no openssl or sha256sum on the PATH");
        String expected = hashlib(big).get(big.toString()).get(0).asText();
        assertThat(byTool).isEqualTo(expected);
        assertThat(Hashing.sha256(big)).isEqualTo(expected);
        assertThat(Hashing.sha256(data)).isEqualTo(expected);
    }

    @Test
    void aHashBesideAReadGivesTheSameHash() throws Exception {
        Path file = Files.writeString(dir.resolve("data.csv"), "x\n".repeat(10_000));
        assertThat(Hashing.sha256Beside(file).join()).isEqualTo(Hashing.sha256(file));
    }

    @Test
    void aMissingFileIsAnErrorNamingItBothWays() {
        Path missing = dir.resolve("missing.csv");
        assertThatThrownBy(() -> Hashing.sha256(missing)).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot read " + missing);
        assertThatThrownBy(() -> Hashing.sha256Beside(missing).join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(UncheckedIOException.class);
    }

    @Test
    void byteHashesAreLowerCaseHexOfSixtyFourDigits() {
        assertThat(Hashing.sha256("abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Hashing.sha256(new byte[0])).hasSize(64).matches("[0-9a-f]+");
    }
}
