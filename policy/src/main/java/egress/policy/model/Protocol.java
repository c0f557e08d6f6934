package egress.policy.model;

import java.util.Locale;

/** An Egress port's protocol, as the engines know it. */
public enum Protocol {
    HTTP("http"),
    HTTPS("https"),
    TCP("tcp"),
    TCP_SERVER_FIRST("tcp-server-first");

    private final String text;

    Protocol(String text) {
        this.text = text;
    }

    /** How a manifest writes it: {@code http}, {@code https}, {@code tcp}, {@code tcp-server-first}. */
    public String text() {
        return text;
    }

    /** tcp or tcp-server-first: routed by address and port alone. */
    public boolean isTcp() {
        return this == TCP || this == TCP_SERVER_FIRST;
    }

    /** The protocol written exactly, or null for anything else (a capitalised one included). */
    public static Protocol of(String written) {
        for (Protocol p : values()) {
            if (p.text.equals(written)) {
                return p;
            }
        }
        return null;
    }

    /**
     * The protocol as {@code engine} reads what is written, or null when it builds nothing for it: Envoy's listener
     * builder compares the protocol as written, pipy lower-cases it first.
     */
    public static Protocol read(String written, Engine engine) {
        if (written == null) {
            return null;
        }
        return of(engine == Engine.PIPY ? written.toLowerCase(Locale.ROOT) : written);
    }

    @Override
    public String toString() {
        return text;
    }
}
