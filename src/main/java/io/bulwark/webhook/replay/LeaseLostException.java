package io.bulwark.webhook.replay;

import java.util.UUID;

/**
 * A worker no longer holds the job it was working on: its lease expired and another replica took the job, or
 * an admin cancelled it. What the worker's transaction did is rolled back; the worker stops.
 */
public class LeaseLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LeaseLostException(UUID jobId) {
        super("no longer holds replay job " + jobId, null, false, false);
    }
}
