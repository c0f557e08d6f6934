package egress.simulator.curl;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One curl invocation, as parsed from its command line by {@link #parse(String)}.
 *
 * <p>The components keep what was written; the methods derive what curl would do with it: the
 * method, the request target, the Host header, the headers sent, and where the TCP connection
 * really goes. A proxy ({@code -x}) is recorded but ignored by the derived values: the simulator
 * sits where the sidecar sits, in front of any proxy.
 *
 * @param urls every URL, in order; most callers use {@link #url()}, the first
 * @param headerLines the {@code -H} values as written (plus none added by curl)
 * @param data the request body: every {@code -d}/{@code --data*}/{@code --json} joined with {@code &}
 * @param retry the {@code --retry} count, 0 when absent
 */
public record CurlCommand(
        List<CurlUrl> urls,
        Set<CurlFlag> flags,
        Optional<String> explicitMethod,
        List<String> headerLines,
        Optional<String> data,
        Optional<String> output,
        List<ResolveEntry> resolves,
        List<ConnectToEntry> connectTos,
        CurlHttpVersion httpVersion,
        Optional<Duration> maxTime,
        Optional<Duration> connectTimeout,
        Optional<String> proxy,
        Optional<String> noProxy,
        Optional<String> userAgent,
        Optional<String> user,
        Optional<String> writeOut,
        int retry) {

    /** The version curl reports in its default User-Agent. */
    public static final String CURL_VERSION = "8.5.0";

    public CurlCommand {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new CurlParseException("no URL in curl command");
        }
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        headerLines = List.copyOf(headerLines);
        resolves = List.copyOf(resolves);
        connectTos = List.copyOf(connectTos);
    }

    /**
     * Parses a command line such as {@code curl -sI http://httpbin.org:80/get}, also with a
     * {@code $ } prompt or a {@code kubectl exec ... -- curl ...} wrapper.
     *
     * @throws CurlParseException naming the word that could not be understood
     */
    public static CurlCommand parse(String commandLine) {
        return CurlLineParser.parse(commandLine);
    }

    public boolean has(CurlFlag flag) {
        return flags.contains(flag);
    }

    /** The first URL. */
    public CurlUrl url() {
        return urls.get(0);
    }

    /** {@code -X} wins; else HEAD with {@code -I}; else POST when there is data; else GET. */
    public String method() {
        if (explicitMethod.isPresent()) {
            return explicitMethod.get();
        }
        if (has(CurlFlag.HEAD)) {
            return "HEAD";
        }
        return data.isPresent() ? "POST" : "GET";
    }

    /** The URL's port: explicit, else 80 for http and 443 for https. */
    public int port() {
        return url().port();
    }

    /** Path plus {@code ?query}, as on the request line. */
    public String requestTarget() {
        return url().requestTarget();
    }

    /** True for https: the client starts with a TLS ClientHello. */
    public boolean tls() {
        return url().scheme().equals("https");
    }

    /** The TLS server name curl sends: the URL host, or none for an IP literal (or plain http). */
    public Optional<String> sni() {
        return tls() && !url().isIpLiteral() ? Optional.of(url().host()) : Optional.empty();
    }

    /** What curl sends as Host: an {@code -H 'Host: x'} if given, else host plus a non-default port. */
    public String hostHeader() {
        return RequestHeaders.customHost(this).orElseGet(this::urlHostHeader);
    }

    String urlHostHeader() {
        CurlUrl url = url();
        boolean defaultPort = url.port() == url.defaultPort();
        return url.hostForHeader() + (defaultPort ? "" : ":" + url.port());
    }

    /** The {@code -H} headers curl adds to the request, in order (removals such as {@code 'Accept:'} left out). */
    public List<HttpHeader> headers() {
        return RequestHeaders.custom(this);
    }

    /** Every header of the request as curl sends it, in curl's order, Host first. */
    public List<HttpHeader> requestHeaders() {
        return RequestHeaders.all(this);
    }

    /**
     * Where the TCP connection goes, after {@code --connect-to} (first matching entry) and then
     * {@code --resolve} (which answers for the host and port being connected to). A host name in
     * the result still needs DNS; the proxy option is not applied.
     */
    public Endpoint connectAddress() {
        Endpoint target = connectTarget();
        for (ResolveEntry resolve : resolves) {
            if (resolve.matches(target.host(), target.port())) {
                return new Endpoint(resolve.addresses().get(0), target.port());
            }
        }
        return target;
    }

    /** The host and port connected to after {@code --connect-to}, before any {@code --resolve}. */
    public Endpoint connectTarget() {
        String host = url().host();
        int port = port();
        for (ConnectToEntry entry : connectTos) {
            if (entry.matches(host, port)) {
                return entry.apply(host, port);
            }
        }
        return new Endpoint(host, port);
    }
}
