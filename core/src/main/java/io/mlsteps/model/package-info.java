/**
 * The model abstraction every consumer of a model uses (evaluate, compare, serve, deploy, train): the
 * {@link io.mlsteps.model.Predictor} interface and its Tribuo implementation {@link io.mlsteps.model.TribuoPredictor},
 * the encoding of raw columns into features ({@link io.mlsteps.model.FeatureEncoding}; non-finite numbers are missing
 * and counted, {@link io.mlsteps.model.NonFiniteValues}), model files read and written without Java deserialization
 * ({@link io.mlsteps.model.ModelFiles}, {@link io.mlsteps.model.LibLinearModels}), the classes a model knows checked
 * against true labels ({@link io.mlsteps.model.LabelDomain}) and what to do with a label outside them
 * ({@link io.mlsteps.model.UnknownLabels}).
 */
package io.mlsteps.model;
