package io.mlsteps.predict;

import io.mlsteps.contract.steps.PredictRequest;
import io.mlsteps.registry.ModelVersion;
import io.mlsteps.registry.Registry;
import io.mlsteps.step.StepContext;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model a prediction uses: a registered version ({@code model: 'adult@production'}), fetched from the registry's
 * blobs with its sha256 verified, as every step opens a registered model; or a model file ({@code modelFile}).
 *
 * @param file    the model file on this machine
 * @param sha256  its content hash
 * @param version the registered version, or null for a file
 * @param label   how logs and results name it: {@code adult@3} or the file's path as given
 */
record ModelSource(Path file, String sha256, ModelVersion version, String label) {

    static ModelSource resolve(PredictRequest req, StepContext ctx) {
        boolean ref = given(req.model());
        if (ref == given(req.modelFile())) {
            throw new InputException(ref ? "modelFile" : "model", ref ? "give either model (a registry reference) or "
                    + "modelFile (a model file), not both" : "is required: a registry reference such as "
                    + "adult@production, or modelFile: a model file written by trainModel");
        }
        if (!ref) {
            Path file = ctx.resolve(req.modelFile());
            if (!Files.isRegularFile(file)) {
                throw new InputException(req.modelFile(), Files.isDirectory(file) ? "is a folder; expected a model "
                        + "file written by trainModel (model.tribuo)" : "file not found; expected a model file written "
                        + "by trainModel (model.tribuo)");
            }
            return new ModelSource(file, Hashing.sha256(file), null, req.modelFile());
        }
        try (Registry registry = Registry.forStep(req.registry().registry(), ctx)) {
            ModelVersion v = registry.resolve(req.model());
            String name = v.artifactName() == null ? "model.tribuo" : Path.of(v.artifactName()).getFileName().toString();
            Path file = registry.fetchArtifact(v, ctx.stepDir().resolve("model").resolve(name));
            ctx.log().info("model: %s (registered %s), artifact sha256 %s", v.ref(), v.createdAt(),
                    v.artifactSha256().substring(0, 12));
            return new ModelSource(file, v.artifactSha256(), v, v.ref());
        }
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (version != null) {
            m.put("ref", version.ref());
            m.put("lineageId", version.lineageId());
        } else {
            m.put("file", label);
        }
        m.put("sha256", sha256);
        return m;
    }
}
