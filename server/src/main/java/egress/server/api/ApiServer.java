package egress.server.api;

import egress.cluster.kube.ClusterConnection;
import egress.policy.yaml.ManifestException;
import egress.server.workspace.Workspace;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.staticfiles.StaticFileConfig;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of the designer: workspace, validation, simulation, tests and cluster. Every {@code /api} call
 * needs the access token made at start; cross-origin calls are refused; any request (pages too) naming another
 * host in {@code Host} gets 421 ({@link HostCheck}, against DNS rebinding); bodies are limited to
 * {@value #MAX_BODY_BYTES} bytes; every error is a {@link Problem}. Outside {@code /api} it serves the web
 * designer: its own files from the class path's {@code /public} at {@code /}, and the third-party scripts it
 * uses from their WebJars at {@code /webjars}. Those files hold no data, so they need no token; the page
 * reads the token from its address and sends it with every API call.
 */
public final class ApiServer implements AutoCloseable {
    public static final long MAX_BODY_BYTES = 8L * 1024 * 1024;
    private static final Logger logger = LoggerFactory.getLogger(ApiServer.class);

    private final Javalin app;
    private final String token;
    private final String host;
    private final ClusterController clusterController;
    private final Workspace workspace;

    private ApiServer(
            Javalin app, String token, String host, ClusterController clusterController, Workspace workspace) {
        this.app = app;
        this.token = token;
        this.host = host;
        this.clusterController = clusterController;
        this.workspace = workspace;
    }

    /**
     * Starts the API on {@code host:port} (port 0: any free port) with a new random access token.
     *
     * @param host 127.0.0.1 unless the caller really means to listen elsewhere
     */
    public static ApiServer start(String host, int port, Workspace workspace, ClusterConnection cluster) {
        String token = AccessGuard.newToken();
        AccessGuard guard = new AccessGuard(token, MAX_BODY_BYTES);
        HostCheck hostCheck = new HostCheck();
        WorkspaceController workspaceController = new WorkspaceController(workspace);
        CheckController checkController = new CheckController(workspace);
        SimulationController simulationController = new SimulationController(workspace);
        ClusterController clusterController = new ClusterController(workspace, cluster);
        VocabularyController vocabularyController = new VocabularyController(workspace);
        GraphController graphController = new GraphController(workspace);
        TrafficController trafficController = new TrafficController(workspace);
        workspace.traffic().markBaseline(workspace.all()); // edits show their impact against the set started with
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.staticFiles.add(files -> page(files, "/", "/public"));
            config.staticFiles.add(files -> page(files, "/webjars", "/META-INF/resources/webjars"));
            config.routes.before(hostCheck);
            config.routes.before("/api/*", guard);
            config.routes.exception(ApiException.class, (e, ctx) -> render(ctx, e.problem()));
            config.routes.exception(
                    ManifestException.class,
                    (e, ctx) -> render(
                            ctx,
                            new Problem(
                                    "The YAML cannot be read",
                                    400,
                                    "bad-request",
                                    List.of(new ProblemDetail(
                                            e.file(),
                                            e.position().line(),
                                            e.position().column(),
                                            null,
                                            e.reason(),
                                            null)))));
            config.routes.exception(
                    HttpResponseException.class,
                    (e, ctx) -> render(
                            ctx, new Problem(e.getMessage(), e.getStatus(), "http-" + e.getStatus(), List.of())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                logger.error("{} {} failed", ctx.method(), ctx.path(), e);
                render(
                        ctx,
                        new Problem(
                                "Internal error: " + e.getClass().getSimpleName(),
                                500,
                                "internal",
                                List.of(ProblemDetail.field(null, String.valueOf(e.getMessage())))));
            });
            workspaceController.register(config.routes);
            checkController.register(config.routes);
            simulationController.register(config.routes);
            clusterController.register(config.routes);
            vocabularyController.register(config.routes);
            graphController.register(config.routes);
            trafficController.register(config.routes);
        });
        app.start(host, port);
        guard.listeningOn(host, app.port());
        hostCheck.listeningOn(host, app.port());
        ApiServer server = new ApiServer(app, token, host, clusterController, workspace);
        logger.info("egress designer API on {} (cluster: {})", server.url(), cluster);
        return server;
    }

    /** Static files with headers that keep the page from being framed or fed scripts from elsewhere. */
    private static void page(StaticFileConfig files, String hostedPath, String directory) {
        files.hostedPath = hostedPath;
        files.directory = directory;
        files.location = Location.CLASSPATH;
        files.mimeTypes.add("text/javascript", "mjs");
        files.headers = Map.of(
                "Content-Security-Policy",
                        "default-src 'self'; script-src 'self'; connect-src 'self'; "
                                + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
                "X-Content-Type-Options", "nosniff",
                "Referrer-Policy", "no-referrer",
                "Cache-Control", "no-cache");
    }

    private static void render(Context ctx, Problem p) {
        ctx.status(p.status()).json(p);
    }

    public int port() {
        return app.port();
    }

    public String url() {
        return "http://" + host + ":" + app.port();
    }

    /** The web designer's address with the access token, as printed for the user to open. */
    public String pageUrl() {
        return url() + "/?token=" + token;
    }

    /** The access token every {@code /api} call must carry. */
    public String token() {
        return token;
    }

    /** The workspace served (its recorded traffic: {@code workspace().traffic()}). */
    public Workspace workspace() {
        return workspace;
    }

    @Override
    public void close() {
        workspace.traffic().close();
        clusterController.close();
        app.stop();
    }
}
