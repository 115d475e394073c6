package io.mlsteps.spark;

import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM options the build gives test JVMs that run Spark (the parent POM's {@code spark.jvm.options}) are the
 * ones Spark's own launcher gives a driver, so a new Spark version that needs another option fails here first.
 */
class SparkJvmOptionsTest {
    @Test
    void theBuildsSparkJvmOptionsAreSparksOwn() {
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
                .containsAll(java.util.List.of(JavaModuleOptions.defaultModuleOptionArray()));
    }
}
