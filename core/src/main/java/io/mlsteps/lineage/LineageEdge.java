package io.mlsteps.lineage;

/**
 * A directed edge from what came first to what came of it (data → build → model → evaluation → ...).
 *
 * @param from     the upstream node id
 * @param to       the downstream node id
 * @param relation {@code trainedOn}, {@code produced}, {@code evaluated}, {@code baseline}, {@code moved}, ...
 */
public record LineageEdge(String from, String to, String relation) {
}
