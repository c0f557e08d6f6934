package egress.policy.httpbin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * httpbin.org as a function from a request to a response: {@code /status/N} answers N (the first of a comma list;
 * 400 for anything else), {@code /headers}, {@code /anything...} and every other path 200 with httpbin's JSON
 * body, {@code /bytes/N} N bytes of a fixed pattern and {@code /drip?numbytes=N&duration=S} N bytes spread over
 * S seconds (the last two for tests of long transfers). The headers are httpbin.org's: {@code date},
 * {@code content-type}, {@code content-length}, {@code server: gunicorn/19.9.0}, the CORS pair, and on HTTP/1
 * {@code connection}. Thread-safe; the clock gives the {@code date}.
 */
public final class Httpbin {
    /** The Date header as servers write it: {@code Mon, 04 Jul 2022 07:48:24 GMT}. */
    public static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);
    /** The largest {@code /bytes/N}: a long transfer, not a memory test. */
    public static final long MAX_BYTES = 1L << 30;
    /** The banner of a server-first port without a well-known protocol. */
    public static final String DEFAULT_BANNER = "220 egress-designer upstream ready";
    /** What ends a banner line on the wire (the simulated outcome carries the line without it). */
    public static final String LINE_END = "\r\n";

    private final Clock clock;

    public Httpbin(Clock clock) {
        this.clock = clock;
    }

    public Httpbin() {
        this(Clock.systemUTC());
    }

    /** A response header: names in lower case, as HTTP/2 and this model write them. */
    public record Header(String name, String value) {}

    /**
     * A request as the server receives it.
     *
     * @param version {@code HTTP/1.1}, {@code HTTP/1.0} or {@code HTTP/2}
     * @param scheme  {@code http} or {@code https}: the scheme of the echoed {@code url}
     * @param host    the Host header (or {@code :authority})
     * @param target  the request target: origin form ({@code /get?a=1}), or absolute form
     * @param headers the request headers in the order sent, names as sent
     * @param body    the request body as text, empty for none
     * @param origin  the client's address as the server sees it
     */
    public record Request(
            String version,
            String method,
            String scheme,
            String host,
            String target,
            List<Header> headers,
            String body,
            String origin) {
        public Request {
            headers = List.copyOf(headers);
        }
    }

    /** A response body: text, or bytes the adapter produces as the peer reads. */
    public sealed interface Body {
        /** The length on the wire, for {@code content-length}. */
        long length();
    }

    /** A body of text, UTF-8 on the wire. */
    public record Text(String text) implements Body {
        @Override
        public long length() {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    /** {@code length} bytes: the byte at offset i is {@link #at(long) at(i)}, so a receiver can check each. */
    public record Pattern(long length) implements Body {
        public static byte at(long offset) {
            return (byte) ('a' + offset % 26);
        }
    }

    /** {@code count} bytes {@code *}, one every {@code interval}. */
    public record Drip(long count, Duration interval) implements Body {
        @Override
        public long length() {
            return count;
        }
    }

    /**
     * The answer.
     *
     * @param reason the HTTP/1 reason phrase (HTTP/2 has none: the adapter leaves it out)
     * @param body   empty for HEAD, whose {@code content-length} is still the GET's
     */
    public record Response(int status, String reason, List<Header> headers, Body body) {
        public Response {
            headers = List.copyOf(headers);
        }

        public String header(String name) {
            return headers.stream()
                    .filter(h -> h.name().equalsIgnoreCase(name))
                    .map(Header::value)
                    .findFirst()
                    .orElse(null);
        }
    }

    /** The answer to one request. */
    public Response respond(Request r) {
        String target = originForm(r.target());
        String path = pathOf(target);
        Map<String, List<String>> args = query(target);
        int status = 200;
        String type = "application/json";
        Body body;
        if (path.startsWith("/status/")) {
            status = parseStatus(path.substring("/status/".length()));
            type = "text/html; charset=utf-8";
            body = new Text("");
        } else if (path.startsWith("/bytes/")) {
            long n = number(path.substring("/bytes/".length()), -1);
            if (n < 0 || n > MAX_BYTES) {
                status = 400;
                type = "text/plain";
                body = new Text("bad byte count\n");
            } else {
                type = "application/octet-stream";
                body = new Pattern(n);
            }
        } else if (path.equals("/drip")) {
            long n = number(first(args, "numbytes", "10"), -1);
            double seconds = decimal(first(args, "duration", "2"));
            if (n < 1 || n > 10_000 || !(seconds >= 0 && seconds <= 60)) {
                status = 400;
                type = "text/plain";
                body = new Text("bad drip parameters\n");
            } else {
                type = "application/octet-stream";
                body = new Drip(n, Duration.ofMillis((long) (seconds * 1000 / n)));
            }
        } else {
            String url = r.scheme() + "://" + r.host() + target;
            body = new Text(
                    path.equals("/headers")
                            ? HttpbinJson.headers(r.headers())
                            : path.startsWith("/anything")
                                    ? HttpbinJson.anything(r, args, url)
                                    : HttpbinJson.get(r, args, url));
        }
        List<Header> out = new ArrayList<>();
        out.add(new Header("date", date()));
        out.add(new Header("content-type", type));
        out.add(new Header("content-length", String.valueOf(body.length())));
        out.add(new Header("server", "gunicorn/19.9.0"));
        out.add(new Header("access-control-allow-origin", "*"));
        out.add(new Header("access-control-allow-credentials", "true"));
        if (!r.version().equals("HTTP/2")) {
            out.add(new Header("connection", keepAlive(r) ? "keep-alive" : "close"));
        }
        return new Response(status, reason(status), out, r.method().equals("HEAD") ? new Text("") : body);
    }

    /** Now, as a Date header value. */
    public String date() {
        return DATE.format(ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC));
    }

    /** The status this upstream answers a request target with: N for {@code /status/N}, 400 for a bad one, else 200. */
    public static int status(String target) {
        String path = pathOf(originForm(target));
        if (path.startsWith("/status/")) {
            return parseStatus(path.substring("/status/".length()));
        }
        return 200;
    }

    /** The banner of a server that speaks first, by the port the client asked for (no line end). */
    public static String banner(int port) {
        return switch (port) {
            case 21 -> "220 ftp.example ready";
            case 22 -> "SSH-2.0-OpenSSH_9.6";
            case 25, 587 -> "220 mail.example ESMTP ready";
            case 110 -> "+OK POP3 ready";
            case 143 -> "* OK IMAP4rev1 ready";
            case 3306 -> "J\\0\\0\\0\\n8.0.36 (MySQL protocol greeting)";
            default -> DEFAULT_BANNER;
        };
    }

    /** The reason phrase httpbin's server (gunicorn) writes for a status. */
    public static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 203 -> "Non-Authoritative Information";
            case 204 -> "No Content";
            case 205 -> "Reset Content";
            case 206 -> "Partial Content";
            case 300 -> "Multiple Choices";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Request Entity Too Large";
            case 415 -> "Unsupported Media Type";
            case 418 -> "I'M A TEAPOT";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Unknown";
        };
    }

    private static boolean keepAlive(Request r) {
        String connection = r.headers().stream()
                .filter(h -> h.name().equalsIgnoreCase("connection"))
                .map(h -> h.value().toLowerCase(Locale.ROOT))
                .findFirst()
                .orElse("");
        return r.version().equals("HTTP/1.0") ? connection.contains("keep-alive") : !connection.contains("close");
    }

    /** {@code http://host/get?a=1} as {@code /get?a=1}; an origin-form target as it is. */
    private static String originForm(String target) {
        int scheme = target.indexOf("://");
        if (target.startsWith("/") || scheme < 0) {
            return target;
        }
        int slash = target.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : target.substring(slash);
    }

    private static String pathOf(String target) {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The query's parameters, sorted by name as httpbin prints them; a name without {@code =} has an empty value. */
    static Map<String, List<String>> query(String target) {
        Map<String, List<String>> args = new TreeMap<>();
        int q = target.indexOf('?');
        if (q < 0) {
            return args;
        }
        for (String pair : target.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            args.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return args;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static String first(Map<String, List<String>> args, String name, String otherwise) {
        List<String> v = args.get(name);
        return v == null || v.isEmpty() ? otherwise : v.get(0);
    }

    private static int parseStatus(String s) {
        int comma = s.indexOf(',');
        long code = number(comma < 0 ? s : s.substring(0, comma), 400);
        return code >= 100 && code <= 599 ? (int) code : 400;
    }

    private static long number(String text, long otherwise) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static double decimal(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
