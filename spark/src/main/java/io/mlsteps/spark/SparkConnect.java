package io.mlsteps.spark;

import io.mlsteps.engine.EngineChoice;
import io.mlsteps.util.InputException;
import org.apache.spark.sql.SparkSession;

/**
 * A session on a Spark Connect endpoint ({@code sc://host:port}): the scan's functions run on the server's
 * executors, so the job jar is uploaded as an artifact of the session. Needs Spark Connect's JVM client
 * ({@code spark-connect-client-jvm}) on this side's class path.
 */
final class SparkConnect {
    private SparkConnect() {
    }

    static SparkSession session(EngineChoice choice) {
        SparkSession.Builder builder;
        try {
            builder = SparkSession.builder().remote(choice.master());
            choice.conf().forEach(builder::config);
        } catch (RuntimeException | LinkageError e) {
            throw unavailable(choice, e);
        }
        SparkSession session;
        try {
            session = builder.getOrCreate();
        } catch (RuntimeException | LinkageError e) {
            throw unavailable(choice, e);
        }
        JobJar.locate().ifPresent(jar -> session.addArtifact(jar.toUri()));
        return session;
    }

    private static InputException unavailable(EngineChoice choice, Throwable e) {
        return new InputException("sparkMaster", "cannot open a Spark Connect session on " + choice.master() + ": "
                + SparkErrors.message(e) + "; expected Spark Connect's JVM client (spark-connect-client-jvm_2.13) on the "
                + "class path (MLSTEPS_SPARK_CLASSPATH) and a Spark Connect server at that address");
    }
}
