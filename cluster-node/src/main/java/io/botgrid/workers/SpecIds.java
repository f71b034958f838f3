package io.botgrid.workers;

import java.util.regex.Pattern;

/** The one rule for spec, member and stage ids, so every spec and the registry agree on what a name may be. */
public final class SpecIds {
    /** Letters, digits, {@code _ . -}, 1 to 64 characters: safe in worker ids ({@code group/member}), URLs and CLI. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private SpecIds() {
    }

    /**
     * Checks an id.
     *
     * @param field the field path for the error, e.g. {@code stages[1].name}
     * @throws InvalidWorkerSpecException naming the field when the id is null or does not match {@link #ID}
     */
    public static String check(String field, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidWorkerSpecException(field,
                    "must be 1 to 64 letters, digits, '_', '.' or '-', got " + (id == null ? "nothing" : "'" + id + "'"));
        }
        return id;
    }
}
