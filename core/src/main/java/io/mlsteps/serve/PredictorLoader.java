package io.mlsteps.serve;

import io.mlsteps.model.Predictor;

import java.nio.file.Path;

/** Turns a model file into a {@link Predictor}; the server's default is the Tribuo model bundle. */
@FunctionalInterface
public interface PredictorLoader {
    Predictor load(Path modelFile) throws Exception;
}
