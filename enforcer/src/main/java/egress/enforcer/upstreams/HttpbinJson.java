package egress.enforcer.upstreams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON bodies httpbin answers with: {@code args}, {@code headers}, {@code origin}, {@code url}. */
final class HttpbinJson {
    private static final JsonFactory JSON = new JsonFactory();

    private HttpbinJson() {
    }

    /** What a request looked like to the server. */
    record Echo(String method, String url, String origin, Map<String, List<String>> args,
                List<Map.Entry<String, String>> headers, String data) {
    }

    static String headers(Echo e) {
        return write(g -> writeHeaders(g, e));
    }

    static String get(Echo e) {
        return write(g -> {
            writeArgs(g, e);
            writeHeaders(g, e);
            g.writeStringField("origin", e.origin());
            g.writeStringField("url", e.url());
        });
    }

    static String anything(Echo e) {
        return write(g -> {
            writeArgs(g, e);
            g.writeStringField("data", e.data());
            g.writeObjectFieldStart("files");
            g.writeEndObject();
            g.writeObjectFieldStart("form");
            g.writeEndObject();
            writeHeaders(g, e);
            g.writeNullField("json");
            g.writeStringField("method", e.method());
            g.writeStringField("origin", e.origin());
            g.writeStringField("url", e.url());
        });
    }

    /** httpbin prints header names in Title-Case. */
    static String titleCase(String name) {
        StringBuilder s = new StringBuilder(name.length());
        boolean up = true;
        for (char c : name.toCharArray()) {
            s.append(up ? Character.toUpperCase(c) : Character.toLowerCase(c));
            up = c == '-';
        }
        return s.toString();
    }

    private static void writeArgs(JsonGenerator g, Echo e) throws IOException {
        g.writeObjectFieldStart("args");
        for (Map.Entry<String, List<String>> a : e.args().entrySet()) {
            if (a.getValue().size() == 1) {
                g.writeStringField(a.getKey(), a.getValue().get(0));
            } else {
                g.writeArrayFieldStart(a.getKey());
                for (String v : a.getValue()) {
                    g.writeString(v);
                }
                g.writeEndArray();
            }
        }
        g.writeEndObject();
    }

    private static void writeHeaders(JsonGenerator g, Echo e) throws IOException {
        g.writeObjectFieldStart("headers");
        for (Map.Entry<String, String> h : e.headers()) {
            String name = titleCase(h.getKey());
            if (!name.toLowerCase(Locale.ROOT).equals("connection")) {
                g.writeStringField(name, h.getValue());
            }
        }
        g.writeEndObject();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"));
            g.setPrettyPrinter(pretty);
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + "\n";
    }
}
