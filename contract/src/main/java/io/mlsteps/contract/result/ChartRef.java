package io.mlsteps.contract.result;

/**
 * A PNG chart a step drew.
 *
 * @param id    short identifier, also the file name stem
 * @param title what the chart shows
 * @param path  path relative to the step folder, e.g. {@code charts/roc.png}
 */
public record ChartRef(String id, String title, String path) {
}
