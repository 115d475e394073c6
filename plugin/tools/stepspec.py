"""What the request classes of the engine cannot say about the Jenkins steps: class and display names,
a sentence per step, which arguments the @DataBoundConstructor takes, and help texts for fields without
Javadoc. Read by sync_steps.py."""

STEPS = {
    "validateData": ("ValidateDataStep", "validate", "Validate data against a schema",
                     "Checks a dataset against a reviewed schema (types, ranges, missing ratios, categories, constraints) and reports typed anomalies as checks."),
    "trainModel": ("TrainModelStep", "train", "Train a model",
                   "Trains a model with Oracle Tribuo and writes the model, its model card and the training-data profile."),
    "evaluateModel": ("EvaluateModelStep", "evaluate", "Evaluate a model",
                      "Computes metrics of a model on labelled data (or of a predictions file from any framework), per slice, with bootstrap intervals."),
    "compareToBaseline": ("CompareToBaselineStep", "compare", "Compare a model to its baseline",
                          "Compares the candidate's metrics with a baseline (a registry alias, a metrics file, or this job's last successful build) with noise-aware tolerances."),
    "registerModel": ("RegisterModelStep", "registry", "Register a model",
                      "Stores a model version (artifact, card, metrics, profile, lineage) in the registry and optionally moves an alias."),
    "deployModel": ("DeployModelStep", "deploy", "Deploy a model",
                    "Puts a registered model version behind the model server (local process, Docker, Kubernetes manifests) with smoke tests, and moves the production alias only after they pass."),
    "checkDrift": ("CheckDriftStep", "drift", "Check data drift",
                   "Compares current data (a file, a folder or the server's prediction log) with a reference and turns drift into checks."),
}

# Arguments the step's @DataBoundConstructor takes (in this order); all others are @DataBoundSetters.
REQUIRED = {
    "validateData": ["data", "schema"],
    "trainModel": ["data", "labelColumn"],
    "evaluateModel": [],
    "compareToBaseline": [],
    "registerModel": ["name", "model"],
    "deployModel": [],
    "checkDrift": [],
}

# Used while a step's request class is not in this checkout yet (names from the issue and docs/architecture.md).
FALLBACK_FIELDS = {
    "evaluateModel": [
        ("model", "TEXT", "The model file (e.g. <code>.mlsteps/trainModel/model.tribuo</code>) or a registry reference such as <code>adult@3</code>."),
        ("data", "TEXT", "Labelled data to evaluate on."),
        ("predictions", "TEXT", "Instead of a model and data: a predictions file with <code>y_true</code>, <code>y_pred</code> and optional <code>score:&lt;class&gt;</code> columns."),
        ("labelColumn", "TEXT", "The label column of the data; the model's label when empty."),
        ("slices", "LIST", "Columns whose values define slices, e.g. <code>['sex', 'race']</code>; metrics are reported per value, e.g. <code>accuracy[sex=Female]</code>."),
        ("bootstrap", "INTEGER", "Number of bootstrap resamples for confidence intervals."),
        ("seed", "INTEGER", "Random seed of the bootstrap."),
    ],
}

# Help for fields whose request class has no Javadoc on them.
HELP = {
    "registry": "Registry URI; the global configuration's when empty.",
    "model": "The model: a registry reference such as <code>adult@production</code>, or a file.",
    "data": "A data file, relative to the workspace.",
    "labelColumn": "The label column.",
    "format": "File format: <code>auto</code> (from the name), <code>csv</code>, <code>tsv</code> or <code>jsonl</code>.",
    "missingValues": "Cell values read as missing, e.g. <code>['', 'NA', '?']</code>.",
    "seed": "Random seed.",
    "charts": "Whether the step draws its PNG charts (shown on the build's ML steps page).",
}

COMMON = [
    ("qualityGates", "Quality gates on this step's metrics: <code>[[metric: 'accuracy', threshold: 0.85, criticality: 'FAILURE']]</code>. "
     "Criticality NOTE marks the stage unstable, UNSTABLE also the build; ERROR fails the step, FAILURE also the build. A missing metric never passes."),
    ("failOnError", "When false, a failed ERROR or FAILURE check does not fail the step: the stage is marked failed, FAILURE still marks the build, and the step returns its result map."),
    ("runDir", "The run folder in the workspace; the step writes into <code>RUNDIR/&lt;step&gt;/</code> (default <code>.mlsteps</code>)."),
    ("jvmOptions", "Options of the engine's JVM for this step, e.g. <code>-Xmx8g</code>; replaces the global default."),
]

# Help by step for fields whose request class has no Javadoc yet.
HELP_BY_STEP = {
    "checkDrift": {
        "reference": "Reference data file (CSV, TSV, JSON Lines); profiled once.",
        "referenceProfile": "A saved profile (<code>profile.json</code>) to use as the reference instead of data.",
        "saveReferenceProfile": "Write the reference data's profile to this file, so later checks need not re-read the data.",
        "referenceCache": "Keep the reference data's profile in the workspace (.mlsteps/cache/reference-profiles) and reuse it while the data files are unchanged (same size, modification time and file); off profiles the reference data every run.",
        "current": "Current data: a data file or a folder of files.",
        "predictionLog": "The model server's prediction log (JSON Lines) as the current data.",
        "since": "With a prediction log: only entries newer than this, e.g. <code>24h</code> or <code>7d</code>.",
        "until": "With a prediction log: only entries older than this.",
        "asOf": "The time the window is measured from (ISO-8601); default now.",
        "columns": "Only these columns are tested.",
        "excludeColumns": "These columns are not tested (ids, timestamps).",
        "method": "Test for every column instead of the default rule: e.g. <code>ks</code>, <code>wasserstein</code>, <code>psi</code>, <code>jensen_shannon</code>, <code>chi_squared</code>.",
        "threshold": "Drift threshold for every column (a p-value for tests, a distance otherwise).",
        "columnMethods": "Per-column methods as <code>column=method</code> pairs, e.g. <code>'age=psi, hours=ks'</code>.",
        "columnThresholds": "Per-column thresholds as <code>column=value</code> pairs.",
        "columnWeights": "Per-column weights (e.g. feature importance) for the drift share, as <code>column=weight</code> pairs.",
        "driftShare": "The dataset drifts when this (weighted) share of columns drifted (default 0.5).",
        "driftCriticality": "Criticality of dataset drift (default UNSTABLE).",
        "psiGates": "Whether PSI bands are checks (default true).",
        "psiUnstable": "PSI from which a column is UNSTABLE (default 0.1).",
        "psiFailure": "PSI from which a column is a FAILURE (default 0.25).",
        "predictionColumn": "The column holding the model's output, for prediction drift.",
        "predictionCriticality": "Criticality of prediction drift (default UNSTABLE).",
        "labels": "A file of true labels that arrived later, for performance drift.",
        "referenceMetrics": "The model's stored evaluation (a result or metrics file) to compare performance with.",
        "maxDrop": "Largest tolerated drop of the performance metric against the reference (default 0.05).",
        "performanceCriticality": "Criticality of a performance drop (default FAILURE).",
        "maxNanRatio": "Largest tolerated share of NaN/infinite values per column (default 0).",
        "nanCriticality": "Criticality of too many NaN/infinite values (default UNSTABLE).",
        "schemaCriticality": "Criticality of schema anomalies against the model's schema (default UNSTABLE).",
        "maxModelAge": "Flag a model older than this, e.g. <code>30d</code>.",
        "registeredAt": "Registration time of the model (ISO-8601) when it is not read from the registry.",
        "ageCriticality": "Criticality of a model older than <code>maxModelAge</code> (default UNSTABLE).",
        "chartColumns": "How many of the most drifted columns get histogram charts (default 5).",
    },
    "compareToBaseline": {
        "candidate": "The candidate's evaluation: a result.json or metrics file; default the evaluateModel result of this run folder.",
        "candidateModel": "The candidate model file, for a paired comparison on the same rows.",
        "candidateVersion": "The candidate's registry version, recorded in the lineage.",
        "task": "<code>classification</code> or <code>regression</code> when it cannot be inferred.",
        "baseline": "The baseline: a registry reference such as <code>adult@production</code>, or a metrics/result file. "
                    "<code>lastSuccessfulBuild</code> makes the plugin hand over this job's last successful evaluation as <code>previousResult</code>.",
        "baselineModel": "The baseline model file, so it can be re-evaluated on the candidate's rows.",
        "modelName": "The model's registry name, when the baseline is only an alias.",
        "previousResult": "A result.json of an earlier build to compare with (the plugin fills it for <code>baseline: 'lastSuccessfulBuild'</code>).",
        "anchor": "A long-term anchor version (e.g. <code>adult@12</code>), so slow creeping regressions are caught.",
        "onMissingBaseline": "What a first run without a baseline does: <code>PASS</code> (default, with a note), <code>UNSTABLE</code> or <code>FAILURE</code>.",
        "inconclusiveCriticality": "Criticality of a gate whose interval straddles its bound (default UNSTABLE).",
        "confidence": "Confidence level of the intervals (default 0.95).",
        "resamples": "Bootstrap resamples (default 1000).",
        "minRows": "Fewer paired rows than this make a gate INCONCLUSIVE (default 30).",
        "reevaluateBaseline": "Re-evaluate the baseline model on the same rows when its artifact loads (default true).",
        "override": "A reason to accept a failed comparison: the failure becomes a NOTE and the reason is recorded with who gave it.",
    },
    "registerModel": {
        "tags": "Tags as <code>name=value</code> pairs separated by commas.",
        "description": "A sentence describing this version.",
    },
}
