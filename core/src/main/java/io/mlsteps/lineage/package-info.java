/**
 * The lineage graph: datasets, builds, model versions, evaluations, comparisons, alias moves and
 * deployments, how the registry's records become a graph that can be walked both ways, and its exports
 * (text, JSON, DOT, PNG, OpenLineage RunEvents).
 */
package io.mlsteps.lineage;
