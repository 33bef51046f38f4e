package io.bulwark.tools.send;

/** A command line that cannot be run as given; its message tells the user what to change. Exit code 2. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
