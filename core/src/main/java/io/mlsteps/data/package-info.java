/**
 * Tabular data: the one reading contract of every step ({@link io.mlsteps.data.ReadOptions}; a file's delimiter
 * and header decided before it is read), streaming readers for CSV, TSV and JSON Lines (gzip transparent), type
 * inference and mergeable column profiles built on Apache DataSketches.
 */
package io.mlsteps.data;
