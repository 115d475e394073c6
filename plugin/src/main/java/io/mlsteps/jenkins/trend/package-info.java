/**
 * What the plugin keeps of each ML step in a build (a small {@link io.mlsteps.jenkins.trend.StepRecord} in
 * build.xml) and the pure computations over those records: key metrics, deltas to the baseline, metric and
 * drift trend series with their gate threshold and baseline lines, and the lineage view. No Jenkins class
 * here, so all of it is unit-tested without Jenkins.
 */
package io.mlsteps.jenkins.trend;
