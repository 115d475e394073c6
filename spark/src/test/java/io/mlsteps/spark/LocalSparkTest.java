package io.mlsteps.spark;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the tests on Spark's local mode: one session per test class ({@link SparkTesting#localEngine}). */
abstract class LocalSparkTest {
    static SparkEngine engine;

    @BeforeAll
    static void startSpark() {
        engine = SparkTesting.localEngine();
    }

    @AfterAll
    static void stopSpark() {
        engine.close();
    }
}
