package egress.designer.viewmodel;

import egress.policy.vocab.FieldText;
import egress.policy.vocab.Templates;
import egress.policy.yaml.Tree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The Egress form: name, namespace, sources (service accounts of the workspace), hosts, IP ranges, ports with
 * their protocol, and the HTTPRouteGroups it matches. Fields the form does not show are kept as written.
 */
public final class EgressFormViewModel {
    public static final List<String> PROTOCOLS = Templates.protocols();
    static final List<String> TOP = List.of("apiVersion", "kind", "metadata", "spec");
    static final List<String> METADATA = List.of("name", "namespace");
    private static final List<String> SPEC = List.of("sources", "hosts", "ipAddresses", "ports", "matches");

    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty namespace = new SimpleStringProperty("");
    private final ObservableList<String> sources = FXCollections.observableArrayList();
    private final ObservableList<String> knownServiceAccounts = FXCollections.observableArrayList();
    private final StringProperty sourceToAdd = new SimpleStringProperty("");
    private final StringProperty hosts = new SimpleStringProperty("");
    private final StringProperty ipAddresses = new SimpleStringProperty("");
    private final ObservableList<PortEntry> ports = FXCollections.observableArrayList();
    private final StringProperty portNumber = new SimpleStringProperty("");
    private final StringProperty portProtocol = new SimpleStringProperty("http");
    private final StringProperty routeGroups = new SimpleStringProperty("");
    private final Consumer<String> changed;
    private boolean loading;

    /** {@code changed} hears which field the user edited: name, namespace, sources, hosts, ... */
    EgressFormViewModel(Consumer<String> changed) {
        this.changed = changed;
        watch(name, "name");
        watch(namespace, "namespace");
        watch(hosts, "hosts");
        watch(ipAddresses, "ipAddresses");
        watch(routeGroups, "matches");
        sources.addListener((ListChangeListener<String>) c -> fire("sources"));
        ports.addListener((ListChangeListener<PortEntry>) c -> fire("ports"));
    }

    private void watch(StringProperty p, String field) {
        p.addListener((o, was, now) -> fire(field));
    }

    private void fire(String field) {
        if (!loading) {
            changed.accept(field);
        }
    }

    /** Shows an object's content; the user's edits are not reported while loading. */
    void load(Map<String, Object> content) {
        loading = true;
        try {
            name.set(nz(Tree.string(content, "metadata.name")));
            namespace.set(nz(Tree.string(content, "metadata.namespace")));
            List<String> src = new ArrayList<>();
            for (Object o : list(content, "spec.sources")) {
                if (o instanceof Map<?, ?> m && "ServiceAccount".equals(m.get("kind"))) {
                    src.add(m.get("namespace") + "/" + m.get("name"));
                }
            }
            sources.setAll(src);
            hosts.set(FieldText.LIST.text(list(content, "spec.hosts")));
            ipAddresses.set(FieldText.LIST.text(list(content, "spec.ipAddresses")));
            List<PortEntry> ps = new ArrayList<>();
            for (Object o : list(content, "spec.ports")) {
                if (o instanceof Map<?, ?> m && m.get("number") instanceof Number n) {
                    ps.add(new PortEntry(n.longValue(), String.valueOf(m.get("protocol"))));
                }
            }
            ports.setAll(ps);
            List<String> groups = new ArrayList<>();
            for (Object o : list(content, "spec.matches")) {
                if (o instanceof Map<?, ?> m && "HTTPRouteGroup".equals(m.get("kind"))) {
                    groups.add(String.valueOf(m.get("name")));
                }
            }
            routeGroups.set(FieldText.LIST.text(groups));
        } finally {
            loading = false;
        }
    }

    /** The content with the form's fields written over it; other fields and their order stay. */
    Map<String, Object> applyTo(Map<String, Object> original) {
        Map<String, Object> c = Tree.thaw(original);
        Map<String, Object> meta = ContentFields.child(c, "metadata", TOP);
        ContentFields.put(meta, "name", name.get().trim(), METADATA);
        ContentFields.put(meta, "namespace", namespace.get().trim(), METADATA);
        Map<String, Object> spec = ContentFields.child(c, "spec", TOP);
        ContentFields.put(spec, "sources", sourceMaps(Tree.list(original, "spec.sources")), SPEC);
        ContentFields.put(spec, "hosts", FieldText.LIST.value(hosts.get()), SPEC);
        ContentFields.put(spec, "ipAddresses", FieldText.LIST.value(ipAddresses.get()), SPEC);
        List<Object> portMaps = new ArrayList<>();
        for (PortEntry p : ports) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", p.number());
            m.put("protocol", p.protocol());
            portMaps.add(m);
        }
        ContentFields.put(spec, "ports", portMaps, SPEC);
        ContentFields.put(spec, "matches", matchMaps(Tree.list(original, "spec.matches")), SPEC);
        return c;
    }

    /** Sources as maps; a source that was already there keeps its other fields (mtls). */
    private List<Object> sourceMaps(List<?> before) {
        List<Object> out = new ArrayList<>();
        for (String s : sources) {
            int slash = s.indexOf('/');
            String ns = slash < 0 ? "" : s.substring(0, slash);
            String sa = s.substring(slash + 1);
            Object kept = null;
            for (Object o : before == null ? List.of() : before) {
                if (o instanceof Map<?, ?> m && ns.equals(m.get("namespace")) && sa.equals(m.get("name"))) {
                    kept = Tree.thaw(o);
                }
            }
            if (kept == null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", "ServiceAccount");
                m.put("name", sa);
                m.put("namespace", ns);
                kept = m;
            }
            out.add(kept);
        }
        return out;
    }

    /** Route group references from the form, then the other matches (UpstreamTrafficSetting) as written. */
    private List<Object> matchMaps(List<?> before) {
        List<Object> out = new ArrayList<>();
        for (String g : FieldText.items(routeGroups.get())) {
            out.add(Templates.routeGroupRef(g));
        }
        for (Object o : before == null ? List.of() : before) {
            if (!(o instanceof Map<?, ?> m && "HTTPRouteGroup".equals(m.get("kind")))) {
                out.add(Tree.thaw(o));
            }
        }
        return out;
    }

    /** Adds the source typed or picked ({@code namespace/serviceaccount}); ignored when malformed or present. */
    public void addSource() {
        String s = sourceToAdd.get() == null ? "" : sourceToAdd.get().trim();
        int slash = s.indexOf('/');
        if (slash > 0 && slash < s.length() - 1 && !sources.contains(s)) {
            sources.add(s);
            sourceToAdd.set("");
        }
    }

    public void removeSource(String s) {
        sources.remove(s);
    }

    /** Adds the port typed with the protocol chosen; returns false when the number is not 1-65535. */
    public boolean addPort() {
        long n;
        try {
            n = Long.parseLong(portNumber.get().trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (n < 1 || n > 65535) {
            return false;
        }
        ports.add(new PortEntry(n, portProtocol.get()));
        portNumber.set("");
        return true;
    }

    public void removePort(PortEntry p) {
        ports.remove(p);
    }

    private static List<?> list(Map<String, Object> content, String path) {
        List<?> l = Tree.list(content, path);
        return l == null ? List.of() : l;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty namespaceProperty() {
        return namespace;
    }

    public ObservableList<String> sources() {
        return sources;
    }

    public ObservableList<String> knownServiceAccounts() {
        return knownServiceAccounts;
    }

    public StringProperty sourceToAddProperty() {
        return sourceToAdd;
    }

    public StringProperty hostsProperty() {
        return hosts;
    }

    public StringProperty ipAddressesProperty() {
        return ipAddresses;
    }

    public ObservableList<PortEntry> ports() {
        return ports;
    }

    public StringProperty portNumberProperty() {
        return portNumber;
    }

    public StringProperty portProtocolProperty() {
        return portProtocol;
    }

    public StringProperty routeGroupsProperty() {
        return routeGroups;
    }
}
