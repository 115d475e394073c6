package io.mlsteps.registry;

import io.mlsteps.lineage.LineageGraph;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model registry. Open one with {@link #open(String)}; a URI selects the store:
 * <ul>
 *   <li>{@code null}: the environment variable {@code MLSTEPS_REGISTRY}, else {@code ~/.mlsteps/registry};</li>
 *   <li>a folder path or {@code file:/path}: an embedded SQLite database ({@code registry.db}) and
 *       content-addressed blobs ({@code blobs/}) in that folder;</li>
 *   <li>{@code jdbc:postgresql://host/db?user=..&password=..}: PostgreSQL for a team; the blobs live in the
 *       folder given by the URI parameter {@code blobs=/shared/path}, else {@code MLSTEPS_REGISTRY_BLOBS},
 *       else {@code ~/.mlsteps/blobs}.</li>
 * </ul>
 * A reference is {@code name@3} (that version), {@code name@production} (an alias), {@code name} or
 * {@code name@latest} (the newest version). Versions are immutable; aliases move with an audit event.
 * Implementations are safe for concurrent use by several processes.
 */
public interface Registry extends AutoCloseable {

    /** Opens the registry that {@code uri} names (see the class comment), creating or upgrading it as needed. */
    static Registry open(String uri) {
        return open(uri, System.getenv());
    }

    /** Like {@link #open(String)}, reading {@code MLSTEPS_REGISTRY} and friends from {@code env}. */
    static Registry open(String uri, Map<String, String> env) {
        return JdbcRegistry.open(RegistryUri.parse(uri, env), env, SchemaMigrations.CURRENT);
    }

    /**
     * The registry a step uses: like {@link #open(String, Map)} with the step's environment, and a relative
     * folder (in the argument or in {@code MLSTEPS_REGISTRY}) taken relative to the step's workspace
     * rather than the process' current folder.
     */
    static Registry forStep(String uri, io.mlsteps.step.StepContext context) {
        return JdbcRegistry.open(RegistryUri.parse(uri, context.env(), context.workDir()), context.env(),
                SchemaMigrations.CURRENT);
    }

    /** Where this registry lives, for messages and lineage (passwords removed). */
    String location();

    // ---- versions ------------------------------------------------------------------------------------

    /** Stores the artifact (and profile) as blobs and creates the next version of the model atomically. */
    ModelVersion register(Registration registration);

    /** The version a reference names; an unknown model, version or alias is an {@code InputException}. */
    ModelVersion resolve(String ref);

    /** Like {@link #resolve} but empty instead of an error when nothing matches. */
    Optional<ModelVersion> find(String ref);

    /** All versions of a model, oldest first (empty when the model does not exist). */
    List<ModelVersion> versions(String name);

    /** Versions of a model whose tags include all of {@code tags}, oldest first. */
    List<ModelVersion> find(String name, Map<String, String> tags);

    /** Names of all models, sorted. */
    List<String> models();

    /** Copies the artifact of a version to {@code target} after verifying its sha256; returns {@code target}. */
    Path fetchArtifact(ModelVersion version, Path target);

    /** Copies the training data profile of a version to {@code target}, verified; an error if it has none. */
    Path fetchProfile(ModelVersion version, Path target);

    // ---- aliases -------------------------------------------------------------------------------------

    /**
     * Points {@code alias} of model {@code name} at {@code version}, atomically, and records the audit event.
     * If the alias is protected ({@link #protectAlias}), the version must have a passed gate.
     */
    AliasEvent moveAlias(String name, String alias, int version, String actor, String reason);

    /**
     * Like {@link #moveAlias(String, String, int, String, String)}; with {@code requireGate} the move is
     * refused unless the version's latest evaluation or comparison passed.
     */
    AliasEvent moveAlias(String name, String alias, int version, String actor, String reason, boolean requireGate);

    /** Removes an alias, with an audit event; an error if it does not exist. */
    AliasEvent removeAlias(String name, String alias, String actor, String reason);

    /** Current aliases of a model: alias → version. */
    Map<String, Integer> aliases(String name);

    /** The audit trail of a model's aliases, oldest first ({@code alias} null for all aliases). */
    List<AliasEvent> aliasHistory(String name, String alias);

    /** Makes moves of {@code alias} of model {@code name} ({@code *} for every model) require a passed gate. */
    void protectAlias(String name, String alias, String actor);

    /** Whether moving this alias requires a passed gate. */
    boolean isProtected(String name, String alias);

    /** True when the version's most recent evaluation or comparison passed. */
    boolean gatePassed(String name, int version);

    // ---- lineage -------------------------------------------------------------------------------------

    /** Records an event about a version (evaluation, comparison, deployment, drift, ...); returns it with its id. */
    LineageEvent recordEvent(LineageEvent event);

    /** Convenience for {@code deployModel}: records a deployment of {@code ref} to a target. */
    default LineageEvent recordDeployment(String ref, String target, String endpoint, boolean passed,
                                          Map<String, Object> attributes) {
        ModelVersion v = resolve(ref);
        Map<String, Object> attrs = new java.util.LinkedHashMap<>();
        attrs.put("target", target);
        if (endpoint != null) {
            attrs.put("endpoint", endpoint);
        }
        if (attributes != null) {
            attrs.putAll(attributes);
        }
        return recordEvent(LineageEvent.of(LineageEvent.DEPLOYMENT, v, passed).withAttributes(attrs));
    }

    /** Events about a version, oldest first ({@code kind} null for every kind). */
    List<LineageEvent> events(String name, int version, String kind);

    /** Versions trained or evaluated on the dataset with this sha256 (the downward walk from data). */
    List<ModelVersion> versionsUsingDataset(String sha256);

    /** The lineage graph around a version: its datasets and build upstream, its events and aliases downstream. */
    LineageGraph lineage(String ref);

    // ---- maintenance ---------------------------------------------------------------------------------

    /** Removes blobs no version refers to and older than {@code minAge}; with {@code dryRun} only reports them. */
    GcReport gc(java.time.Duration minAge, boolean dryRun);

    /** Verifies every referenced blob; returns the problems found (empty when all is well). */
    List<String> verify();

    /** The database schema version this registry is at. */
    int schemaVersion();

    @Override
    void close();
}
