package egress.enforcer.observe;

/** Appends one flat JSON object to a {@link LineBuffer}: string, null, number and boolean fields, escaped as JSON requires. */
final class JsonLine {
    private final LineBuffer out;
    private boolean first = true;

    JsonLine(LineBuffer out) {
        this.out = out;
        out.ascii('{');
    }

    JsonLine field(String name, String value) {
        name(name);
        if (value == null) {
            out.ascii("null");
        } else {
            out.quoted(value);
        }
        return this;
    }

    /** An instant as a string, as {@link java.time.Instant#toString()} writes it. */
    JsonLine field(String name, java.time.Instant value) {
        name(name);
        out.ascii('"').instant(value).ascii('"');
        return this;
    }

    JsonLine field(String name, long value) {
        name(name);
        out.decimal(value);
        return this;
    }

    JsonLine field(String name, boolean value) {
        name(name);
        out.ascii(value ? "true" : "false");
        return this;
    }

    /** A nested object as the value of {@code name}: fill it, then {@link #end()} it. */
    JsonLine object(String name) {
        name(name);
        return new JsonLine(out);
    }

    void end() {
        out.ascii('}');
    }

    private void name(String name) {
        if (!first) {
            out.ascii(',');
        }
        first = false;
        out.ascii('"').ascii(name).ascii("\":");
    }
}
