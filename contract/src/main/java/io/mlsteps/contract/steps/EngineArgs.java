package io.mlsteps.contract.steps;

import io.mlsteps.contract.Arg;

import java.util.Map;

/**
 * Where a step's pass over its data runs: this process, or Apache Spark (docs/spark.md). Shared by the steps and
 * commands that read data in one pass ({@code validateData}, {@code checkDrift}, {@code predict},
 * {@code mlsteps profile}, {@code mlsteps infer-schema}).
 */
public record EngineArgs(
        @Arg(doc = "where the data is read: `local` (this process) or `spark` (Apache Spark reads it: files, folders, "
                + "URIs such as `s3a://`, Parquet, tables; see docs/spark.md)", defaultValue = "local",
                allowed = {"local", "spark"}, group = "engine")
        String engine,
        @Arg(doc = "the Spark master with `engine: 'spark'`: `local[N]`, `local[*]`, `spark://HOST:PORT`, `yarn`, "
                + "or `k8s://https://HOST:PORT` (not a Spark Connect endpoint `sc://`: see docs/spark.md)",
                defaultText = "`$MLSTEPS_SPARK_MASTER`, else `spark.master` of `sparkConf`, else `local[*]`",
                label = "URL", group = "engine")
        String sparkMaster,
        @Arg(doc = "Spark settings with `engine: 'spark'`, e.g. `['spark.executor.memory': '4g']`", label = "KEY=VALUE",
                defaultText = "none", group = "engine")
        Map<String, String> sparkConf) {
}
