package egress.simulator.traffic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import egress.policy.match.AppProtocol;
import egress.policy.match.Verdict;
import egress.policy.model.Identity;
import egress.simulator.SimulatedRequest;
import egress.simulator.curl.CurlCommand;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads recorded traffic, one JSON object a line, in any of the {@link TrafficFormat}s: streaming (one
 * line at a time, only counters and small caches kept), gzip-compressed files read as they are (told by
 * their first two bytes), the format told line by line unless one is given. A line that cannot be read is
 * reported as {@code FILE:LINE: why}, counted, and skipped: never fatal.
 *
 * <p>Envoy's access log names no client, so {@code from} (the pod's service account) must be given for it.
 * A line of it counts as refused when recorded if Envoy found no route ({@code NR},
 * {@code route_not_found}) or, for TLS and TCP, when it connected no upstream.
 */
public final class TrafficReader {
    /** At most this many unreadable lines are printed; all are counted. */
    static final int MAX_REPORTED = 1000;

    private static final JsonFactory JSON = new JsonFactory();
    private final TrafficFormat format;
    private final Identity from;
    private final PrintStream err;
    private final Map<String, Identity> identities = new HashMap<>();
    /** Request logs repeat the same curl lines: the last few thousand parsed ones are kept (commands are immutable). */
    private final Map<String, CurlCommand> parsedCurl = new LinkedHashMap<>(1 << 13, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CurlCommand> eldest) {
            return size() > 4096;
        }
    };

    private long lines;
    private long requests;
    private long unreadable;

    /**
     * @param format the format of every line, or {@link TrafficFormat#AUTO}
     * @param from   the client of Envoy access logs (null: such lines are unreadable)
     * @param err    where unreadable lines are reported
     */
    public TrafficReader(TrafficFormat format, Identity from, PrintStream err) {
        this.format = format;
        this.from = from;
        this.err = err;
    }

    /** Lines read, blank ones included. */
    public long lines() {
        return lines;
    }

    /** Requests passed on. */
    public long requests() {
        return requests;
    }

    public long unreadable() {
        return unreadable;
    }

    /** Opens a traffic file, decompressing it when it starts with gzip's magic bytes. */
    public static InputStream open(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    /**
     * Another reader of the same format and client, with caches of its own, for another thread: see
     * {@link #readLine}. It reports to the same stream.
     */
    public TrafficReader sibling() {
        return new TrafficReader(format, from, err);
    }

    /** Reads a file ({@code -}: stdin), with a progress bar on {@code progressTo} when it is not null. */
    public void read(String file, Consumer<RecordedRequest> sink, PrintStream progressTo) throws IOException {
        readLines(
                file,
                (name, lineNo, bytes, from, to) -> {
                    RecordedRequest r = request(name, lineNo, bytes, from, to);
                    if (r != null) {
                        sink.accept(r);
                    }
                },
                progressTo);
    }

    /** What {@link #readLines} hands over: one line's bytes, undecoded. */
    @FunctionalInterface
    public interface LineSink {
        /** @param bytes holds the line at {@code [from, to)}, its terminator excluded; valid during the call only */
        void line(String name, long lineNo, byte[] bytes, int from, int to) throws IOException;
    }

    /**
     * Reads a file ({@code -}: stdin; gzip told by its magic bytes) line by line as {@link #read(String, Consumer,
     * PrintStream)} does, but hands each line over as bytes, split where a {@code BufferedReader} splits lines and
     * not yet decoded: a caller that has seen the same bytes before need not read them again. Lines are counted
     * here, requests and unreadable lines as the caller reads them ({@link #request(String, long, byte[], int, int)},
     * {@link #count}, {@link #countAgain()}).
     */
    public void readLines(String file, LineSink sink, PrintStream progressTo) throws IOException {
        boolean stdin = file.equals("-");
        InputStream raw = stdin ? System.in : Files.newInputStream(Path.of(file));
        Progress progress =
                progressTo == null ? null : Progress.over(raw, stdin ? 0 : Files.size(Path.of(file)), progressTo);
        String name = stdin ? "(stdin)" : file;
        try (InputStream in = open(progress == null ? raw : progress.stream())) {
            ByteLines lines = new ByteLines(in);
            long lineNo = 0;
            while (lines.next()) {
                lineNo++;
                this.lines++;
                if (progress != null && (lineNo & 0x3ff) == 0) {
                    progress.update(requests);
                }
                sink.line(name, lineNo, lines.buffer(), lines.from(), lines.to());
            }
        }
        if (progress != null) {
            progress.finish(requests);
        }
    }

    /** Reads every line of {@code in}, passing each request to {@code sink}. */
    public void read(String name, BufferedReader in, Consumer<RecordedRequest> sink, Progress progress)
            throws IOException {
        long lineNo = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            lines++;
            if (progress != null && (lineNo & 0x3ff) == 0) {
                progress.update(requests);
            }
            RecordedRequest r = count(name, lineNo, readLine(name, lineNo, line));
            if (r != null) {
                sink.accept(r);
            }
        }
        if (progress != null) {
            progress.finish(requests);
        }
    }

    /**
     * The request on one line, its bytes decoded as UTF-8 (malformed ones read as U+FFFD, as the reader does); null
     * when the line is blank, or unreadable: then it is reported with its number and counted in {@link #unreadable()}.
     */
    public RecordedRequest request(String name, long lineNo, byte[] bytes, int from, int to) {
        return count(name, lineNo, readLine(name, lineNo, bytes, from, to));
    }

    /**
     * One line read, neither counted nor reported (see {@link #count}): the request, or why the line cannot be read;
     * both null when it is blank. Uses this reader's caches, so one thread at a time ({@link #sibling()}).
     */
    public record Line(RecordedRequest request, String unreadable) {
        private static final Line BLANK = new Line(null, null);
    }

    /** {@link #request(String, long, byte[], int, int)} without counting or reporting anything. */
    public Line readLine(String name, long lineNo, byte[] bytes, int from, int to) {
        return readLine(name, lineNo, new String(bytes, from, to - from, StandardCharsets.UTF_8));
    }

    private Line readLine(String name, long lineNo, String line) {
        if (line.isBlank()) {
            return Line.BLANK;
        }
        try {
            return new Line(parse(name, lineNo, line), null);
        } catch (JsonProcessingException e) {
            return new Line(null, "not JSON: " + e.getOriginalMessage());
        } catch (RuntimeException | IOException e) {
            return new Line(null, e.getMessage());
        }
    }

    /** Counts a line read by {@link #readLine}, reporting it when unreadable; its request, or null. */
    public RecordedRequest count(String name, long lineNo, Line line) {
        if (line.request() != null) {
            requests++;
        } else if (line.unreadable() != null) {
            unreadable(name, lineNo, line.unreadable());
        }
        return line.request();
    }

    /** Counts a request the caller had read before and did not read again. */
    public void countAgain() {
        requests++;
    }

    private void unreadable(String name, long lineNo, String why) {
        unreadable++;
        if (unreadable <= MAX_REPORTED) {
            err.println(name + ":" + lineNo + ": " + why);
        } else if (unreadable == MAX_REPORTED + 1) {
            err.println(name + ": more unreadable lines follow; only their count is reported");
        }
    }

    RecordedRequest parse(String name, long lineNo, String line) throws IOException {
        LineFields f = LineFields.parse(JSON, line);
        TrafficFormat as = format == TrafficFormat.AUTO ? f.detect() : format;
        if (as == null) {
            throw new IllegalArgumentException("not a recorded request in a known format (the enforcer's access log,"
                    + " the replay format {\"from\":..,\"curl\":..}, or Envoy's access log)");
        }
        return switch (as) {
            case REPLAY -> replay(name, lineNo, f);
            case ENFORCER -> enforcer(name, lineNo, f);
            case ENVOY -> envoy(name, lineNo, f);
            case AUTO -> throw new IllegalStateException();
        };
    }

    private RecordedRequest replay(String name, long lineNo, LineFields f) {
        if (f.from == null) {
            throw new IllegalArgumentException("missing \"from\"");
        }
        Identity id = identity(f.from, "from");
        SimulatedRequest req;
        if (f.curl != null) {
            CurlCommand command = parsedCurl.get(f.curl);
            if (command == null) {
                command = CurlCommand.parse(f.curl);
                parsedCurl.put(f.curl, command);
            }
            req = SimulatedRequest.curl(id, command);
        } else {
            if (f.protocol == null) {
                throw new IllegalArgumentException("a request needs \"curl\" or \"protocol\"");
            }
            req = new SimulatedRequest(
                    id,
                    null,
                    AppProtocol.parse(f.protocol),
                    f.host,
                    f.ip,
                    port(f.port, "port"),
                    f.method,
                    f.path,
                    f.headers,
                    f.sni,
                    f.sniGiven,
                    f.serverFirst);
        }
        return new RecordedRequest(name, lineNo, TrafficFormat.REPLAY, req, -1, null, null);
    }

    private RecordedRequest enforcer(String name, long lineNo, LineFields f) {
        if (f.source == null) {
            throw new IllegalArgumentException("missing \"source\"");
        }
        Identity id = identity(f.source, "source");
        if (f.protocol == null) {
            throw new IllegalArgumentException("missing \"protocol\"");
        }
        Verdict verdict = verdict(f.verdict);
        boolean serverFirst = f.protocol.equals("tcp-server-first");
        // "connect": a CONNECT refused before anything was sent, decided as a TCP connection to its target
        AppProtocol protocol =
                serverFirst || f.protocol.equals("connect") ? AppProtocol.TCP : AppProtocol.parse(f.protocol);
        Integer port = port(f.port, "port");
        if (port == null) {
            throw new IllegalArgumentException("missing \"port\"");
        }
        String host = f.host;
        if (protocol == AppProtocol.HTTP && host != null && host.indexOf(':') > 0 && host.indexOf(']') < 0) {
            host = host.substring(0, host.lastIndexOf(':')); // a Host header with its port
        }
        SimulatedRequest req = new SimulatedRequest(
                id,
                null,
                protocol,
                host,
                f.ip,
                port,
                f.method,
                f.path,
                f.headers,
                f.sni,
                protocol == AppProtocol.TLS,
                serverFirst);
        return new RecordedRequest(name, lineNo, TrafficFormat.ENFORCER, req, time(f.time), verdict, f.policy);
    }

    private RecordedRequest envoy(String name, long lineNo, LineFields f) {
        if (from == null) {
            throw new IllegalArgumentException("an Envoy access log names no client: give --from NS/SA for this file");
        }
        String host = null;
        Integer port = null;
        if (f.authority != null) {
            int colon = f.authority.lastIndexOf(':');
            if (colon > 0 && f.authority.indexOf(']') < colon) {
                host = f.authority.substring(0, colon);
                port = port(f.authority.substring(colon + 1), "authority");
            } else {
                host = f.authority;
            }
        }
        String ip = null;
        if (f.upstreamHost != null) {
            int colon = f.upstreamHost.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("upstream_host \"" + f.upstreamHost + "\" is not IP:port");
            }
            ip = f.upstreamHost.substring(0, colon);
            if (port == null) {
                port = port(f.upstreamHost.substring(colon + 1), "upstream_host");
            }
        }
        if (port == null && f.upstreamCluster != null && f.upstreamCluster.lastIndexOf(':') > 0) {
            port = port(f.upstreamCluster.substring(f.upstreamCluster.lastIndexOf(':') + 1), "upstream_cluster");
        }
        AppProtocol protocol =
                f.method != null ? AppProtocol.HTTP : f.serverName != null ? AppProtocol.TLS : AppProtocol.TCP;
        if (port == null) {
            port = protocol == AppProtocol.HTTP ? 80 : null;
            if (port == null) {
                throw new IllegalArgumentException("no destination port: upstream_host and upstream_cluster are empty");
            }
        }
        if (protocol != AppProtocol.HTTP) {
            host = f.serverName;
            if (ip == null) {
                throw new IllegalArgumentException("no destination address: upstream_host is empty");
            }
        }
        boolean noRoute = (f.responseFlags != null && f.responseFlags.contains("NR"))
                || "route_not_found".equals(f.responseDetails);
        boolean refused = noRoute || (protocol != AppProtocol.HTTP && f.upstreamHost == null);
        SimulatedRequest req = new SimulatedRequest(
                from,
                null,
                protocol,
                host,
                ip,
                port,
                f.method,
                f.path,
                Map.of(),
                f.serverName,
                protocol == AppProtocol.TLS,
                false);
        return new RecordedRequest(
                name,
                lineNo,
                TrafficFormat.ENVOY,
                req,
                time(f.startTime),
                refused ? Verdict.DENY : Verdict.ALLOW,
                null);
    }

    private Identity identity(String text, String field) {
        Identity id = identities.get(text);
        if (id == null) {
            try {
                id = Identity.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + field + "\": " + e.getMessage());
            }
            if (identities.size() < 100_000) {
                identities.put(text, id);
            }
        }
        return id;
    }

    private static Verdict verdict(String v) {
        if (v == null) {
            throw new IllegalArgumentException("missing \"verdict\"");
        }
        return switch (v) {
            case "allow" -> Verdict.ALLOW;
            case "deny" -> Verdict.DENY;
            case "undetermined" -> Verdict.UNDETERMINED;
            case "invalid" ->
                throw new IllegalArgumentException("the enforcer could not read this request (verdict invalid)");
            default -> throw new IllegalArgumentException("\"verdict\": expected allow or deny, got '" + v + "'");
        };
    }

    private static Integer port(String text, String field) {
        if (text == null) {
            return null;
        }
        int p;
        try {
            p = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + field + "\": '" + text + "' is not a port number");
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("\"" + field + "\": port " + p + " is outside 1-65535");
        }
        return p;
    }

    static long time(String text) {
        if (text == null) {
            return -1;
        }
        long quick = utc(text);
        if (quick != Long.MIN_VALUE) {
            return quick;
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                return -1;
            }
        }
    }

    /**
     * {@code 2026-01-02T03:04:05Z} or with a fraction ({@code .123Z}), as both logs write it, read without
     * the general parser; {@link Long#MIN_VALUE} for anything else.
     */
    static long utc(String t) {
        int n = t.length();
        if (n < 20
                || t.charAt(4) != '-'
                || t.charAt(7) != '-'
                || t.charAt(10) != 'T'
                || t.charAt(13) != ':'
                || t.charAt(16) != ':'
                || t.charAt(n - 1) != 'Z') {
            return Long.MIN_VALUE;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        int millis = 0;
        if (n > 20) {
            if (t.charAt(19) != '.' || n == 21) {
                return Long.MIN_VALUE;
            }
            for (int k = 20; k < n - 1; k++) {
                int d = t.charAt(k) - '0';
                if (d < 0 || d > 9) {
                    return Long.MIN_VALUE;
                }
                if (k < 23) {
                    millis = millis * 10 + d;
                }
            }
            for (int k = Math.min(n - 1, 23); k < 23; k++) {
                millis *= 10;
            }
        } else if (t.charAt(19) != 'Z') {
            return Long.MIN_VALUE;
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE;
        }
        long days;
        try {
            days = java.time.LocalDate.of(year, month, day).toEpochDay();
        } catch (java.time.DateTimeException e) {
            return Long.MIN_VALUE;
        }
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static int digits(String t, int from, int count) {
        int v = 0;
        for (int k = from; k < from + count; k++) {
            int d = t.charAt(k) - '0';
            if (d < 0 || d > 9) {
                return -100_000;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
