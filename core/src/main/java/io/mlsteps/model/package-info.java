/**
 * What every step needs to know of a model: the {@link io.mlsteps.model.Predictor} interface, and what an
 * evaluation does with a label outside its classes ({@link io.mlsteps.model.UnknownLabels}).
 */
package io.mlsteps.model;
