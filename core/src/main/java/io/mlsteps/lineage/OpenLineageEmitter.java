package io.mlsteps.lineage;

import io.mlsteps.util.StepLog;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;
import io.openlineage.client.utils.UUIDUtils;

import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Emits OpenLineage RunEvents (START, then COMPLETE or FAIL) for a step, through the openlineage-java client,
 * to a file (JSON lines, one event a line) or an HTTP endpoint such as Marquez ({@code http://host:5000},
 * posted to {@code /api/v1/lineage}). Datasets are named by their path and versioned by their sha256; a
 * registered model version is an output dataset {@code <name>} in the registry's namespace with its version.
 * Emission is best effort: a lineage server that is down is a warning in the log, never a failed step.
 */
public final class OpenLineageEmitter implements AutoCloseable {
    public static final String ENV_TARGET = "OPENLINEAGE_URL";
    public static final String ENV_NAMESPACE = "OPENLINEAGE_NAMESPACE";
    static final URI PRODUCER = URI.create("https://github.com/mlsteps/mlsteps");

    private final OpenLineage ol = new OpenLineage(PRODUCER);
    private final OpenLineageClient client;
    private final String target;
    private final String namespace;
    private final StepLog log;

    private OpenLineageEmitter(Transport transport, String target, String namespace, StepLog log) {
        this.client = OpenLineageClient.builder().transport(transport).build();
        this.target = target;
        this.namespace = namespace;
        this.log = log;
    }

    /**
     * The emitter for {@code target} (a file path, {@code file:...}, or an http(s) URL); null or blank means
     * {@code OPENLINEAGE_URL} from {@code env}; {@code none} or nothing configured means no emitter.
     */
    public static Optional<OpenLineageEmitter> open(String target, Map<String, String> env, Path workDir, StepLog log) {
        String t = target == null || target.isBlank() ? env.get(ENV_TARGET) : target.trim();
        if (t == null || t.isBlank() || t.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        String namespace = env.getOrDefault(ENV_NAMESPACE, "mlsteps");
        Transport transport;
        if (t.startsWith("http://") || t.startsWith("https://")) {
            HttpConfig config = new HttpConfig();
            URI uri = URI.create(t);
            boolean hasPath = uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/");
            config.setUrl(hasPath ? URI.create(uri.getScheme() + "://" + uri.getRawAuthority()) : uri);
            if (hasPath) {
                config.setEndpoint(uri.getRawPath());
            }
            config.setTimeoutInMillis(10_000);
            transport = new HttpTransport(config);
        } else {
            Path file = workDir.resolve(t.startsWith("file:") ? t.substring(5) : t).normalize();
            try {
                if (file.toAbsolutePath().getParent() != null) {
                    java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
                }
            } catch (java.io.IOException e) {
                throw new io.mlsteps.util.InputException("openLineage", "cannot create the folder of " + file + ": " + e);
            }
            transport = new FileTransport(new FileConfig(file.toAbsolutePath().toString()));
        }
        return Optional.of(new OpenLineageEmitter(transport, t, namespace, log));
    }

    /** One run of a step: emit {@link #start} once, then {@link #complete} or {@link #fail}. */
    public final class Run {
        private final UUID runId = UUIDUtils.generateNewUUID();
        private final String jobName;
        private final BuildInfo build;
        private final List<OpenLineage.InputDataset> inputs = new ArrayList<>();
        private final List<OpenLineage.OutputDataset> outputs = new ArrayList<>();

        Run(String jobName, BuildInfo build) {
            this.jobName = jobName;
            this.build = build;
        }

        public UUID runId() {
            return runId;
        }

        public Run input(DatasetRef ds) {
            inputs.add(ol.newInputDatasetBuilder().namespace(namespace).name(datasetName(ds))
                    .facets(datasetFacets(ds.sha256(), Map.of("role", String.valueOf(ds.role()), "sha256", ds.sha256(),
                            "rows", ds.rows() == null ? "" : ds.rows())))
                    .build());
            return this;
        }

        /** A registered model version as an output dataset in the registry's namespace. */
        public Run outputModel(String registry, String name, int version, String sha256) {
            outputs.add(ol.newOutputDatasetBuilder().namespace(registry).name(name)
                    .facets(datasetFacets(String.valueOf(version), Map.of("version", version, "artifactSha256", sha256)))
                    .build());
            return this;
        }

        public Run start() {
            emit(OpenLineage.RunEvent.EventType.START, null);
            return this;
        }

        public void complete() {
            emit(OpenLineage.RunEvent.EventType.COMPLETE, null);
        }

        public void fail(Throwable error) {
            emit(OpenLineage.RunEvent.EventType.FAIL, error);
        }

        private void emit(OpenLineage.RunEvent.EventType type, Throwable error) {
            OpenLineage.RunFacetsBuilder facets = ol.newRunFacetsBuilder()
                    .processing_engine(ol.newProcessingEngineRunFacet(version(), "mlsteps", version()));
            if (build != null && !build.isEmpty()) {
                OpenLineage.DefaultRunFacet ci = new OpenLineage.DefaultRunFacet(PRODUCER);
                ci.getAdditionalProperties().putAll(io.mlsteps.util.Json.mapper().convertValue(build,
                        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }));
                facets.put("mlsteps_build", ci);
            }
            if (error != null) {
                facets.errorMessage(ol.newErrorMessageRunFacet(String.valueOf(error.getMessage()), "Java", null));
            }
            OpenLineage.RunEvent event = ol.newRunEventBuilder()
                    .eventType(type)
                    .eventTime(ZonedDateTime.now(ZoneOffset.UTC))
                    .run(ol.newRun(runId, facets.build()))
                    .job(ol.newJobBuilder().namespace(namespace).name(jobName)
                            .facets(ol.newJobFacetsBuilder().jobType(ol.newJobTypeJobFacet("BATCH", "MLSTEPS", "STEP", null))
                                    .build()).build())
                    .inputs(inputs)
                    .outputs(type == OpenLineage.RunEvent.EventType.START ? List.of() : outputs)
                    .build();
            try {
                client.emit(event);
            } catch (RuntimeException e) {
                log.warn("OpenLineage: could not send the " + type + " event to " + target + ": " + e.getMessage());
            }
        }
    }

    /** A run of the job {@code <build job>.<step>} (or just the step outside CI). */
    public Run run(String step, BuildInfo build) {
        String job = build != null && build.job() != null ? build.job() + "." + step : step;
        return new Run(job, build);
    }

    private OpenLineage.DatasetFacets datasetFacets(String version, Map<String, Object> extra) {
        OpenLineage.DefaultDatasetFacet facet = new OpenLineage.DefaultDatasetFacet(PRODUCER, null);
        facet.getAdditionalProperties().putAll(extra);
        return ol.newDatasetFacetsBuilder().version(ol.newDatasetVersionDatasetFacet(version))
                .put("mlsteps", facet).build();
    }

    private static String datasetName(DatasetRef ds) {
        return ds.uri() != null ? ds.uri() : "sha256:" + ds.sha256();
    }

    /** The engine's version and commit, as the processing_engine facet records it. */
    private static String version() {
        io.mlsteps.util.EngineVersion engine = io.mlsteps.util.EngineVersion.current();
        return engine.version() + "+" + engine.shortCommit();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            log.warn("OpenLineage: closing the client: " + e.getMessage());
        }
    }
}
