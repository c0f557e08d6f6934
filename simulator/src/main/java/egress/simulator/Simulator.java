package egress.simulator;

import egress.policy.match.AppProtocol;
import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import egress.policy.match.ServerNameCheck;
import egress.policy.match.Signal;
import egress.policy.match.Upstream;
import egress.policy.match.Verdict;
import egress.simulator.curl.CurlCommand;
import egress.simulator.curl.CurlFailure;
import egress.simulator.curl.CurlFlag;
import egress.simulator.curl.CurlHttpVersion;
import egress.simulator.curl.CurlOutput;
import egress.simulator.curl.CurlResult;
import egress.simulator.curl.Endpoint;
import egress.simulator.curl.HttpHeader;
import egress.simulator.curl.HttpResponse;
import egress.simulator.mesh.Dns;
import egress.simulator.mesh.SimulatedMesh;
import egress.simulator.mesh.SimulatedUpstream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Replays requests through the shared matcher against a simulated mesh and says what the client
 * would see: the sidecar's decision, then the upstream's answer or the failure, then curl's output.
 */
public final class Simulator {
    private final SimulatedMesh mesh;
    private final SimulatedUpstream upstream;
    private final boolean sniDestinationCheck;

    public Simulator(SimulatedMesh mesh, SimulatedUpstream upstream) {
        this(mesh, upstream, true);
    }

    /**
     * @param sniDestinationCheck as the enforcer's {@code --sni-destination-check}: a TLS connection allowed by its
     *                            server name must go to one of that name's addresses (on by default); off
     *                            predicts osm-edge exactly, which does not check
     */
    public Simulator(SimulatedMesh mesh, SimulatedUpstream upstream, boolean sniDestinationCheck) {
        this.mesh = mesh;
        this.upstream = upstream;
        this.sniDestinationCheck = sniDestinationCheck;
    }

    public Simulator(SimulatedMesh mesh) {
        this(mesh, new SimulatedUpstream());
    }

    public SimulatedMesh mesh() {
        return mesh;
    }

    /**
     * The request as the sidecar sees it (a curl line taken apart, names resolved by the simulated DNS),
     * or null when its destination name does not resolve.
     */
    public EgressRequest request(SimulatedRequest req) {
        return req.curl() != null ? fromCurl(req, req.curl()) : explicit(req);
    }

    /** Simulates one request, with the upstream's answer and curl's output. */
    public Simulation run(SimulatedRequest req) {
        return run(req, true);
    }

    /**
     * Simulates one request; without {@code render}, only the decision and the signal are worked out
     * (no response body, no curl output): the replay of millions of requests needs no more.
     */
    public Simulation run(SimulatedRequest req, boolean render) {
        CurlCommand curl = req.curl();
        EgressRequest r = curl != null ? fromCurl(req, curl) : explicit(req);
        if (r == null) {
            String host = curl != null ? curl.connectAddress().host() : req.host();
            return unresolved(curl, host);
        }
        Decision d = mesh.compiled().decide(r);
        if (curl != null || req.ip() == null) {
            // a request that names both its server name and its address (a recorded one: the enforcer's or a
            // sidecar's log) is taken at its word, the address being what the name resolved to when recorded;
            // curl lines and requests by name get their addresses here, from the simulated DNS, and are checked
            d = checkServerName(r, d);
        }
        if (!render) {
            return new Simulation(r, d, d.verdict(), quickOutcome(r, d), null);
        }
        Outcome outcome = outcome(r, d, curl);
        CurlResult printed = null;
        if (curl != null && outcome.certain()) {
            printed = outcome.response() != null
                    ? CurlOutput.render(curl, outcome.response())
                    : outcome.failure() != null ? CurlOutput.render(curl, outcome.failure()) : null;
        }
        return new Simulation(r, d, verdict(d, outcome), outcome, printed);
    }

    /**
     * The enforcer's destination check: a connection allowed by its server name goes to an address of that name
     * (a curl {@code --connect-to} or {@code --resolve} can send it elsewhere), else it is closed.
     */
    private Decision checkServerName(EgressRequest r, Decision d) {
        if (!sniDestinationCheck || !ServerNameCheck.applies(r, d)) {
            return d;
        }
        Dns.Address sniIp = mesh.dns().lookup(r.sni());
        return sniIp != null && sniIp.isDestinationOf(r) ? d : ServerNameCheck.refusal(r.sni(), r.ipText(), d);
    }

    private Simulation unresolved(CurlCommand curl, String host) {
        Outcome o = Outcome.failure("could-not-resolve", CurlFailure.COULD_NOT_RESOLVE_HOST);
        return new Simulation(null, null, Verdict.DENY, o, curl == null ? null : CurlOutput.render(curl, o.failure()));
    }

    /** An allowed request whose upstream cannot be reached is refused all the same. */
    private static Verdict verdict(Decision d, Outcome o) {
        if (d.verdict() == Verdict.ALLOW && o.unreachable()) {
            return Verdict.DENY;
        }
        return d.verdict();
    }

    private EgressRequest fromCurl(SimulatedRequest req, CurlCommand curl) {
        Endpoint to = curl.connectAddress();
        Dns.Address ip = mesh.dns().lookup(to.host());
        if (ip == null) {
            return null;
        }
        if (curl.tls()) {
            return ip.on(EgressRequest.tls(
                            req.from(), ip.ipv4(), to.port(), curl.sni().orElse(null))
                    .withHost(curl.url().host()));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpHeader h : curl.requestHeaders()) {
            headers.merge(h.name().toLowerCase(Locale.ROOT), h.value(), (a, b) -> a + "," + b);
        }
        return ip.on(EgressRequest.http(
                req.from(), ip.ipv4(), to.port(), curl.hostHeader(), curl.method(), curl.requestTarget(), headers));
    }

    private EgressRequest explicit(SimulatedRequest req) {
        AppProtocol protocol = req.protocol() == null ? AppProtocol.HTTP : req.protocol();
        int port = req.port() != null ? req.port() : protocol == AppProtocol.TLS ? 443 : 80;
        Dns.Address ip = req.ip() != null
                ? Dns.Address.parse(req.ip())
                : req.host() != null ? mesh.dns().lookup(req.host()) : null;
        if (ip == null) {
            return null;
        }
        switch (protocol) {
            case TLS -> {
                String sni =
                        req.sniGiven() ? (req.sni() == null || req.sni().isEmpty() ? null : req.sni()) : req.host();
                return new EgressRequest(
                        req.from(),
                        AppProtocol.TLS,
                        ip.ipv4(),
                        ip.ipv6(),
                        port,
                        req.host(),
                        null,
                        null,
                        null,
                        Map.of(),
                        sni,
                        req.serverFirst());
            }
            case TCP -> {
                return ip.on(EgressRequest.tcp(req.from(), ip.ipv4(), port, req.serverFirst())
                        .withHost(req.host()));
            }
            default -> {
                Map<String, String> headers = new LinkedHashMap<>();
                req.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
                String authority = headers.get("host");
                if (authority == null) {
                    String name = req.host() != null ? req.host() : ip.ipv6() != null ? "[" + ip + "]" : ip.toString();
                    authority = port == 80 ? name : name + ":" + port;
                    headers.put("host", authority);
                }
                return ip.on(EgressRequest.http(
                        req.from(),
                        ip.ipv4(),
                        port,
                        authority,
                        req.method() == null ? "GET" : req.method(),
                        req.path() == null ? "/" : req.path(),
                        headers));
            }
        }
    }

    private Outcome outcome(EgressRequest r, Decision d, CurlCommand curl) {
        Signal s = d.signal();
        if (d.verdict() == Verdict.UNDETERMINED || s == null) {
            return Outcome.uncertain("non-deterministic");
        }
        boolean tls = r.protocol() == AppProtocol.TLS;
        return switch (s) {
            case CONNECTION_REFUSED -> Outcome.failure(s.id(), CurlFailure.COULD_NOT_CONNECT);
            case CONNECTION_CLOSED ->
                Outcome.failure(s.id(), tls ? CurlFailure.TLS_CONNECT_ERROR : CurlFailure.EMPTY_REPLY);
            case CONNECTION_RESET ->
                Outcome.failure(s.id(), tls ? CurlFailure.TLS_CONNECT_ERROR : CurlFailure.RECV_FAILURE);
            case HTTP_403, HTTP_404 -> Outcome.http(SidecarResponses.refusal(s, upstream.date()));
            case FORWARDED, FORWARDED_TO_POLICY_HOST -> forwarded(r, d, curl);
        };
    }

    private Outcome forwarded(EgressRequest r, Decision d, CurlCommand curl) {
        Upstream up = d.upstream();
        String host = r.host();
        if (up != null && !up.originalDestination()) {
            if (mesh.dns().lookup(up.host()) == null) {
                return r.protocol() == AppProtocol.HTTP
                        ? Outcome.unreachable(Outcome.http(SidecarResponses.noHealthyUpstream()))
                        : Outcome.unreachable(Outcome.failure(
                                Signal.CONNECTION_RESET.id(),
                                r.protocol() == AppProtocol.TLS
                                        ? CurlFailure.TLS_CONNECT_ERROR
                                        : CurlFailure.RECV_FAILURE));
            }
            host = up.host();
        }
        boolean redirected = d.signal() == Signal.FORWARDED_TO_POLICY_HOST;
        String signalOverride = redirected ? Signal.FORWARDED_TO_POLICY_HOST.id() : null;
        if (curl == null) {
            String banner = r.serverFirst() ? SimulatedUpstream.banner(r.port()) : null;
            return Outcome.connected(signalOverride != null ? signalOverride : Signal.FORWARDED.id(), banner);
        }
        if (redirected && curl.tls() && !curl.has(CurlFlag.INSECURE)) {
            return Outcome.failure(signalOverride, CurlFailure.TLS_CONNECT_ERROR);
        }
        String version = curl.tls()
                        && curl.httpVersion() != CurlHttpVersion.HTTP_1_1
                        && curl.httpVersion() != CurlHttpVersion.HTTP_1_0
                ? "HTTP/2"
                : "HTTP/1.1";
        String authority = curl.tls() ? curl.hostHeader() : r.authority();
        HttpResponse resp = upstream.respond(
                version,
                curl.tls() ? "https" : "http",
                curl.method(),
                authority,
                curl.requestTarget(),
                curl.requestHeaders(),
                curl.data().orElse(""));
        if (redirected && !curl.tls()) {
            resp = SidecarResponses.plainHttpToTlsPort();
        }
        Outcome o = Outcome.http(resp);
        return signalOverride == null ? o : o.withSignal(signalOverride);
    }

    /** The signal without building any response: the status the upstream would answer with. */
    private static Outcome quickOutcome(EgressRequest r, Decision d) {
        Signal s = d.signal();
        if (s == null) {
            return Outcome.uncertain("non-deterministic");
        }
        if (s != Signal.FORWARDED) {
            return Outcome.uncertain(s.id());
        }
        if (r.protocol() != AppProtocol.HTTP) {
            return Outcome.uncertain(r.target() == null ? s.id() : "http-200");
        }
        return Outcome.uncertain("http-" + SimulatedUpstream.status(r.target()));
    }
}
