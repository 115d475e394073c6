/**
 * Training with Oracle Tribuo: the algorithm catalogue ({@link io.mlsteps.train.Algorithms}), the model card and
 * the {@code trainModel} step. The model it writes is read through {@link io.mlsteps.model}.
 */
package io.mlsteps.train;
