package io.bulwark.webhook.mapping;

/**
 * A mapping that cannot be loaded, compiled or evaluated. The message names the mapping and says what went
 * wrong, never a value of the payload.
 */
public class MappingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MappingException(String message) {
        super(message);
    }
}
