/**
 * The model registry: a store (embedded SQLite in a folder, or PostgreSQL) of immutable, numbered model
 * versions with content-addressed blobs, aliases that move atomically with an audit trail, the lineage
 * events other steps record, and the {@code registerModel} step.
 */
package io.mlsteps.registry;
