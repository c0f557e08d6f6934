package egress.policy.yaml;

/** A manifest file that cannot be read at all: not found, not YAML, not an object. */
public final class ManifestException extends Exception {
    private final String file;
    private final Position position;

    public ManifestException(String file, Position position, String message) {
        super(file + ":" + position + ": " + message);
        this.file = file;
        this.position = position;
    }

    public String file() {
        return file;
    }

    public Position position() {
        return position;
    }

    /** The message without the file and position prefix. */
    public String reason() {
        String m = getMessage();
        String prefix = file + ":" + position + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
