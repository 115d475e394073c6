/** PNG charts with JFreeChart: one look for every step, and the common chart kinds. */
package io.mlsteps.chart;
