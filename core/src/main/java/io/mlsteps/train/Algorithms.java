package io.mlsteps.train;

import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.util.InputException;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.Entropy;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.sgd.LabelObjective;
import org.tribuo.classification.sgd.objectives.Hinge;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.tree.ExtraTreesTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.Adam;
import org.tribuo.math.optimisers.SGD;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanAbsoluteError;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;
import org.tribuo.regression.sgd.RegressionObjective;
import org.tribuo.regression.sgd.objectives.AbsoluteLoss;
import org.tribuo.regression.sgd.objectives.Huber;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training algorithms by their {@code algorithm} name, each with its hyper-parameters by name, their types
 * and defaults. An unknown algorithm or parameter is an {@link InputException} that lists the valid ones.
 */
public final class Algorithms {
    public static final String CLASSIFICATION = TribuoPredictor.CLASSIFICATION;
    public static final String REGRESSION = TribuoPredictor.REGRESSION;

    /** One hyper-parameter: name, type ({@code int}, {@code double}, {@code string}, {@code boolean}), default. */
    public record Param(String name, String type, Object defaultValue, String description, List<String> choices) {
        Param(String name, String type, Object defaultValue, String description) {
            this(name, type, defaultValue, description, List.of());
        }
    }

    /** Builds the Tribuo trainer from resolved parameters. */
    @FunctionalInterface
    interface TrainerFactory {
        Trainer<?> create(Map<String, Object> params, long seed, int numFeatures, int numRows);
    }

    /**
     * An algorithm of one task.
     *
     * @param linear whether it needs standardised numeric features (linear models do, trees do not)
     */
    public record Algorithm(String name, String task, String description, boolean linear, List<Param> params,
                            TrainerFactory factory) {
        public Trainer<?> trainer(Map<String, Object> resolved, long seed, int numFeatures, int numRows) {
            return factory.create(resolved, seed, numFeatures, numRows);
        }
    }

    private static final Map<String, Algorithm> CLASSIFIERS = new LinkedHashMap<>();
    private static final Map<String, Algorithm> REGRESSORS = new LinkedHashMap<>();

    private static final Param EPOCHS = new Param("epochs", "int", 5, "passes over the training data");
    private static final Param LEARNING_RATE = new Param("learning_rate", "double", 1.0, "initial learning rate of the optimiser");
    private static final Param OPTIMISER = new Param("optimiser", "string", "adagrad", "gradient optimiser",
            List.of("adagrad", "adam", "sgd"));
    private static final Param MINIBATCH = new Param("minibatch_size", "int", 1, "examples per gradient step");
    private static final Param STANDARDIZE = new Param("standardize", "boolean", true,
            "scale numeric features to mean 0 and standard deviation 1 (learned on the training rows)");
    private static final Param MAX_DEPTH = new Param("max_depth", "int", Integer.MAX_VALUE, "maximum depth of a tree");
    private static final Param MIN_CHILD_WEIGHT = new Param("min_child_weight", "double", 5.0,
            "minimum example weight in a leaf");
    private static final Param MIN_IMPURITY_DECREASE = new Param("min_impurity_decrease", "double", 0.0,
            "a split must decrease the impurity by at least this");
    private static final Param TREES = new Param("trees", "int", 100, "number of trees");
    private static final Param FRACTION_FEATURES_ALL = new Param("fraction_features", "double", 1.0,
            "fraction of the features considered at each split");
    private static final Param FRACTION_FEATURES_SQRT = new Param("fraction_features", "double", null,
            "fraction of the features considered at each split (default sqrt(n)/n, as scikit-learn's max_features='sqrt')");
    private static final List<Param> XGB = List.of(
            new Param("trees", "int", 100, "boosting rounds"),
            new Param("learning_rate", "double", 0.3, "shrinkage (eta)"),
            new Param("max_depth", "int", 6, "maximum depth of a tree"),
            new Param("min_child_weight", "double", 1.0, "minimum hessian weight in a leaf"),
            new Param("gamma", "double", 0.0, "minimum loss reduction to split"),
            new Param("subsample", "double", 1.0, "row sample per tree"),
            new Param("colsample_bytree", "double", 1.0, "feature sample per tree"),
            new Param("lambda", "double", 1.0, "L2 regularisation"),
            new Param("alpha", "double", 0.0, "L1 regularisation"),
            new Param("tree_method", "string", "hist", "split finding: histogram bins (fast), exact (every value), "
                    + "approx (quantile sketch per round) or auto (XGBoost's choice)", List.of("hist", "exact", "approx", "auto")),
            new Param("threads", "int", 1, "native threads (1 keeps the model byte-identical across runs)"));

    private static final String RANDOM_FOREST_DESCRIPTION = "random forest: XGBoost's random-forest mode (one round of "
            + "parallel trees, each on a row sample, features sampled per split, learning rate 1), histogram splits";

    /** The parameters of {@code random_forest}; classification and regression differ in two defaults. */
    private static List<Param> randomForest(Param fractionFeatures, Param lambda) {
        return List.of(TREES,
                new Param("max_depth", "int", 0, "maximum depth of a tree; 0 = unlimited (leaves grow best-first)"),
                new Param("min_child_weight", "double", 1.0, "minimum hessian weight in a leaf"),
                new Param("subsample", "double", 0.632,
                        "row sample per tree (0.632: the share of distinct rows in a bootstrap sample)"),
                fractionFeatures,
                lambda,
                new Param("max_bin", "int", 256, "histogram bins per feature"),
                new Param("threads", "int", 1, "native threads (1 keeps the model byte-identical across runs)"));
    }

    static {
        add(CLASSIFIERS, new Algorithm("logistic_regression", CLASSIFICATION,
                "L2-regularised logistic regression by LIBLINEAR's trust-region Newton solver (Tribuo "
                        + "LibLinearClassificationTrainer, L2R_LR; scikit-learn's solver='liblinear'); one-vs-rest "
                        + "for more than two classes", true,
                List.of(new Param("c", "double", 1.0, "inverse regularisation strength (as scikit-learn's C)"),
                        new Param("tolerance", "double", 0.01, "stopping tolerance of the solver (LIBLINEAR's -e)"),
                        new Param("max_iterations", "int", 1000, "maximum Newton iterations"),
                        STANDARDIZE),
                (p, seed, nf, nr) -> new LibLinearClassificationTrainer(
                        new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR), positive(p, "c"),
                        i(p, "max_iterations"), positive(p, "tolerance"), seed)));
        add(CLASSIFIERS, new Algorithm("linear_sgd", CLASSIFICATION,
                "linear classifier trained by SGD; loss hinge (linear SVM) or log", true,
                List.of(new Param("loss", "string", "hinge", "loss function", List.of("hinge", "log")),
                        EPOCHS, LEARNING_RATE, OPTIMISER, MINIBATCH, STANDARDIZE),
                (p, seed, nf, nr) -> new org.tribuo.classification.sgd.linear.LinearSGDTrainer(labelObjective(p),
                        optimiser(p), i(p, "epochs"), logEvery(p, nr), i(p, "minibatch_size"), seed)));
        add(CLASSIFIERS, new Algorithm("cart", CLASSIFICATION, "one CART decision tree", false,
                List.of(MAX_DEPTH, MIN_CHILD_WEIGHT, MIN_IMPURITY_DECREASE, FRACTION_FEATURES_ALL,
                        new Param("impurity", "string", "gini", "split criterion", List.of("gini", "entropy"))),
                (p, seed, nf, nr) -> cartClassifier(p, seed, nf, false)));
        add(CLASSIFIERS, new Algorithm("random_forest", CLASSIFICATION, RANDOM_FOREST_DESCRIPTION, false,
                randomForest(FRACTION_FEATURES_SQRT, new Param("lambda", "double", 1.0,
                        "L2 regularisation of the leaf values (smooths the probabilities of small leaves)")), (p, seed, nf, nr) -> new XGBoostClassificationTrainer(1,
                        randomForestParameters(p, seed, "multi:softprob"))));
        add(CLASSIFIERS, new Algorithm("extra_trees", CLASSIFICATION,
                "extremely randomised trees: random split points, probabilities averaged", false,
                List.of(TREES, MAX_DEPTH, new Param("min_child_weight", "double", 1.0, "minimum example weight in a leaf"),
                        MIN_IMPURITY_DECREASE, FRACTION_FEATURES_SQRT,
                        new Param("impurity", "string", "gini", "split criterion", List.of("gini", "entropy"))),
                (p, seed, nf, nr) -> new ExtraTreesTrainer<>(cartClassifier(p, seed, nf, true),
                        new FullyWeightedVotingCombiner(), i(p, "trees"), seed)));
        add(CLASSIFIERS, new Algorithm("xgboost", CLASSIFICATION, "gradient-boosted trees (XGBoost)", false, XGB,
                (p, seed, nf, nr) -> new XGBoostClassificationTrainer(XGBoostTrainer.BoosterType.GBTREE, treeMethod(p),
                        i(p, "trees"), d(p, "learning_rate"), d(p, "gamma"), i(p, "max_depth"), d(p, "min_child_weight"),
                        d(p, "subsample"), d(p, "colsample_bytree"), d(p, "lambda"), d(p, "alpha"), i(p, "threads"),
                        XGBoostTrainer.LoggingVerbosity.SILENT, seed)));

        add(REGRESSORS, new Algorithm("linear_sgd", REGRESSION,
                "linear regression trained by SGD; loss squared, absolute or huber", true,
                List.of(new Param("loss", "string", "squared", "loss function", List.of("squared", "absolute", "huber")),
                        new Param("epochs", "int", 50, "passes over the training data (the target is not standardised, so "
                                + "regression needs more passes than classification)"),
                        new Param("learning_rate", "double", 1.0, "initial learning rate of the optimiser"),
                        OPTIMISER, MINIBATCH, STANDARDIZE),
                (p, seed, nf, nr) -> new org.tribuo.regression.sgd.linear.LinearSGDTrainer(regressionObjective(p),
                        optimiser(p), i(p, "epochs"), logEvery(p, nr), i(p, "minibatch_size"), seed)));
        add(REGRESSORS, new Algorithm("cart", REGRESSION, "one CART regression tree", false,
                List.of(MAX_DEPTH, MIN_CHILD_WEIGHT, MIN_IMPURITY_DECREASE, FRACTION_FEATURES_ALL,
                        new Param("impurity", "string", "mse", "split criterion", List.of("mse", "mae"))),
                (p, seed, nf, nr) -> cartRegressor(p, seed, nf, false)));
        add(REGRESSORS, new Algorithm("random_forest", REGRESSION, RANDOM_FOREST_DESCRIPTION, false,
                randomForest(new Param("fraction_features", "double", 1.0,
                        "fraction of the features considered at each split (1.0, as scikit-learn's regressor)"),
                        new Param("lambda", "double", 0.0, "L2 regularisation of the leaf values; 0: a leaf predicts "
                                + "the mean of its rows; above 0 small leaves shrink towards XGBoost's base score 0.5")), (p, seed, nf, nr) -> new XGBoostRegressionTrainer(
                        XGBoostRegressionTrainer.RegressionType.LINEAR, 1, randomForestParameters(p, seed,
                        XGBoostRegressionTrainer.RegressionType.LINEAR.paramName))));
        add(REGRESSORS, new Algorithm("extra_trees", REGRESSION, "extremely randomised regression trees", false,
                List.of(TREES, MAX_DEPTH, new Param("min_child_weight", "double", 1.0, "minimum example weight in a leaf"),
                        MIN_IMPURITY_DECREASE, new Param("fraction_features", "double", 1.0,
                                "fraction of the features considered at each split"),
                        new Param("impurity", "string", "mse", "split criterion", List.of("mse", "mae"))),
                (p, seed, nf, nr) -> new ExtraTreesTrainer<>(cartRegressor(p, seed, nf, true), new AveragingCombiner(),
                        i(p, "trees"), seed)));
        add(REGRESSORS, new Algorithm("xgboost", REGRESSION, "gradient-boosted regression trees (XGBoost)", false, XGB,
                (p, seed, nf, nr) -> new XGBoostRegressionTrainer(XGBoostTrainer.BoosterType.GBTREE, treeMethod(p),
                        XGBoostRegressionTrainer.RegressionType.LINEAR, i(p, "trees"), d(p, "learning_rate"),
                        d(p, "gamma"), i(p, "max_depth"), d(p, "min_child_weight"), d(p, "subsample"),
                        d(p, "colsample_bytree"), d(p, "lambda"), d(p, "alpha"), i(p, "threads"),
                        XGBoostTrainer.LoggingVerbosity.SILENT, seed)));
    }

    private Algorithms() {
    }

    private static void add(Map<String, Algorithm> map, Algorithm a) {
        map.put(a.name(), a);
    }

    /** The algorithms of a task, by name. */
    public static Map<String, Algorithm> of(String task) {
        return task.equals(REGRESSION) ? REGRESSORS : CLASSIFIERS;
    }

    /** The default algorithm of a task. */
    public static String defaultFor(String task) {
        return task.equals(REGRESSION) ? "linear_sgd" : "logistic_regression";
    }

    /** Finds an algorithm by name (case and dashes ignored), or fails listing the valid names. */
    public static Algorithm find(String task, String name) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        Algorithm a = of(task).get(key);
        if (a == null) {
            throw new InputException("algorithm", "unknown " + task + " algorithm '" + name + "'; expected one of "
                    + String.join(", ", of(task).keySet()));
        }
        return a;
    }

    /**
     * Checks the given parameters against the algorithm's and returns all of them with defaults filled in, in
     * the algorithm's order. Unknown names and values of the wrong type are input errors naming the parameter.
     */
    public static Map<String, Object> resolve(Algorithm a, Map<String, Object> given, int numFeatures) {
        Map<String, Param> known = new LinkedHashMap<>();
        for (Param p : a.params()) {
            known.put(p.name(), p);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Param p : a.params()) {
            out.put(p.name(), p.defaultValue());
        }
        if (given != null) {
            for (Map.Entry<String, Object> e : given.entrySet()) {
                Param p = known.get(e.getKey());
                if (p == null) {
                    throw new InputException("params." + e.getKey(), "unknown parameter of " + a.name()
                            + "; expected one of " + String.join(", ", known.keySet()));
                }
                out.put(p.name(), coerce(a, p, e.getValue()));
            }
        }
        if (out.containsKey("fraction_features") && out.get("fraction_features") == null) {
            out.put("fraction_features", numFeatures <= 0 ? 1.0 : Math.min(1.0, Math.sqrt(numFeatures) / numFeatures));
        }
        return out;
    }

    private static Object coerce(Algorithm a, Param p, Object v) {
        String where = "params." + p.name();
        try {
            Object value = switch (p.type()) {
                case "int" -> {
                    double dv = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
                    if (dv != Math.rint(dv) || Math.abs(dv) > Integer.MAX_VALUE) {
                        throw new NumberFormatException();
                    }
                    yield (int) dv;
                }
                case "double" -> v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
                case "boolean" -> {
                    String s = v.toString().trim().toLowerCase(Locale.ROOT);
                    if (!s.equals("true") && !s.equals("false")) {
                        throw new NumberFormatException();
                    }
                    yield Boolean.parseBoolean(s);
                }
                default -> {
                    String s = v.toString().trim().toLowerCase(Locale.ROOT);
                    if (!p.choices().isEmpty() && !p.choices().contains(s)) {
                        throw new InputException(where, "'" + v + "' is not valid for " + a.name() + "; expected one of "
                                + String.join(", ", p.choices()));
                    }
                    yield s;
                }
            };
            if (value instanceof Number n && n.doubleValue() < 0) {
                throw new InputException(where, "is " + v + "; expected a value >= 0");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InputException(where, "'" + v + "' is not a valid " + p.type() + "; expected "
                    + (p.type().equals("int") ? "an integer" : p.type().equals("boolean") ? "true or false" : "a number"));
        }
    }

    static int i(Map<String, Object> p, String name) {
        return ((Number) p.get(name)).intValue();
    }

    static double d(Map<String, Object> p, String name) {
        return ((Number) p.get(name)).doubleValue();
    }

    /** A parameter that must be above zero (the solver or sampler rejects 0). */
    private static double positive(Map<String, Object> p, String name) {
        double v = d(p, name);
        if (v <= 0) {
            throw new InputException("params." + name, "is " + v + "; expected a value > 0");
        }
        return v;
    }

    /**
     * XGBoost's documented random-forest settings: one boosting round of {@code trees} parallel trees with learning
     * rate 1 (XGBoost averages the trees of a round), a row sample per tree and a feature sample per split.
     */
    static Map<String, Object> randomForestParameters(Map<String, Object> p, long seed, String objective) {
        double subsample = positive(p, "subsample");
        double features = positive(p, "fraction_features");
        if (subsample > 1 || features > 1) {
            throw new InputException("params." + (subsample > 1 ? "subsample" : "fraction_features"),
                    "is " + (subsample > 1 ? subsample : features) + "; expected a fraction in (0, 1]");
        }
        if (i(p, "trees") < 1 || i(p, "threads") < 1 || i(p, "max_bin") < 2) {
            String name = i(p, "trees") < 1 ? "trees" : i(p, "threads") < 1 ? "threads" : "max_bin";
            throw new InputException("params." + name, "is " + p.get(name) + "; expected at least "
                    + (name.equals("max_bin") ? 2 : 1));
        }
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("objective", objective);
        x.put("booster", "gbtree");
        x.put("tree_method", "hist");
        x.put("num_parallel_tree", i(p, "trees"));
        x.put("eta", 1.0);
        x.put("subsample", subsample);
        x.put("colsample_bynode", features);
        x.put("max_depth", i(p, "max_depth"));
        // unlimited depth needs best-first growth (XGBoost rejects max_depth 0 with depth-wise growth)
        x.put("grow_policy", i(p, "max_depth") == 0 ? "lossguide" : "depthwise");
        x.put("min_child_weight", d(p, "min_child_weight"));
        x.put("lambda", d(p, "lambda"));
        x.put("max_bin", i(p, "max_bin"));
        x.put("nthread", i(p, "threads"));
        x.put("seed", seed);
        x.put("verbosity", 0);
        return x;
    }

    private static XGBoostTrainer.TreeMethod treeMethod(Map<String, Object> p) {
        return XGBoostTrainer.TreeMethod.valueOf(((String) p.get("tree_method")).toUpperCase(Locale.ROOT));
    }

    /** Tribuo logs the loss every this many gradient steps: about once per epoch. */
    private static int logEvery(Map<String, Object> p, int rows) {
        return Math.max(1, rows / Math.max(1, i(p, "minibatch_size")));
    }

    private static StochasticGradientOptimiser optimiser(Map<String, Object> p) {
        double lr = d(p, "learning_rate");
        return switch ((String) p.get("optimiser")) {
            case "adam" -> new Adam(lr, 1e-8);
            case "sgd" -> SGD.getLinearDecaySGD(lr);
            default -> new AdaGrad(lr, 0.1);
        };
    }

    private static LabelObjective labelObjective(Map<String, Object> p) {
        return "log".equals(p.get("loss")) ? new LogMulticlass() : new Hinge();
    }

    private static RegressionObjective regressionObjective(Map<String, Object> p) {
        return switch ((String) p.get("loss")) {
            case "absolute" -> new AbsoluteLoss();
            case "huber" -> new Huber();
            default -> new SquaredLoss();
        };
    }

    private static CARTClassificationTrainer cartClassifier(Map<String, Object> p, long seed, int nf, boolean randomSplits) {
        return new CARTClassificationTrainer(i(p, "max_depth"), (float) d(p, "min_child_weight"),
                (float) d(p, "min_impurity_decrease"), (float) d(p, "fraction_features"), randomSplits,
                "entropy".equals(p.get("impurity")) ? new Entropy() : new GiniIndex(), seed);
    }

    private static CARTRegressionTrainer cartRegressor(Map<String, Object> p, long seed, int nf, boolean randomSplits) {
        return new CARTRegressionTrainer(i(p, "max_depth"), (float) d(p, "min_child_weight"),
                (float) d(p, "min_impurity_decrease"), (float) d(p, "fraction_features"), randomSplits,
                "mae".equals(p.get("impurity")) ? new MeanAbsoluteError() : new MeanSquaredError(), seed);
    }

    /** A table of every algorithm and parameter, for docs and error messages. */
    public static List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (Map<String, Algorithm> m : List.of(CLASSIFIERS, REGRESSORS)) {
            for (Algorithm a : m.values()) {
                lines.add(a.task() + " " + a.name() + ": " + a.description());
                for (Param p : a.params()) {
                    lines.add("  " + p.name() + " (" + p.type() + ", default " + p.defaultValue() + ") " + p.description());
                }
            }
        }
        return lines;
    }

    /** Types for JSON: Label or Regressor output. */
    static Class<?> outputType(String task) {
        return task.equals(REGRESSION) ? Regressor.class : Label.class;
    }
}
