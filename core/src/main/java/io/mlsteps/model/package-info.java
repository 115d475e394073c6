/** What every step needs to know of a model: the {@link io.mlsteps.model.Predictor} interface. */
package io.mlsteps.model;
