package io.mlsteps.compare;

/**
 * What a paired comparison of one metric found on the rows both models were evaluated on.
 *
 * @param rows      rows compared
 * @param bootstrap the paired bootstrap of the metric delta
 * @param mcnemar   McNemar's test, for accuracy-type metrics; null otherwise
 */
public record PairedEvidence(int rows, PairedBootstrap.Result bootstrap, McNemar mcnemar) {
}
