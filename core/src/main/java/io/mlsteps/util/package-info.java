/** Small shared services: the JSON mapper, content hashes, located input errors, the step log and progress. */
package io.mlsteps.util;
