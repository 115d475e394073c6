/**
 * Batch prediction, the {@code predict} step: files or folders of rows scored with a registered model or a model
 * file, streamed in chunks that a small pool scores while the output is written in input order
 * ({@link io.mlsteps.predict.BatchScorer}), with rows the model cannot read refused or written to a rejects file
 * ({@link io.mlsteps.predict.RowModel}), predictions as CSV or JSON Lines ({@link io.mlsteps.predict.TableFormat}),
 * and lineage from the model version through the input to the predictions. Only {@link io.mlsteps.predict.RowModel}
 * knows the model's implementation; the rest sees rows, predictions and problems.
 */
package io.mlsteps.predict;
