/** Files a person or a CI reads: the self-contained HTML report and the JUnit XML of a step. */
package io.mlsteps.report;
