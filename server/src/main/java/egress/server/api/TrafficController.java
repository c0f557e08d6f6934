package egress.server.api;

import egress.policy.i18n.Message;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.yaml.ManifestException;
import egress.server.workspace.TrafficWorkspace;
import egress.server.workspace.Workspace;
import egress.simulator.learn.RouteMode;
import egress.simulator.traffic.ChangeKind;
import egress.simulator.traffic.DecisionFeed;
import egress.simulator.traffic.LoadedTraffic;
import egress.simulator.traffic.TrafficChanges;
import egress.simulator.traffic.TrafficFormat;
import egress.simulator.traffic.TrafficVerdicts;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recorded traffic in the web designer: load it (a posted file, a file in the workspace folder, or a running
 * enforcer's recent decisions), see each distinct request's verdict under the workspace as edited and what changed
 * since the baseline (the workspace as started with or last deployed), and propose policies from it. IO only; the
 * {@link TrafficWorkspace} does the rest.
 */
final class TrafficController {
    static final int DEFAULT_ROWS = 500;
    static final int MAX_ROWS = 5000;
    static final Duration FOLLOW_INTERVAL = Duration.ofSeconds(1);

    record FollowView(String url, long sequence, long missed, long polls, String error) {
        static FollowView of(DecisionFeed f) {
            return f == null
                    ? null
                    : new FollowView(f.url().toString(), f.sequence(), f.missed(), f.polls(), f.lastError());
        }
    }

    /** What is loaded: requests read, distinct ones kept, lines that could not be read (the first few quoted). */
    record StatusView(
            long total,
            int distinct,
            long notKept,
            long unreadable,
            List<String> problems,
            long version,
            FollowView follow,
            List<String> proposed) {
        static StatusView of(TrafficWorkspace t) {
            LoadedTraffic l = t.traffic();
            return new StatusView(
                    l.total(),
                    l.distinct(),
                    l.notKept(),
                    l.unreadable(),
                    l.problems(),
                    l.version(),
                    FollowView.of(t.feed()),
                    t.proposed());
        }
    }

    record MessageView(String code, List<String> args) {
        static MessageView of(Message m, Locale lang) {
            return m == null ? null : new MessageView(m.code(), m.textArgs(lang));
        }
    }

    /** Requests that changed alike, with up to three examples as the command lines that send them. */
    record GroupView(
            String change,
            String from,
            String policy,
            String host,
            long requests,
            int distinct,
            List<String> examples) {}

    /**
     * What the edits since the baseline do to the loaded traffic; {@code counts} by change ({@code newly-refused},
     * ...) in recorded requests; {@code summary} one line per kind of change in the request's language.
     */
    record ImpactView(
            long requests,
            Map<String, Long> counts,
            long verdictChanges,
            List<String> summary,
            List<MessageView> summaryCodes,
            List<GroupView> groups,
            long trafficVersion,
            double millis) {
        static ImpactView of(TrafficChanges c, Locale lang, double millis) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (ChangeKind k : ChangeKind.values()) {
                counts.put(k.id(), c.requests(k));
            }
            TrafficVerdicts v = c.current();
            List<GroupView> groups = c.groups().stream()
                    .map(g -> new GroupView(
                            g.kind().id(),
                            g.from(),
                            g.policy(),
                            g.host(),
                            g.requests(),
                            g.distinct(),
                            g.examples().stream().map(v::commandLine).toList()))
                    .toList();
            List<Message> summary = c.summary();
            return new ImpactView(
                    c.requests(),
                    counts,
                    c.verdictChanges(),
                    summary.stream().map(m -> m.render(lang)).toList(),
                    summary.stream().map(m -> MessageView.of(m, lang)).toList(),
                    groups,
                    v.trafficVersion(),
                    millis);
        }
    }

    /** One distinct request as the table shows it. */
    record RowView(
            int index,
            String from,
            String request,
            long count,
            String firstSeen,
            String lastSeen,
            String verdict,
            String recorded,
            String policy,
            SimulationController.RuleView rule,
            String reason,
            String nearestMiss,
            MessageView reasonCode,
            String change,
            String file,
            long line) {}

    record TableView(StatusView status, ImpactView impact, int offset, int matching, List<RowView> rows) {}

    private final Workspace workspace;

    TrafficController(Workspace workspace) {
        this.workspace = workspace;
    }

    private TrafficWorkspace traffic() {
        return workspace.traffic();
    }

    void register(RoutesConfig routes) {
        routes.get("/api/traffic", this::table);
        routes.delete("/api/traffic", ctx -> {
            traffic().clear();
            ctx.json(StatusView.of(traffic()));
        });
        routes.get("/api/traffic/impact", ctx -> {
            long started = System.nanoTime();
            TrafficChanges c = traffic().changes(engine(ctx), sniCheck(ctx));
            ctx.json(ImpactView.of(c, CheckController.language(ctx), (System.nanoTime() - started) / 1e6));
        });
        routes.post("/api/traffic/upload", this::upload);
        routes.post("/api/traffic/load", this::loadFile);
        routes.post("/api/traffic/follow", this::follow);
        routes.delete("/api/traffic/follow", ctx -> {
            traffic().stopFollowing();
            ctx.json(StatusView.of(traffic()));
        });
        routes.post("/api/traffic/baseline", ctx -> {
            traffic().markBaseline(workspace.all());
            ctx.json(StatusView.of(traffic()));
        });
        routes.post("/api/traffic/propose", this::propose);
    }

    /** Body: the file's bytes (text or gzip); {@code ?file=NAME} names it in problems, {@code format}, {@code from}. */
    private void upload(Context ctx) throws IOException {
        String name = ctx.queryParam("file");
        traffic()
                .load(
                        name == null || name.isBlank() ? "upload" : name,
                        new ByteArrayInputStream(ctx.bodyAsBytes()),
                        format(ctx.queryParam("format")),
                        from(ctx.queryParam("from")));
        ctx.json(StatusView.of(traffic()));
    }

    /** Body {path, format?, from?}: a file inside the workspace folder, read where it is (any size). */
    private void loadFile(Context ctx) throws IOException {
        Map<String, Object> body = Bodies.object(ctx);
        String path = Bodies.string(body, "path", true);
        try {
            traffic()
                    .loadFile(
                            path,
                            format(Bodies.string(body, "format", false)),
                            from(Bodies.string(body, "from", false)));
        } catch (ManifestException e) {
            throw ApiException.badRequest(
                    "The traffic file cannot be read", new ProblemDetail(e.file(), 0, 0, "path", e.reason(), null));
        }
        ctx.json(StatusView.of(traffic()));
    }

    /** Body {url}: the enforcer's admin address, {@code http://HOST:PORT}; polled every second until stopped. */
    private void follow(Context ctx) {
        Map<String, Object> body = Bodies.object(ctx);
        String url = Bodies.string(body, "url", true);
        try {
            traffic().follow(URI.create(url.trim()), FOLLOW_INTERVAL);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Cannot follow that address", ProblemDetail.field("url", e.getMessage()));
        }
        ctx.json(StatusView.of(traffic()));
    }

    /** Body {engine?, routes?: none|exact|prefix}: learns from the loaded traffic, adds the proposals as new objects. */
    private void propose(Context ctx) throws ManifestException {
        Map<String, Object> body = ctx.body().isBlank() ? Map.of() : Bodies.object(ctx);
        Engine engine = CheckController.engine(Bodies.string(body, "engine", false), "engine");
        String routes = Bodies.string(body, "routes", false);
        RouteMode mode;
        try {
            mode = routes == null ? RouteMode.PREFIX : RouteMode.parse(routes);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Unknown route mode", ProblemDetail.field("routes", e.getMessage()));
        }
        if (traffic().traffic().distinct() == 0) {
            throw ApiException.badRequest(
                    "No recorded traffic is loaded",
                    ProblemDetail.field("traffic", "load a traffic file or follow an enforcer first"));
        }
        ctx.json(traffic().propose(engine == null ? Engine.OSM : engine, mode));
    }

    /**
     * {@code ?engine=&sniDestinationCheck=&offset=&limit=&changed=true}: the loaded traffic's status, the impact,
     * and its rows (changed ones first, then the most seen), a page at a time.
     */
    private void table(Context ctx) {
        long started = System.nanoTime();
        Locale lang = CheckController.language(ctx);
        TrafficChanges c = traffic().changes(engine(ctx), sniCheck(ctx));
        TrafficVerdicts v = c.current();
        boolean changedOnly = "true".equals(ctx.queryParam("changed"));
        int offset = intParam(ctx, "offset", 0, Integer.MAX_VALUE);
        int limit = intParam(ctx, "limit", DEFAULT_ROWS, MAX_ROWS);
        int[] order = c.order(changedOnly);
        List<RowView> rows = new ArrayList<>();
        for (int k = offset; k < Math.min(order.length, (long) offset + limit); k++) {
            rows.add(row(c, v, order[k], lang));
        }
        ImpactView impact = ImpactView.of(c, lang, (System.nanoTime() - started) / 1e6);
        ctx.json(new TableView(StatusView.of(traffic()), impact, offset, order.length, rows));
    }

    private static RowView row(TrafficChanges c, TrafficVerdicts v, int i, Locale lang) {
        LoadedTraffic.Observed o = v.observed(i);
        Message reason = v.reason(i);
        Message miss = v.nearestMiss(i);
        ChangeKind kind = c.kind(i);
        return new RowView(
                i,
                o.sample().request().from().toString(),
                v.commandLine(i),
                o.count(),
                time(o.firstSeen()),
                time(o.lastSeen()),
                v.verdict(i).id(),
                o.sample().recorded() == null ? null : o.sample().recorded().id(),
                v.policy(i) == null ? null : v.policy(i).toString(),
                SimulationController.RuleView.of(v.rule(i)),
                reason.render(lang),
                miss == null ? null : miss.render(lang),
                MessageView.of(reason, lang),
                kind == null ? null : kind.id(),
                o.sample().file(),
                o.sample().line());
    }

    private static String time(long millis) {
        return millis < 0 ? null : Instant.ofEpochMilli(millis).toString();
    }

    static Engine engine(Context ctx) {
        Engine e = CheckController.engine(ctx.queryParam("engine"), "engine");
        return e == null ? Engine.OSM : e;
    }

    static boolean sniCheck(Context ctx) {
        return !"false".equals(ctx.queryParam("sniDestinationCheck"));
    }

    private static int intParam(Context ctx, String name, int fallback, int max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(
                "Invalid " + name, ProblemDetail.field(name, "expected a number from 0 to " + max));
    }

    private static TrafficFormat format(String text) {
        if (text == null || text.isBlank()) {
            return TrafficFormat.AUTO;
        }
        try {
            return TrafficFormat.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Unknown traffic format", ProblemDetail.field("format", e.getMessage()));
        }
    }

    private static Identity from(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Identity.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid client identity", ProblemDetail.field("from", e.getMessage()));
        }
    }
}
