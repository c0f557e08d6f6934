package egress.simulator.curl;

import java.util.Objects;

/** One header line: a name and a value, kept as written (names compare case-insensitively). */
public record HttpHeader(String name, String value) {
    public HttpHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("header name is empty");
        }
    }

    public boolean hasName(String other) {
        return name.equalsIgnoreCase(other);
    }

    @Override
    public String toString() {
        return value.isEmpty() ? name + ":" : name + ": " + value;
    }
}
