package io.mlsteps.registry;

import io.mlsteps.util.InputException;

/**
 * A stored blob whose content no longer matches its sha256 (changed on disk, truncated) or that is missing.
 * Reading it is refused: a damaged model must never load silently.
 */
public class BlobIntegrityException extends InputException {
    public BlobIntegrityException(String blob, String problem) {
        super(blob, problem);
    }
}
