package egress.simulator.testfile;

import egress.policy.match.AppProtocol;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.MeshConfig;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.policy.yaml.Tree;
import egress.simulator.SimulatedRequest;
import egress.simulator.curl.CurlCommand;
import egress.simulator.curl.CurlParseException;
import egress.simulator.mesh.Dns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads EgressTest files; every error names the file, line, column and field. */
public final class TestFileParser {
    public static final String API_VERSION = "egress.designer/v1";
    public static final String KIND = "EgressTest";

    private static final List<String> TOP = List.of(
            "apiVersion", "kind", "metadata", "engine", "meshConfig", "mesh", "resources", "resourceFiles", "cases");
    private static final List<String> CASE =
            List.of("name", "request", "admit", "apply", "applyFiles", "delete", "meshConfig", "expect");
    private static final List<String> REQUEST = List.of(
            "from", "curl", "protocol", "host", "ip", "port", "method", "path", "headers", "sni", "serverFirst");
    private static final List<String> EXPECT_REQUEST =
            List.of("verdict", "signal", "exitCode", "policy", "upstream", "body");
    private static final List<String> EXPECT_ADMIT = List.of("admission", "message");

    private final String file;
    private final Manifest doc;
    private final ResourceFileReader files;
    private final Set<String> namedNamespaces = new TreeSet<>();

    private TestFileParser(String file, Manifest doc, ResourceFileReader files) {
        this.file = file;
        this.doc = doc;
        this.files = files;
    }

    /** Whether a manifest file is an EgressTest (so folders can hold both). */
    public static boolean isTestFile(Manifest m) {
        return KIND.equals(m.kind());
    }

    public static List<EgressTestFile> parse(Path path) throws TestFileException {
        return parse(path, ResourceFileReader.relativeTo(path));
    }

    /** As {@link #parse(Path)}, with the files the test names read by {@code files}. */
    public static List<EgressTestFile> parse(Path path, ResourceFileReader files) throws TestFileException {
        List<Manifest> docs;
        try {
            docs = ManifestReader.read(path);
        } catch (ManifestException e) {
            throw new TestFileException(e.file(), e.position(), "", e.reason());
        }
        return parse(path.toString(), path, docs, files);
    }

    /**
     * A test file's text as edited (saved or not): {@code label} names it in results and errors, {@code path} is
     * where it lives (its file name is the test's name when {@code metadata.name} is missing).
     */
    public static List<EgressTestFile> parse(String label, Path path, String text, ResourceFileReader files)
            throws TestFileException {
        List<Manifest> docs;
        try {
            docs = ManifestReader.read(label, text);
        } catch (ManifestException e) {
            throw new TestFileException(e.file(), e.position(), "", e.reason());
        }
        return parse(label, path, docs, files);
    }

    private static List<EgressTestFile> parse(String label, Path path, List<Manifest> docs, ResourceFileReader files)
            throws TestFileException {
        List<EgressTestFile> out = new ArrayList<>();
        for (Manifest m : docs) {
            if (!isTestFile(m)) {
                throw new TestFileException(label, m.origin(), "kind", "expected kind EgressTest, got " + m.kind());
            }
            out.add(new TestFileParser(label, m, files).build(path));
        }
        if (out.isEmpty()) {
            throw new TestFileException(label, egress.policy.yaml.Position.UNKNOWN, "", "no EgressTest in file");
        }
        return out;
    }

    private EgressTestFile build(Path path) throws TestFileException {
        if (!API_VERSION.equals(doc.apiVersion())) {
            throw error("apiVersion", "expected " + API_VERSION + ", got " + doc.apiVersion());
        }
        onlyKeys("", TOP);
        onlyKeys("metadata", List.of("name"));
        onlyKeys("mesh", List.of("namespaces", "dns", "sniDestinationCheck"));
        Engine engine;
        try {
            engine = Engine.parse(optString("engine"));
        } catch (IllegalArgumentException e) {
            throw error("engine", e.getMessage());
        }
        Map<String, Object> meshConfig = meshConfig("meshConfig");
        List<Manifest> resources = manifests("resources");
        resources.addAll(files("resourceFiles", path));
        resources.forEach(this::noteNamespaces);
        Map<String, String> dns = new LinkedHashMap<>();
        for (Map.Entry<String, Object> d : optMap("mesh.dns").entrySet()) {
            String ip = String.valueOf(d.getValue());
            if (Dns.Address.parse(ip) == null) {
                throw error("mesh.dns." + d.getKey(), "expected an IPv4 or IPv6 address, got " + ip);
            }
            dns.put(d.getKey(), ip);
        }
        Object sniCheck = doc.get("mesh.sniDestinationCheck");
        if (sniCheck != null && !(sniCheck instanceof Boolean)) {
            throw error("mesh.sniDestinationCheck", "expected true or false, got " + sniCheck);
        }
        if (list("cases").isEmpty()) {
            throw error("cases", "a test file needs at least one case");
        }
        List<TestCase> cases = new ArrayList<>();
        for (int i = 0; i < list("cases").size(); i++) {
            cases.add(testCase("cases[" + i + "]", path));
        }
        Set<String> monitored = namedNamespaces;
        if (doc.get("mesh.namespaces") != null) {
            monitored = new TreeSet<>();
            for (Object o : list("mesh.namespaces")) {
                monitored.add(String.valueOf(o));
            }
        }
        String name = Tree.string(doc.content(), "metadata.name");
        return new EgressTestFile(
                file,
                name == null ? path.getFileName().toString() : name,
                engine,
                meshConfig,
                monitored,
                dns,
                resources,
                cases,
                (Boolean) sniCheck);
    }

    private TestCase testCase(String at, Path path) throws TestFileException {
        if (!(doc.get(at) instanceof Map<?, ?>)) {
            throw error(at, "expected a case (a mapping)");
        }
        onlyKeys(at, CASE);
        String name = string(at + ".name");
        List<Manifest> apply = manifests(at + ".apply");
        apply.addAll(files(at + ".applyFiles", path));
        apply.forEach(this::noteNamespaces);
        List<TestCase.ObjectKey> delete = new ArrayList<>();
        for (int i = 0; i < list(at + ".delete").size(); i++) {
            String d = at + ".delete[" + i + "]";
            onlyKeys(d, List.of("kind", "namespace", "name"));
            String ns = optString(d + ".namespace");
            delete.add(new TestCase.ObjectKey(string(d + ".kind"), ns, string(d + ".name")));
            if (ns != null) {
                namedNamespaces.add(ns);
            }
        }
        Map<String, Object> meshConfig = meshConfig(at + ".meshConfig");
        SimulatedRequest request = doc.get(at + ".request") != null ? request(at + ".request") : null;
        Manifest admit = doc.get(at + ".admit") != null ? manifest(at + ".admit") : null;
        if (admit != null) {
            noteNamespaces(admit);
        }
        if (request == null && admit == null) {
            throw error(at, "a case needs a request or an admit");
        }
        if (request != null && admit != null) {
            throw error(at, "a case has either a request or an admit, not both");
        }
        return new TestCase(
                name,
                doc.position(at).line(),
                apply,
                delete,
                meshConfig,
                request,
                admit,
                expectation(at + ".expect", admit != null ? EXPECT_ADMIT : EXPECT_REQUEST));
    }

    private SimulatedRequest request(String at) throws TestFileException {
        onlyKeys(at, REQUEST);
        Identity from;
        try {
            from = Identity.parse(string(at + ".from"));
        } catch (IllegalArgumentException e) {
            throw error(at + ".from", e.getMessage());
        }
        namedNamespaces.add(from.namespace());
        String curlLine = optString(at + ".curl");
        CurlCommand curl = null;
        if (curlLine != null) {
            try {
                curl = CurlCommand.parse(curlLine);
            } catch (CurlParseException e) {
                throw error(at + ".curl", e.getMessage());
            }
        }
        AppProtocol protocol = null;
        if (optString(at + ".protocol") != null) {
            try {
                protocol = AppProtocol.parse(optString(at + ".protocol"));
            } catch (IllegalArgumentException e) {
                throw error(at + ".protocol", e.getMessage());
            }
        } else if (curl == null) {
            throw error(at, "a request needs curl or protocol");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        optMap(at + ".headers").forEach((k, v) -> headers.put(k, String.valueOf(v)));
        Object port = doc.get(at + ".port");
        if (port != null && !(port instanceof Number)) {
            throw error(at + ".port", "expected a port number, got " + port);
        }
        boolean sniGiven = doc.sourceMap().has(at + ".sni")
                || Tree.map(doc.content(), at) != null
                        && Tree.map(doc.content(), at).containsKey("sni");
        Object serverFirst = doc.get(at + ".serverFirst");
        if (serverFirst != null && !(serverFirst instanceof Boolean)) {
            throw error(at + ".serverFirst", "expected true or false, got " + serverFirst);
        }
        return new SimulatedRequest(
                from,
                curl,
                protocol,
                optString(at + ".host"),
                optString(at + ".ip"),
                port == null ? null : ((Number) port).intValue(),
                optString(at + ".method"),
                optString(at + ".path"),
                headers,
                optString(at + ".sni"),
                sniGiven,
                Boolean.TRUE.equals(serverFirst));
    }

    private Expectation expectation(String at, List<String> keys) throws TestFileException {
        if (doc.get(at) == null) {
            throw error(at, "a case needs expect");
        }
        if (!(doc.get(at) instanceof Map<?, ?> given) || given.isEmpty()) {
            throw error(at, "expect checks nothing: give at least one of " + String.join(", ", keys));
        }
        onlyKeys(at, keys);
        List<String> signals = null;
        Object s = doc.get(at + ".signal");
        if (s instanceof List<?> l) {
            signals = l.stream().map(String::valueOf).toList();
        } else if (s != null) {
            signals = List.of(String.valueOf(s));
        }
        Object exit = doc.get(at + ".exitCode");
        if (exit != null && !(exit instanceof Number)) {
            throw error(at + ".exitCode", "expected a number, got " + exit);
        }
        String verdict = optString(at + ".verdict");
        if (verdict != null && !verdict.equals("allow") && !verdict.equals("deny")) {
            throw error(at + ".verdict", "expected allow or deny, got " + verdict);
        }
        String admission = optString(at + ".admission");
        if (admission != null && !admission.equals("accept") && !admission.equals("reject")) {
            throw error(at + ".admission", "expected accept or reject, got " + admission);
        }
        return new Expectation(
                verdict,
                signals,
                exit == null ? null : ((Number) exit).intValue(),
                optString(at + ".policy"),
                optString(at + ".upstream"),
                optString(at + ".body"),
                admission,
                optString(at + ".message"));
    }

    /** Manifests from files named relative to the test file ({@code resourceFiles}, a case's {@code applyFiles}). */
    private List<Manifest> files(String at, Path path) throws TestFileException {
        List<Manifest> out = new ArrayList<>();
        for (int i = 0; i < list(at).size(); i++) {
            String f = string(at + "[" + i + "]");
            try {
                out.addAll(files.read(f));
            } catch (ManifestException e) {
                throw error(at + "[" + i + "]", "cannot read " + f + ": " + e.getMessage());
            }
        }
        return out;
    }

    private List<Manifest> manifests(String at) throws TestFileException {
        List<Manifest> out = new ArrayList<>();
        for (int i = 0; i < list(at).size(); i++) {
            out.add(manifest(at + "[" + i + "]"));
        }
        return out;
    }

    private Manifest manifest(String at) throws TestFileException {
        Map<String, Object> m = Tree.map(doc.content(), at);
        if (m == null) {
            throw error(at, "expected a Kubernetes object");
        }
        return new Manifest(file, 0, m, doc.position(at), doc.sourceMap().sub(at));
    }

    private void noteNamespaces(Manifest m) {
        if (m.namespace() != null) {
            namedNamespaces.add(m.namespace());
        }
        Object sources = m.get("spec.sources");
        if (sources instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> src && src.get("namespace") instanceof String ns) {
                    namedNamespaces.add(ns);
                }
            }
        }
    }

    /**
     * Refuses a key the format does not define at {@code at} (the file's top level when empty), so that a
     * misspelt key is an error and never a check silently skipped.
     */
    private void onlyKeys(String at, List<String> known) throws TestFileException {
        Object v = at.isEmpty() ? doc.content() : doc.get(at);
        if (!(v instanceof Map<?, ?> m)) {
            return;
        }
        for (Object key : m.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                String field = at.isEmpty() ? String.valueOf(key) : at + "." + key;
                throw error(field, "unknown field \"" + key + "\" (expected " + String.join(", ", known) + ")");
            }
        }
    }

    /** A {@code meshConfig:} of short MeshConfig keys: enableEgressPolicy, or a {@code spec.traffic} field. */
    private Map<String, Object> meshConfig(String at) throws TestFileException {
        Map<String, Object> keys = optMap(at);
        for (String k : keys.keySet()) {
            if (!k.equals("enableEgressPolicy") && !MeshConfig.TRAFFIC_FIELDS.contains(k)) {
                throw error(
                        at + "." + k,
                        "unknown MeshConfig key \"" + k + "\" (expected enableEgressPolicy or a"
                                + " spec.traffic field: " + String.join(", ", new TreeSet<>(MeshConfig.TRAFFIC_FIELDS))
                                + ")");
            }
        }
        return keys;
    }

    private List<?> list(String at) throws TestFileException {
        Object v = doc.get(at);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw error(at, "expected a list");
        }
        return l;
    }

    private Map<String, Object> optMap(String at) throws TestFileException {
        Object v = doc.get(at);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?>)) {
            throw error(at, "expected a mapping");
        }
        return Tree.map(doc.content(), at);
    }

    private String string(String at) throws TestFileException {
        String s = optString(at);
        if (s == null) {
            throw error(at, "required");
        }
        return s;
    }

    private String optString(String at) throws TestFileException {
        Object v = doc.get(at);
        if (v == null) {
            return null;
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            throw error(at, "expected a text value");
        }
        return String.valueOf(v);
    }

    private TestFileException error(String field, String message) {
        return new TestFileException(file, doc.position(field), field, message);
    }
}
