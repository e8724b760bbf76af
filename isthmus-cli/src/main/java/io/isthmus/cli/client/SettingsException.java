package io.isthmus.cli.client;

/** Connection settings that cannot be used: missing endpoint or token, a bad URL, an unreadable config file. */
public final class SettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}, printed after {@code isthmus: }. */
    public SettingsException(String message) {
        super(message);
    }
}
