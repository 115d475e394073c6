package io.mlsteps.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code model-card.json}: what a model is and where it came from, read by the registry and the reports.
 *
 * @param schemaVersion   version of this format
 * @param algorithm       algorithm name, e.g. {@code random_forest}
 * @param task            {@code classification} or {@code regression}
 * @param params          every hyper-parameter, defaults included
 * @param seed            the seed of split and training
 * @param labelColumn     the predicted column
 * @param labels          class names (classification), sorted; empty for regression
 * @param features        input columns with their type ({@code numeric} / {@code categorical}) and, for
 *                        categorical ones, the number of categories seen in training
 * @param encodedFeatures number of Tribuo features after one-hot encoding
 * @param trainingData    file, sha256, rows used, rows skipped (missing label)
 * @param validation      where the validation rows came from and how many
 * @param metrics         validation metrics
 * @param trainedAt       when training started (UTC)
 * @param trainingSeconds wall time of the Tribuo training call
 * @param modelFile       file name and sha256 of the model
 * @param tribuo          Tribuo version and the model's provenance (trainer configuration) as Tribuo reports it
 * @param ci              CI environment: GIT_COMMIT, BUILD_URL, BUILD_NUMBER, JOB_NAME, BRANCH_NAME (those present)
 * @param engine          the mlsteps engine that trained the model: name, version, commit, build date
 * @param search          the search that chose the algorithm and parameters (space, budget, winner, runner-up,
 *                        margin); absent when one algorithm was trained
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder(alphabetic = false)
public record ModelCard(int schemaVersion, String algorithm, String task, Map<String, Object> params, long seed,
                        String labelColumn, List<String> labels, List<Map<String, Object>> features,
                        int encodedFeatures, Map<String, Object> trainingData, Map<String, Object> validation,
                        Map<String, Double> metrics, Instant trainedAt, double trainingSeconds,
                        Map<String, Object> modelFile, Map<String, Object> tribuo, Map<String, String> ci,
                        Map<String, String> engine, Map<String, Object> search) {
    public static final int SCHEMA_VERSION = 1;
    /** The CI variables copied into the card when set. */
    public static final List<String> CI_VARIABLES = List.of("GIT_COMMIT", "BUILD_URL", "BUILD_NUMBER", "JOB_NAME",
            "BRANCH_NAME");
}
