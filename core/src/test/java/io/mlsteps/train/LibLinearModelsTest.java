package io.mlsteps.train;

import io.mlsteps.model.FeatureEncoding;
import io.mlsteps.model.LibLinearModels;
import io.mlsteps.model.ModelFiles;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.data.Table;
import io.mlsteps.testing.Req;

import io.mlsteps.contract.steps.TrainModelRequest;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.step.StepContext;
import io.mlsteps.testing.SharedData;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationModel;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.common.liblinear.protos.LibLinearModelProto;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.protos.core.TransformedModelProto;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.TransformedModel;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * logistic_regression trains with LIBLINEAR and stores the result as a LinearSGDModel: the stored model predicts
 * what the LIBLINEAR model predicts, its file holds no Java serialization, and files that would make Tribuo run
 * Java deserialization are refused before Tribuo reads them.
 */
class LibLinearModelsTest {
    /** The first bytes of every Java serialization stream (magic 0xACED, version 5). */
    private static final byte[] JAVA_SERIALIZATION_MAGIC = {(byte) 0xAC, (byte) 0xED, 0x00, 0x05};

    @TempDir
    Path dir;

    private StepContext context(String name) {
        return new StepContext(dir, dir.resolve(name), new StepLog(System.out, name, false), Map.of());
    }

    private TribuoPredictor trainWithStep(Path data, String label) throws Exception {
        Req<TrainModelRequest> r = TrainModelStepTest.request(data, label, "logistic_regression");
        r.set("validationSplit", 0.0);
        new TrainModelStep().execute(r.build(), context("train"));
        return TribuoPredictor.load(dir.resolve("train/model.tribuo"));
    }

    /** The rows of a file as labelled Tribuo examples in the predictor's encoding (rows without features left out). */
    private static List<Example<Label>> examples(Path file, String label, TribuoPredictor encodingOf) {
        Table t = Table.read(file, ReadOptions.defaults(), new StepLog(System.out, "read", true));
        int labelIndex = t.column(label, "label");
        List<Example<Label>> out = new ArrayList<>();
        for (int r = 0; r < t.size(); r++) {
            int row = r;
            Example<?> unlabelled;
            try {
                unlabelled = encodingOf.example(c -> t.hasColumn(c) ? t.cell(row, t.column(c, "features")) : null);
            } catch (IllegalArgumentException noFeature) {
                continue;
            }
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            unlabelled.forEach(f -> {
                names.add(f.getName());
                values.add(f.getValue());
            });
            out.add(new ArrayExample<>(new Label(t.cell(row, labelIndex).trim()), names.toArray(String[]::new),
                    values.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return out;
    }

    /** LIBLINEAR trained as trainModel trains it (default parameters, numeric columns standardised). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Model<Label> trainLibLinear(List<Example<Label>> train, TribuoPredictor encodingOf) {
        MutableDataset<Label> dataset = new MutableDataset<>(new ListDataSource<>(train, new LabelFactory(),
                new SimpleDataSourceProvenance("test", new LabelFactory())));
        Algorithms.Algorithm a = Algorithms.find(Algorithms.CLASSIFICATION, "logistic_regression");
        Trainer<Label> trainer = (Trainer<Label>) a.trainer(Algorithms.resolve(a, Map.of(), 0), 42L,
                dataset.getFeatureMap().size(), dataset.size());
        Map<String, List<org.tribuo.transform.Transformation>> perFeature = new TreeMap<>();
        for (FeatureEncoding.Column c : encodingOf.encoding().columns()) {
            if (c.kind() == FeatureEncoding.Kind.NUMERIC) {
                perFeature.put(c.name(), List.of(new MeanStdDevTransformation()));
            }
        }
        return (Model<Label>) (Model) new TransformTrainer(trainer, new TransformationMap(perFeature)).train(dataset);
    }

    private static boolean containsJavaSerialization(byte[] bytes) {
        outer:
        for (int i = 0; i + JAVA_SERIALIZATION_MAGIC.length <= bytes.length; i++) {
            for (int j = 0; j < JAVA_SERIALIZATION_MAGIC.length; j++) {
                if (bytes[i + j] != JAVA_SERIALIZATION_MAGIC[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<org.tribuo.Prediction<Label>> predict(Model<?> model, List<Example<Label>> rows) {
        return ((Model) model).predict((Iterable) rows);
    }

    @Test
    void adultStoredModelPredictsTheLibLinearLabelsAndProbabilities() throws Exception {
        Path train = SharedData.require("adult/adult_train.csv");
        Path test = SharedData.require("adult/adult_test.csv");
        TribuoPredictor stored = trainWithStep(train, "income");
        Path file = dir.resolve("train/model.tribuo");
        byte[] bytes = Files.readAllBytes(file);
        assertThat(containsJavaSerialization(bytes)).as("Java serialization stream in the model file").isFalse();
        TransformedModel<?> transformed = (TransformedModel<?>) stored.model();
        assertThat(transformed.getInnerModel()).isInstanceOf(LinearSGDModel.class);
        assertThat(transformed.getInnerModel().getProvenance().getTrainerProvenance().getClassName())
                .isEqualTo("org.tribuo.classification.liblinear.LibLinearClassificationTrainer");
        assertThat(stored.generatesProbabilities()).isTrue();
        // the card says what trained the model and what is stored
        var card = io.mlsteps.util.Json.mapper().readTree(dir.resolve("train/model-card.json").toFile());
        assertThat(card.get("algorithm").asText()).isEqualTo("logistic_regression");
        assertThat(card.get("tribuo").get("modelClass").asText()).isEqualTo(TransformedModel.class.getName());
        assertThat(card.get("tribuo").get("provenance").toString())
                .contains("org.tribuo.classification.liblinear.LibLinearClassificationTrainer").contains("L2R_LR");

        List<Example<Label>> trainRows = examples(train, "income", stored);
        List<Example<Label>> testRows = examples(test, "income", stored);
        assertThat(testRows).hasSizeGreaterThan(16000);
        Model<Label> libLinear = trainLibLinear(trainRows, stored);
        assertThat(((TransformedModel<?>) libLinear).getInnerModel()).isInstanceOf(LibLinearClassificationModel.class);
        Model<?> converted = LibLinearModels.withoutJavaSerialization(libLinear);
        Path convertedFile = dir.resolve("converted.tribuo");
        ModelFiles.save(converted, convertedFile);
        Model<?> reloaded = TribuoPredictor.load(convertedFile).model();

        List<org.tribuo.Prediction<Label>> expected = predict(libLinear, testRows);
        // the stored file of the step was trained on the same examples, so it is the same model
        for (Model<?> m : List.of(converted, reloaded, stored.model())) {
            List<org.tribuo.Prediction<Label>> actual = predict(m, testRows);
            for (int i = 0; i < testRows.size(); i++) {
                assertThat(actual.get(i).getOutput().getLabel()).as("row %d", i)
                        .isEqualTo(expected.get(i).getOutput().getLabel());
                for (String c : List.of("<=50K", ">50K")) {
                    assertThat(actual.get(i).getOutputScores().get(c).getScore()).as("row %d P(%s)", i, c)
                            .isCloseTo(expected.get(i).getOutputScores().get(c).getScore(), within(1e-9));
                }
            }
        }
        // the weights are LIBLINEAR's: its one weight vector on one class, zeros on the other
        Map<String, List<com.oracle.labs.mlrg.olcut.util.Pair<String, Double>>> before = libLinear.getTopFeatures(-1);
        Map<String, List<com.oracle.labs.mlrg.olcut.util.Pair<String, Double>>> after = converted.getTopFeatures(-1);
        int withWeights = 0;
        for (String c : after.keySet()) {
            Map<String, Double> weights = new java.util.HashMap<>();
            after.get(c).forEach(p -> weights.put(p.getA(), p.getB()));
            if (weights.entrySet().stream().allMatch(e -> e.getValue() == 0.0)) {
                continue;
            }
            withWeights++;
            assertThat(before.get(c)).hasSize(weights.size() - 1);
            for (var p : before.get(c)) {
                assertThat(weights.get(p.getA())).as(p.getA()).isEqualTo(p.getB());
            }
        }
        assertThat(withWeights).isEqualTo(1);
    }

    @Test
    void irisStoredModelPredictsTheLibLinearLabels() throws Exception {
        Path iris = SharedData.require("small/iris.csv");
        TribuoPredictor stored = trainWithStep(iris, "species");
        assertThat(containsJavaSerialization(Files.readAllBytes(dir.resolve("train/model.tribuo")))).isFalse();
        List<Example<Label>> rows = examples(iris, "species", stored);
        Model<Label> libLinear = trainLibLinear(rows, stored);
        Model<?> converted = LibLinearModels.withoutJavaSerialization(libLinear);
        List<org.tribuo.Prediction<Label>> expected = predict(libLinear, rows);
        for (Model<?> m : List.of(converted, stored.model())) {
            List<org.tribuo.Prediction<Label>> actual = predict(m, rows);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(actual.get(i).getOutput().getLabel()).as("row %d", i)
                        .isEqualTo(expected.get(i).getOutput().getLabel());
                double sum = actual.get(i).getOutputScores().values().stream().mapToDouble(Label::getScore).sum();
                assertThat(sum).isCloseTo(1.0, within(1e-12));
            }
        }
    }

    /** A class whose Java deserialization would leave a mark: the stand-in for a gadget chain. */
    static final class Gadget implements Serializable {
        static volatile boolean deserialized;

        private void readObject(java.io.ObjectInputStream in) {
            deserialized = true;
        }
    }

    @Test
    void aModelFileThatWouldRunJavaDeserializationIsRefusedBeforeTribuoReadsIt() throws Exception {
        Path iris = SharedData.require("small/iris.csv");
        TribuoPredictor stored = trainWithStep(iris, "species");
        Model<Label> libLinear = trainLibLinear(examples(iris, "species", stored), stored);
        // Tribuo's own file of a LIBLINEAR model, with the liblinear Model object replaced by a "gadget"
        ModelProto outer = libLinear.serialize();
        TransformedModelProto transformed = outer.getSerializedData().unpack(TransformedModelProto.class);
        LibLinearModelProto inner = transformed.getModel().getSerializedData().unpack(LibLinearModelProto.class);
        ByteArrayOutputStream gadget = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(gadget)) {
            out.writeObject(new Gadget());
        }
        LibLinearModelProto crafted = inner.toBuilder().setModels(0, ByteString.copyFrom(gadget.toByteArray())).build();
        ModelProto craftedOuter = outer.toBuilder().setSerializedData(Any.pack(transformed.toBuilder()
                .setModel(transformed.getModel().toBuilder().setSerializedData(Any.pack(crafted))).build())).build();
        Path file = dir.resolve("crafted.tribuo");
        Files.write(file, craftedOuter.toByteArray());
        Path plain = dir.resolve("liblinear.tribuo");
        Files.write(plain, libLinear.serialize().toByteArray());

        Gadget.deserialized = false;
        for (Path f : List.of(file, plain)) {
            assertThatThrownBy(() -> TribuoPredictor.load(f)).isInstanceOf(InputException.class)
                    .hasMessageContaining(f.getFileName().toString())
                    .hasMessageContaining("LibLinearClassificationModel")
                    .hasMessageContaining("Java deserialization");
        }
        assertThat(Gadget.deserialized).isFalse();
        // the check is what stops it: Tribuo itself would deserialize the gadget
        assertThatThrownBy(() -> Model.deserializeFromFile(file)).isInstanceOf(IllegalStateException.class);
        assertThat(Gadget.deserialized).isTrue();

        // a class outside Tribuo named as the model class is refused too
        Path foreign = dir.resolve("foreign.tribuo");
        Files.write(foreign, outer.toBuilder().setClassName("java.lang.Runtime").build().toByteArray());
        assertThatThrownBy(() -> TribuoPredictor.load(foreign)).isInstanceOf(InputException.class)
                .hasMessageContaining("not a Tribuo class");
        // and trainModel's writer refuses to store a model that would need Java deserialization
        assertThatThrownBy(() -> ModelFiles.save(libLinear, dir.resolve("refused.tribuo")))
                .isInstanceOf(ModelFiles.UnsafeModelException.class);
        assertThat(dir.resolve("refused.tribuo")).doesNotExist();
    }
}
