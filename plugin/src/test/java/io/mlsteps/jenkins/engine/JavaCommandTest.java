package io.mlsteps.jenkins.engine;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JavaCommandTest {
    @Test
    void commandRunsTheGenericStepCommand() {
        assertThat(JavaCommand.build("/opt/jdk/bin/java", "-Xmx4g  -Dmlsteps.threads=2", "/cache/e.jar", "trainModel",
                "/ws/.mlsteps/trainModel/request.json", "/ws/.mlsteps/trainModel", "/ws"))
                .containsExactly("/opt/jdk/bin/java", "-Xmx4g", "-Dmlsteps.threads=2", "-jar", "/cache/e.jar", "step",
                        "trainModel", "--request", "/ws/.mlsteps/trainModel/request.json", "--out",
                        "/ws/.mlsteps/trainModel", "--work-dir", "/ws");
        assertThat(JavaCommand.build("java", null, "e.jar", "compareToBaseline", "r.json", "d", "w")).hasSize(11);
    }

    @Test
    void dataScanningStepsStartWithShortRunOptionsTheUserCanOverride() {
        assertThat(JavaCommand.build("java", null, "e.jar", "checkDrift", "r.json", "d", "w"))
                .startsWith("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar");
        assertThat(JavaCommand.build("java", "-Xmx2g", "e.jar", "validateData", "r.json", "d", "w"))
                .startsWith("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx2g", "-jar");
        // a collector of the user's own replaces the serial one (the JVM refuses two)
        assertThat(JavaCommand.build("java", "-XX:+UseG1GC", "e.jar", "validateData", "r.json", "d", "w"))
                .startsWith("java", "-XX:TieredStopAtLevel=1", "-XX:+UseG1GC", "-jar");
        assertThat(JavaCommand.build("java", null, "e.jar", "trainModel", "r.json", "d", "w"))
                .doesNotContain("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    }

    @Test
    void quotedOptionsStayTogether() {
        assertThat(JavaCommand.splitOptions("-Dname=\"two words\" '-Dother=a b' -Dempty=\"\" -Xss2m"))
                .containsExactly("-Dname=two words", "-Dother=a b", "-Dempty=", "-Xss2m");
        assertThat(JavaCommand.splitOptions("   ")).isEmpty();
        assertThatThrownBy(() -> JavaCommand.splitOptions("-Dx=\"open")).hasMessageContaining("unclosed \" quote");
    }

    @Test
    void javaReleasesTheEngineIsKnownToRunOn() {
        assertThat(JavaCommand.isKnownGoodJava("21")).isTrue();
        assertThat(JavaCommand.isKnownGoodJava("17")).isTrue();
        assertThat(JavaCommand.isKnownGoodJava("25")).isTrue();
        assertThat(JavaCommand.isKnownGoodJava("24")).isFalse();
        assertThat(JavaCommand.isKnownGoodJava(null)).isFalse();
    }

    @Test
    void javaFrom24OnAllowsTheSketchLibrarysUnsafeAccessWithoutAWarning() {
        List<String> on25 = JavaCommand.build("java", null, "e.jar", "trainModel", "r.json", "out", "ws", "25");
        assertThat(on25.subList(0, 3)).containsExactly("java", "--sun-misc-unsafe-memory-access=allow", "-jar");
        assertThat(JavaCommand.build("java", null, "e.jar", "trainModel", "r.json", "out", "ws", "21"))
                .doesNotContain("--sun-misc-unsafe-memory-access=allow");
        assertThat(JavaCommand.build("java", null, "e.jar", "trainModel", "r.json", "out", "ws", null))
                .as("a configured java of unknown release").doesNotContain("--sun-misc-unsafe-memory-access=allow");
        assertThat(JavaCommand.runtimeOptions("25", List.of("--sun-misc-unsafe-memory-access=warn"))).isEmpty();
        assertThat(JavaCommand.feature("1.8")).isEqualTo(8);
        assertThat(JavaCommand.feature("25-ea")).isEqualTo(25);
    }

    @Test
    void javaInsideAJavaHome() {
        assertThat(JavaCommand.javaIn("/usr/lib/jvm/jdk-21/", true)).isEqualTo("/usr/lib/jvm/jdk-21/bin/java");
        assertThat(JavaCommand.javaIn("C:\\jdk21", false)).isEqualTo("C:\\jdk21\\bin\\java.exe");
    }

    @Test
    void hashesAsJenkinsAndTheCacheNeedThem() throws Exception {
        // RFC 1321 test vector
        assertThat(Hashes.md5(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        String sha = Hashes.sha256(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)));
        assertThat(sha).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Hashes.engineJarName(sha)).isEqualTo("mlsteps-engine-ba7816bf8f01cfea4141.jar");
        assertThat(Hashes.requireMd5(" 900150983CD24FB0D6963F7D28E17F72 ")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThatThrownBy(() -> Hashes.requireMd5(sha)).hasMessageContaining("MD5 of 32 hex digits");
        assertThatThrownBy(() -> Hashes.engineJarName("abc")).hasMessageContaining("64 lower-case hex digits");
    }
}
