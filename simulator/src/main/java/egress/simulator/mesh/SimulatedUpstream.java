package egress.simulator.mesh;

import egress.simulator.curl.HttpHeader;
import egress.simulator.curl.HttpResponse;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The outside world as the guide meets it: every host answers as httpbin does. {@code /status/N}
 * answers N, {@code /get}, {@code /headers}, {@code /anything} and every other path 200 with a JSON body.
 */
public final class SimulatedUpstream {
    /** The Date header as servers write it: {@code Mon, 04 Jul 2022 07:48:24 GMT}. */
    public static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ENGLISH);
    private final Clock clock;

    public SimulatedUpstream(Clock clock) {
        this.clock = clock;
    }

    public SimulatedUpstream() {
        this(Clock.systemUTC());
    }

    /**
     * The answer to one request.
     *
     * @param version {@code HTTP/1.1} or {@code HTTP/2}
     */
    public HttpResponse respond(String version, String method, String host, String target, List<HttpHeader> headers) {
        String path = pathOf(target);
        int status = status(target);
        String body;
        String type = "application/json";
        if (path.startsWith("/status/")) {
            body = "";
            type = "text/html; charset=utf-8";
        } else {
            body = json(method, host, target, headers, path);
        }
        List<HttpHeader> out = new ArrayList<>();
        out.add(new HttpHeader("date", date()));
        out.add(new HttpHeader("content-type", type));
        out.add(new HttpHeader("content-length", String.valueOf(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)));
        out.add(new HttpHeader("server", "gunicorn/19.9.0"));
        out.add(new HttpHeader("access-control-allow-origin", "*"));
        out.add(new HttpHeader("access-control-allow-credentials", "true"));
        if (version.equals("HTTP/1.1")) {
            out.add(new HttpHeader("connection", "keep-alive"));
        }
        return new HttpResponse(version, status, version.equals("HTTP/2") ? "" : reason(status), out,
                method.equals("HEAD") ? "" : body);
    }

    /** Now, as a Date header value. */
    public String date() {
        return DATE.format(ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC));
    }

    /** A banner for a server that speaks first, by well-known port. */
    public static String banner(int port) {
        return switch (port) {
            case 21 -> "220 ftp.example ready";
            case 22 -> "SSH-2.0-OpenSSH_9.6";
            case 25, 587 -> "220 mail.example ESMTP ready";
            case 110 -> "+OK POP3 ready";
            case 143 -> "* OK IMAP4rev1 ready";
            case 3306 -> "J\\0\\0\\0\\n8.0.36 (MySQL protocol greeting)";
            default -> "220 server-first service ready";
        };
    }

    /** The status this upstream answers a request target with: N for {@code /status/N}, else 200. */
    public static int status(String target) {
        String path = pathOf(target);
        return path.startsWith("/status/") ? parseStatus(path.substring("/status/".length())) : 200;
    }

    private static String pathOf(String target) {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    private static int parseStatus(String s) {
        try {
            int code = Integer.parseInt(s.contains(",") ? s.substring(0, s.indexOf(',')) : s);
            return code >= 100 && code <= 599 ? code : 400;
        } catch (NumberFormatException e) {
            return 400;
        }
    }

    private static String json(String method, String host, String target, List<HttpHeader> headers, String path) {
        StringBuilder h = new StringBuilder();
        for (HttpHeader header : headers) {
            if (h.length() > 0) {
                h.append(",\n");
            }
            h.append("    \"").append(titleCase(header.name())).append("\": \"").append(escape(header.value())).append('"');
        }
        String headerBlock = "  \"headers\": {\n" + h + "\n  }";
        if (path.equals("/headers")) {
            return "{\n" + headerBlock + "\n}\n";
        }
        String url = "http://" + host + target;
        StringBuilder b = new StringBuilder("{\n  \"args\": {},\n").append(headerBlock).append(",\n");
        if (path.startsWith("/anything")) {
            b.append("  \"method\": \"").append(method).append("\",\n");
        }
        b.append("  \"origin\": \"203.0.113.1\",\n  \"url\": \"").append(escape(url)).append("\"\n}\n");
        return b.toString();
    }

    private static String titleCase(String name) {
        StringBuilder s = new StringBuilder(name.length());
        boolean up = true;
        for (char c : name.toCharArray()) {
            s.append(up ? Character.toUpperCase(c) : Character.toLowerCase(c));
            up = c == '-';
        }
        return s.toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 418 -> "I'M A TEAPOT";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> status < 400 ? "OK" : "Error";
        };
    }
}
