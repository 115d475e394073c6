/**
 * The step contract shared by every step and front end: typed requests, the result with its checks,
 * metrics, outputs, charts and lineage references, the runner that writes the step folder, and the
 * catalog of the seven steps.
 */
package io.mlsteps.step;
