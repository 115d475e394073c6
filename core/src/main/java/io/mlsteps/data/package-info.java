/**
 * Tabular data: streaming readers for CSV, TSV and JSON Lines (gzip transparent), type inference and
 * mergeable column profiles built on Apache DataSketches.
 */
package io.mlsteps.data;
