package io.mlsteps.engine;

import io.mlsteps.contract.steps.EngineArgs;
import io.mlsteps.util.InputException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which engine runs a step's pass over the data: {@code local} (this process, the default) or {@code spark},
 * with the Spark master ({@code local[N]}, {@code spark://host:port}, {@code yarn}, {@code k8s://https://host:port})
 * and Spark settings. A Spark Connect endpoint ({@code sc://host:port}) is refused with what to use instead: the
 * scans and batch scoring need Spark's RDD API and the driver's SparkContext, which Spark Connect does not offer
 * (docs/spark.md#spark-connect). Built from the contract's engine arguments
 * ({@link EngineArgs}: {@code engine}, {@code sparkMaster}, {@code sparkConf}); mistakes are input errors naming
 * the argument.
 */
public record EngineChoice(String engine, String master, Map<String, String> conf) {
    public static final String LOCAL = "local";
    public static final String SPARK = "spark";
    /** The master when none is given: every core of this machine. */
    public static final String DEFAULT_MASTER = "local[*]";
    /** The environment variable a CI agent can set instead of {@code sparkMaster} on every step. */
    public static final String MASTER_ENV = "MLSTEPS_SPARK_MASTER";

    private static final Pattern LOCAL_MASTER = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?])?");
    private static final Pattern HOST_PORTS = Pattern.compile("[^\\s/:,]+(:[0-9]{1,5})?(,[^\\s/:,]+(:[0-9]{1,5})?)*");
    private static final Pattern K8S = Pattern.compile("k8s://(https?://)?[^\\s/]+(/.*)?");

    public EngineChoice {
        engine = engine == null ? LOCAL : engine;
        conf = conf == null ? Map.of() : Map.copyOf(conf);
    }

    /** The default: this process. */
    public static EngineChoice local() {
        return new EngineChoice(LOCAL, null, Map.of());
    }

    /** The choice a request's engine arguments make; {@code env} supplies {@link #MASTER_ENV}. */
    public static EngineChoice of(EngineArgs args, Map<String, String> env) {
        return of(args.engine(), args.sparkMaster(), args.sparkConf(), env);
    }

    /**
     * Validates step arguments: {@code engine} ({@code local} or {@code spark}, default local), {@code sparkMaster}
     * (default {@code MLSTEPS_SPARK_MASTER}, else {@code spark.master} in {@code sparkConf}, else {@code local[*]})
     * and {@code sparkConf} (Spark settings, {@code spark.*} keys).
     */
    public static EngineChoice of(String engine, String sparkMaster, Map<String, String> sparkConf, Map<String, String> env) {
        String name = engine == null || engine.isBlank() ? LOCAL : engine.trim().toLowerCase(Locale.ROOT);
        if (!name.equals(LOCAL) && !name.equals(SPARK)) {
            throw new InputException("engine", "is '" + engine + "'; expected local (this process) or spark");
        }
        Map<String, String> conf = new LinkedHashMap<>();
        if (sparkConf != null) {
            sparkConf.forEach((k, v) -> {
                if (k == null || !k.startsWith("spark.")) {
                    throw new InputException("sparkConf", "key '" + k + "' is not a Spark setting; expected keys such as "
                            + "spark.executor.memory or spark.sql.shuffle.partitions");
                }
                if (v == null) {
                    throw new InputException("sparkConf." + k, "has no value; expected a string");
                }
                conf.put(k, v);
            });
        }
        if (name.equals(LOCAL)) {
            if (sparkMaster != null && !sparkMaster.isBlank() || !conf.isEmpty()) {
                throw new InputException(sparkMaster != null && !sparkMaster.isBlank() ? "sparkMaster" : "sparkConf",
                        "applies to engine: 'spark' only; add engine: 'spark' or remove it");
            }
            return local();
        }
        String master = sparkMaster != null && !sparkMaster.isBlank() ? sparkMaster.trim()
                : env != null && env.get(MASTER_ENV) != null && !env.get(MASTER_ENV).isBlank() ? env.get(MASTER_ENV).trim()
                : conf.getOrDefault("spark.master", DEFAULT_MASTER);
        checkMaster(master);
        return new EngineChoice(SPARK, master, conf);
    }

    private static void checkMaster(String master) {
        if (master.startsWith("sc://")) {
            throw new InputException("sparkMaster", "is the Spark Connect endpoint '" + master + "', which mlsteps cannot "
                    + "use: its scans and batch scoring run on Spark's RDD API with a SparkContext in the step's JVM, and "
                    + "Spark Connect offers neither; expected the cluster's master itself (spark://HOST:7077, yarn, "
                    + "k8s://https://HOST:PORT) or local[N], or run the command with spark-submit in client mode "
                    + "(docs/spark.md#spark-connect)");
        }
        boolean ok = LOCAL_MASTER.matcher(master).matches()
                || master.startsWith("spark://") && HOST_PORTS.matcher(master.substring(8)).matches()
                || master.equals("yarn")
                || K8S.matcher(master).matches();
        if (!ok) {
            throw new InputException("sparkMaster", "is '" + master + "'; expected local[N], local[*], spark://HOST:PORT, "
                    + "yarn or k8s://https://HOST:PORT");
        }
    }

    public boolean isLocal() {
        return LOCAL.equals(engine);
    }

    /** For logs: {@code local} or {@code spark (spark://host:7077)}. */
    public String describe() {
        return isLocal() ? LOCAL : engine + " (" + master + ")";
    }
}
