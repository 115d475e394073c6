package io.mlsteps.model;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.liblinear.LibLinearClassificationModel;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.protos.ClassificationLinearSGDProto;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.util.ExpNormalizer;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.protos.core.TransformedModelProto;
import org.tribuo.transform.TransformedModel;

/**
 * Turns a model trained by LIBLINEAR into the same linear model stored as Tribuo's {@link LinearSGDModel}, whose
 * protobuf is plain numbers. Tribuo's own {@code LibLinearClassificationModel} keeps liblinear-java's {@code Model}
 * as a Java-serialised object inside its protobuf and reads it back with {@code ObjectInputStream}, so loading such a
 * file is Java deserialization; the converted model is not.
 * <p>
 * The converted model keeps the LIBLINEAR model's name, provenance (trainer {@code LibLinearClassificationTrainer}),
 * feature map and label domain. Its weight matrix has a row per label (by Tribuo output id) and a column per feature
 * id plus the bias as the last column, as LIBLINEAR's, whose bias is a constant feature 1 after the last feature.
 * Scores are turned into probabilities by a softmax ({@link ExpNormalizer}):
 * <ul>
 *   <li>two classes: LIBLINEAR keeps one weight vector {@code w}, for its first label, and gives that label
 *   {@code sigmoid(w·x)}. Here {@code w} is the row of that label and the other label's row is 0, so the softmax of
 *   {@code (w·x, 0)} is the same sigmoid: the same probabilities and labels;</li>
 *   <li>more classes: LIBLINEAR trains one-vs-rest and divides each class's sigmoid by their sum; here the softmax of
 *   the same one-vs-rest scores. The predicted label (the largest score) is the same; the probabilities differ.</li>
 * </ul>
 */
public final class LibLinearModels {
    private LibLinearModels() {
    }

    /**
     * The model with every LIBLINEAR classification model in it (itself, or the inner model of a
     * {@link TransformedModel}) replaced by the equivalent {@link LinearSGDModel}; other models unchanged.
     */
    public static Model<?> withoutJavaSerialization(Model<?> model) {
        try {
            if (model instanceof LibLinearClassificationModel lib) {
                return Model.deserialize(linearProto(lib));
            }
            if (model instanceof TransformedModel<?> t && t.getInnerModel() instanceof LibLinearClassificationModel lib) {
                // TransformedModel's constructor is package-private: rebuild it from its protobuf with the inner
                // model swapped (writing the old inner model's protobuf only writes; nothing is read back from it)
                ModelProto outer = t.serialize();
                TransformedModelProto transformed = outer.getSerializedData().unpack(TransformedModelProto.class)
                        .toBuilder().setModel(linearProto(lib)).build();
                return Model.deserialize(outer.toBuilder().setSerializedData(Any.pack(transformed)).build());
            }
            return model;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot re-read Tribuo's own model protobuf", e);
        }
    }

    /** The protobuf of the {@link LinearSGDModel} equivalent to a LIBLINEAR classification model. */
    static ModelProto linearProto(LibLinearClassificationModel lib) {
        de.bwaldvogel.liblinear.Model ll = lib.getInnerModels().get(0);
        int numFeatures = lib.getFeatureIDMap().size();
        int numLabels = lib.getOutputIDInfo().size();
        int[] labels = ll.getLabels();
        double[] w = ll.getFeatureWeights();
        // Tribuo's LibLinearTrainer gives liblinear numFeatures + 1 columns with bias 1.0: liblinear keeps
        // numFeatures weights plus one for the bias feature (index numFeatures + 1, value 1)
        if (ll.getNrFeature() != numFeatures || ll.getBias() != 1.0) {
            throw new IllegalStateException("unexpected LIBLINEAR model layout: " + ll.getNrFeature() + " features, bias "
                    + ll.getBias() + "; expected " + numFeatures + " features and bias 1");
        }
        if (labels.length != numLabels) {
            throw new IllegalStateException("LIBLINEAR saw " + labels.length + " of the " + numLabels
                    + " labels in training; the converted model would give the others a probability");
        }
        int perFeature = labels.length == 2 ? 1 : labels.length;
        if (w.length != (numFeatures + 1) * perFeature) {
            throw new IllegalStateException("unexpected LIBLINEAR weight vector of length " + w.length);
        }
        DenseMatrix weights = new DenseMatrix(numLabels, numFeatures + 1);
        for (int k = 0; k < perFeature; k++) {
            for (int j = 0; j <= numFeatures; j++) {
                weights.set(labels[k], j, w[j * perFeature + k]);
            }
        }
        ModelDataCarrier<Label> carrier = new ModelDataCarrier<>(lib.getName(), lib.getProvenance(),
                lib.getFeatureIDMap(), lib.getOutputIDInfo(), lib.generatesProbabilities(),
                lib.getProvenance().getTribuoVersion());
        ClassificationLinearSGDProto data = ClassificationLinearSGDProto.newBuilder()
                .setMetadata(carrier.serialize())
                .setParams(new LinearParameters(weights).serialize())
                .setNormalizer(new ExpNormalizer().serialize())
                .build();
        return ModelProto.newBuilder()
                .setVersion(LinearSGDModel.CURRENT_VERSION)
                .setClassName(LinearSGDModel.class.getName())
                .setSerializedData(Any.pack(data))
                .build();
    }
}
