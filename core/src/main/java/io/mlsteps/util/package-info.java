/**
 * Small shared services: the JSON mapper, content hashes, located input errors, the step log and progress, and the
 * sketch library's start on Java 25.
 */
package io.mlsteps.util;
