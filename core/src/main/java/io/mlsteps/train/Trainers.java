package io.mlsteps.train;

import io.mlsteps.model.FeatureEncoding;
import org.tribuo.Trainer;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Tribuo trainer of an algorithm with resolved parameters, wrapped to standardise the numeric features (mean
 * and standard deviation learned on the rows it trains on) when the algorithm is linear and {@code standardize} is
 * on. Shared by the train step and the search, so a fold's model is trained as the final model is.
 */
public final class Trainers {
    private Trainers() {
    }

    public static Trainer<?> create(Algorithms.Algorithm algorithm, Map<String, Object> params, long seed,
                                    int numFeatures, int numRows, FeatureEncoding encoding) {
        Trainer<?> trainer = algorithm.trainer(params, seed, numFeatures, numRows);
        if (algorithm.linear() && Boolean.TRUE.equals(params.get("standardize"))) {
            Map<String, List<org.tribuo.transform.Transformation>> perFeature = new TreeMap<>();
            for (FeatureEncoding.Column c : encoding.columns()) {
                if (c.kind() == FeatureEncoding.Kind.NUMERIC) {
                    perFeature.put(c.name(), List.of(new MeanStdDevTransformation()));
                }
            }
            @SuppressWarnings({"unchecked", "rawtypes"})
            Trainer<?> wrapped = new TransformTrainer(trainer, new TransformationMap(perFeature));
            trainer = wrapped;
        }
        return trainer;
    }
}
