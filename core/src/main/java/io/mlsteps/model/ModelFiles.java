package io.mlsteps.model;

import com.google.protobuf.Any;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TypeRegistry;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Reads and writes Tribuo models in Tribuo's protobuf format, never Java serialization.
 * <p>
 * Tribuo picks the class that decodes each part of a model file from a class name written in the file, and its
 * LIBLINEAR models decode their weights with {@code ObjectInputStream}. So a file is checked before Tribuo reads
 * it: every such class name must be a Tribuo class other than those LIBLINEAR models, and every embedded message of
 * a type this class knows (else the check could not see inside it). {@code trainModel} stores LIBLINEAR-trained
 * models as {@code LinearSGDModel} ({@link LibLinearModels}), and {@link #save} refuses to write a model that would
 * fail this check.
 * <p>
 * Files are written reproducibly: Tribuo stamps the
 * wall-clock time into every provenance (model, ensemble members, data source), which alone would make two
 * otherwise identical trainings differ. Those timestamps are set to {@link #FIXED_TIME} in the file, so the same
 * data, parameters and seed give byte-identical files; the real training time is in the model card.
 */
public final class ModelFiles {
    /** The provenance time written into model files. */
    public static final String FIXED_TIME = "1970-01-01T00:00Z";
    private static final String DATE_TIME_PROVENANCE = "DateTimeProvenance";

    private static final TypeRegistry REGISTRY = registry();

    /** Tribuo classes whose protobuf decoding runs Java deserialization ({@code ObjectInputStream}). */
    static final java.util.Set<String> JAVA_SERIALIZED = java.util.Set.of(
            "org.tribuo.classification.liblinear.LibLinearClassificationModel",
            "org.tribuo.regression.liblinear.LibLinearRegressionModel",
            "org.tribuo.anomaly.liblinear.LibLinearAnomalyModel");

    private ModelFiles() {
    }

    private static TypeRegistry registry() {
        // Two Tribuo proto files both declare tribuo.common.sgd.FMParametersProto; protobuf warns and keeps one,
        // which is harmless here, so its warning is not shown to users.
        java.util.logging.Logger.getLogger(TypeRegistry.class.getName()).setLevel(java.util.logging.Level.SEVERE);
        TypeRegistry.Builder b = TypeRegistry.newBuilder();
        for (Descriptors.FileDescriptor f : List.of(
                org.tribuo.protos.core.TribuoCore.getDescriptor(),
                org.tribuo.protos.core.TribuoCoreImpl.getDescriptor(),
                org.tribuo.math.protos.TribuoMath.getDescriptor(),
                org.tribuo.math.protos.TribuoMathImpl.getDescriptor(),
                org.tribuo.classification.protos.TribuoClassificationCore.getDescriptor(),
                org.tribuo.classification.sgd.protos.TribuoClassificationSgd.getDescriptor(),
                org.tribuo.common.sgd.protos.TribuoSgd.getDescriptor(),
                org.tribuo.common.sgd.protos.TribuoCommonSgd.getDescriptor(),
                org.tribuo.common.liblinear.protos.TribuoLiblinear.getDescriptor(),
                org.tribuo.common.tree.protos.TribuoTree.getDescriptor(),
                org.tribuo.common.xgboost.protos.TribuoXgboost.getDescriptor(),
                org.tribuo.regression.protos.TribuoRegressionCore.getDescriptor(),
                org.tribuo.regression.sgd.protos.TribuoRegressionSgd.getDescriptor(),
                org.tribuo.regression.rtree.protos.TribuoRegressionTree.getDescriptor())) {
            b.add(f.getMessageTypes());
        }
        return b.build();
    }

    /**
     * Reads a model file after checking that decoding it runs no Java deserialization and instantiates only Tribuo
     * classes. A file that fails the check is an {@link UnsafeModelException}; one that is not a model protobuf is
     * Tribuo's or protobuf's exception.
     */
    public static Model<?> read(Path file) throws IOException {
        ModelProto proto;
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            proto = ModelProto.parseFrom(in);
        }
        requireProtobufOnly(proto);
        return Model.deserialize(proto);
    }

    /** A model file whose decoding would run Java deserialization or instantiate a class outside Tribuo. */
    public static final class UnsafeModelException extends RuntimeException {
        UnsafeModelException(String message) {
            super(message);
        }
    }

    /**
     * Checks every message Tribuo decodes by class name (those with {@code class_name}, {@code version} and
     * {@code serialized_data}) anywhere in the model, looking inside embedded {@code Any} messages.
     */
    static void requireProtobufOnly(Message msg) throws IOException {
        Descriptors.Descriptor type = msg.getDescriptorForType();
        if (type.getFullName().equals(Any.getDescriptor().getFullName())) {
            String url = (String) msg.getField(type.findFieldByName("type_url"));
            Descriptors.Descriptor d = REGISTRY.find(url.substring(url.lastIndexOf('/') + 1));
            if (d == null) {
                throw new UnsafeModelException("holds a message of type '" + url + "' that mlsteps cannot check");
            }
            requireProtobufOnly(DynamicMessage.parseFrom(d, (com.google.protobuf.ByteString) msg.getField(
                    type.findFieldByName("value"))));
            return;
        }
        Descriptors.FieldDescriptor className = type.findFieldByName("class_name");
        if (className != null && type.findFieldByName("serialized_data") != null && type.findFieldByName("version") != null) {
            String name = String.valueOf(msg.getField(className));
            if (JAVA_SERIALIZED.contains(name)) {
                throw new UnsafeModelException("holds a " + name.substring(name.lastIndexOf('.') + 1)
                        + ", which Tribuo decodes with Java deserialization; mlsteps does not read it (retrain "
                        + "with this version of mlsteps, which stores LIBLINEAR models as protobuf numbers)");
            }
            if (!name.startsWith("org.tribuo.")) {
                throw new UnsafeModelException("names the class '" + name + "', which is not a Tribuo class");
            }
        }
        for (Descriptors.FieldDescriptor f : type.getFields()) {
            if (f.getJavaType() != Descriptors.FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (f.isRepeated()) {
                int n = msg.getRepeatedFieldCount(f);
                for (int i = 0; i < n; i++) {
                    requireProtobufOnly((Message) msg.getRepeatedField(f, i));
                }
            } else if (msg.hasField(f)) {
                requireProtobufOnly((Message) msg.getField(f));
            }
        }
    }

    /** Serialises a model with its provenance timestamps fixed, atomically (temp file, then move). */
    public static void save(Model<?> model, Path file) throws IOException {
        byte[] bytes = reproducibleBytes(model);
        requireProtobufOnly(ModelProto.parseFrom(bytes));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The protobuf bytes of a model, provenance timestamps fixed. */
    public static byte[] reproducibleBytes(Model<?> model) {
        ModelProto proto = model.serialize();
        try {
            return normalise(proto).toByteArray();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot re-read Tribuo's own model protobuf", e);
        }
    }

    private static Message normalise(Message msg) throws InvalidProtocolBufferException {
        if (msg.getDescriptorForType().getFullName().equals(Any.getDescriptor().getFullName())) {
            // nested Any values parse as DynamicMessage, not as Any, so go through the descriptor
            Descriptors.FieldDescriptor urlField = msg.getDescriptorForType().findFieldByName("type_url");
            Descriptors.FieldDescriptor valueField = msg.getDescriptorForType().findFieldByName("value");
            String url = (String) msg.getField(urlField);
            Descriptors.Descriptor d = REGISTRY.find(url.substring(url.lastIndexOf('/') + 1));
            if (d == null) {
                return msg;
            }
            Message inner = normalise(DynamicMessage.parseFrom(d, (com.google.protobuf.ByteString) msg.getField(valueField)));
            return msg.toBuilder().setField(valueField, inner.toByteString()).build();
        }
        Message.Builder b = msg.toBuilder();
        boolean dateTime = false;
        Descriptors.FieldDescriptor valueField = null;
        for (Descriptors.FieldDescriptor f : msg.getDescriptorForType().getFields()) {
            if (f.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE) {
                if (f.isRepeated()) {
                    int n = msg.getRepeatedFieldCount(f);
                    for (int i = 0; i < n; i++) {
                        b.setRepeatedField(f, i, normalise((Message) msg.getRepeatedField(f, i)));
                    }
                } else if (msg.hasField(f)) {
                    b.setField(f, normalise((Message) msg.getField(f)));
                }
            } else if (f.getJavaType() == Descriptors.FieldDescriptor.JavaType.STRING && !f.isRepeated()) {
                if (f.getName().equals("provenance_class_name")
                        && msg.getField(f).toString().endsWith(DATE_TIME_PROVENANCE)) {
                    dateTime = true;
                } else if (f.getName().equals("value")) {
                    valueField = f;
                }
            }
        }
        if (dateTime && valueField != null) {
            b.setField(valueField, FIXED_TIME);
        }
        return b.build();
    }
}
