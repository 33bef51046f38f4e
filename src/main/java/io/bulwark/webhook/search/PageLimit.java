package io.bulwark.webhook.search;

import io.bulwark.problem.ProblemException;

/** The {@code limit} of a paged list: 1 to {@value #MAX}, {@value #DEFAULT} when absent, else a 400 naming it. */
public final class PageLimit {

    public static final int DEFAULT = 50;
    public static final int MAX = 500;

    private PageLimit() {
    }

    public static int read(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        int limit;
        try {
            limit = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1 || limit > MAX) {
            throw ProblemException.badRequest("limit must be a whole number from 1 to " + MAX);
        }
        return limit;
    }
}
