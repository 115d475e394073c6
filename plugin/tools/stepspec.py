"""The step arguments with their help texts, used once to write the step classes' config.jelly and help files.

The Java table io.mlsteps.jenkins.engine.StepArguments is the source of truth for names, kinds and which are
required; StepViewsTest fails when a step class, its config.jelly or a help file disagrees with it.
"""

STEPS = {
    "validateData": ("ValidateDataStep", "Validate data against a schema", "Checks a dataset against a schema (types, ranges, missing ratios, categories, constraints) and reports typed anomalies as checks.", [
        ("data", "TEXT", True, "The dataset to validate: a CSV/TSV (optionally gzipped) or JSON Lines file, relative to the workspace."),
        ("schema", "TEXT", False, "The schema.json to validate against (written by <code>mlsteps infer-schema</code>). Without it, a schema is inferred from the data and the checks are the data-quality ones only."),
        ("labelColumn", "TEXT", False, "The label column, so label-specific checks (e.g. label imbalance) apply."),
        ("missingValues", "LIST", False, "Markers read as missing values, e.g. <code>['', 'NA', '?']</code>."),
        ("delimiter", "TEXT", False, "Field delimiter of a delimited file; detected from the file name when empty."),
    ]),
    "trainModel": ("TrainModelStep", "Train a model", "Trains a model with Oracle Tribuo and writes the model, its model card and the training-data profile.", [
        ("data", "TEXT", True, "The training data file, relative to the workspace."),
        ("labelColumn", "TEXT", True, "The column to predict."),
        ("algorithm", "TEXT", False, "The algorithm, e.g. <code>logistic</code>, <code>cart</code>, <code>randomForest</code>, <code>xgboost</code>; the engine's default when empty."),
        ("task", "TEXT", False, "<code>classification</code> or <code>regression</code>; inferred from the label when empty."),
        ("params", "PARAMS", False, "Hyper-parameters as <code>name=value</code> pairs separated by commas, e.g. <code>'trees=100, maxDepth=8'</code>. An unknown name is an error listing the valid ones."),
        ("validationData", "TEXT", False, "A separate validation file; without it the engine holds out part of the training data."),
        ("include", "LIST", False, "Only these columns are features."),
        ("exclude", "LIST", False, "These columns are not features (e.g. identifiers)."),
        ("seed", "INTEGER", False, "Random seed; the same data, parameters and seed give the same model bytes."),
    ]),
    "evaluateModel": ("EvaluateModelStep", "Evaluate a model", "Computes metrics of a model on labelled data (or of a predictions file from any framework), per slice, with bootstrap intervals.", [
        ("model", "TEXT", False, "The model file (e.g. <code>.mlsteps/trainModel/model.tribuo</code>) or a registry reference such as <code>adult@3</code>."),
        ("data", "TEXT", False, "Labelled data to evaluate on."),
        ("predictions", "TEXT", False, "Instead of a model and data: a predictions file with <code>y_true</code>, <code>y_pred</code> and optional <code>score:&lt;class&gt;</code> columns."),
        ("labelColumn", "TEXT", False, "The label column of the data; the model's label when empty."),
        ("slices", "LIST", False, "Columns whose values define slices, e.g. <code>['sex', 'race']</code>; metrics are reported per value, e.g. <code>accuracy[sex=Female]</code>."),
        ("bootstrap", "INTEGER", False, "Number of bootstrap resamples for confidence intervals."),
        ("seed", "INTEGER", False, "Random seed of the bootstrap."),
    ]),
    "compareToBaseline": ("CompareToBaselineStep", "Compare a model to its baseline", "Compares the candidate's metrics with a baseline (a registry alias, a metrics file, or the last successful build) with noise-aware tolerances.", [
        ("baseline", "TEXT", True, "The baseline: a registry reference such as <code>adult@production</code>, a metrics file, or <code>lastSuccessfulBuild</code> (the plugin hands over the metrics of this job's last successful build)."),
        ("candidate", "TEXT", False, "The candidate's metrics or evaluation folder; the evaluateModel result of this run folder when empty."),
        ("model", "TEXT", False, "The candidate model, so the baseline can be re-evaluated on the same rows (a paired comparison)."),
        ("data", "TEXT", False, "The evaluation data for a paired comparison."),
        ("labelColumn", "TEXT", False, "The label column of the evaluation data."),
        ("anchor", "TEXT", False, "A long-term anchor version (e.g. <code>adult@12</code>), so slow creeping regressions are caught."),
        ("maxDrop", "NUMBER", False, "The largest tolerated absolute regression of a gated metric, e.g. <code>0.01</code>."),
        ("maxRelativeDrop", "NUMBER", False, "The largest tolerated relative regression, e.g. <code>0.02</code> for 2%."),
        ("onMissingBaseline", "TEXT", False, "What the first run without a baseline does: <code>PASS</code> (default, with a note), <code>UNSTABLE</code> or <code>FAILURE</code>."),
        ("override", "TEXT", False, "A reason to accept a failed comparison: the failure becomes a NOTE and the reason is recorded with who gave it."),
        ("registry", "TEXT", False, "Registry URI; the global configuration's when empty."),
    ]),
    "registerModel": ("RegisterModelStep", "Register a model", "Stores a model version (artifact, card, metrics, profile, lineage) in the registry and optionally moves an alias.", [
        ("name", "TEXT", True, "The model's name in the registry."),
        ("model", "TEXT", True, "The model file to register (any artifact: Tribuo, ONNX, a pickle, a jar)."),
        ("metrics", "TEXT", False, "A metrics or evaluation result to store with the version."),
        ("alias", "TEXT", False, "An alias to move to the new version, e.g. <code>staging</code>."),
        ("tags", "PARAMS", False, "Tags as <code>name=value</code> pairs separated by commas."),
        ("requireGate", "BOOLEAN", False, "Only move the alias when the version's evaluation/comparison passed its gates."),
        ("registry", "TEXT", False, "Registry URI; the global configuration's when empty."),
    ]),
    "deployModel": ("DeployModelStep", "Deploy a model", "Puts a registered model version behind the model server (local process, Docker, Kubernetes manifests) with smoke tests, and moves the production alias only after they pass.", [
        ("model", "TEXT", True, "The version to deploy, e.g. <code>adult@staging</code> or <code>adult@7</code>, or a model file."),
        ("target", "TEXT", False, "<code>local</code>, <code>docker</code> or <code>kubernetes</code>."),
        ("strategy", "TEXT", False, "<code>replace</code>, <code>blueGreen</code>, <code>canary</code> or <code>shadow</code>."),
        ("percent", "INTEGER", False, "Share of traffic (percent) the canary receives."),
        ("port", "INTEGER", False, "Port the model server listens on."),
        ("image", "TEXT", False, "Docker target: the base image, or the image name to build and push."),
        ("smokeData", "TEXT", False, "Rows sent to the new deployment as a smoke test."),
        ("registry", "TEXT", False, "Registry URI; the global configuration's when empty."),
    ]),
    "checkDrift": ("CheckDriftStep", "Check data drift", "Compares current data (a file, a folder or the server's prediction log) with a reference profile and turns drift into checks.", [
        ("current", "TEXT", True, "Current data: a data file, a folder of files, or the model server's prediction log."),
        ("reference", "TEXT", False, "The reference: a profile or data file; the registered version's training profile when <code>model</code> is given."),
        ("model", "TEXT", False, "A registered version, e.g. <code>adult@production</code>, whose stored profile is the reference."),
        ("since", "TEXT", False, "With a prediction log: only entries newer than this, e.g. <code>24h</code> or <code>7d</code>."),
        ("driftShare", "NUMBER", False, "The dataset drifts when this (weighted) share of columns drifted (default 0.5)."),
        ("maxModelAge", "TEXT", False, "Flag a model older than this, e.g. <code>30d</code>."),
        ("labelColumn", "TEXT", False, "The label column, for performance drift when labels arrive."),
        ("registry", "TEXT", False, "Registry URI; the global configuration's when empty."),
    ]),
}

COMMON = [
    ("qualityGates", "Quality gates on this step's metrics: <code>[[metric: 'accuracy', threshold: 0.85, criticality: 'FAILURE']]</code>. "
     "Criticality NOTE marks the stage unstable, UNSTABLE also the build; ERROR fails the step, FAILURE also the build. A missing metric never passes."),
    ("failOnError", "When false, a failed ERROR or FAILURE check does not fail the step: the stage is marked failed, FAILURE still marks the build, and the step returns its result map."),
    ("runDir", "The run folder in the workspace; the step writes into <code>RUNDIR/&lt;step&gt;/</code> (default <code>.mlsteps</code>)."),
    ("javaOptions", "Options of the engine's JVM for this step, e.g. <code>-Xmx8g</code>; replaces the global default."),
]
