package egress.simulator.learn;

import egress.policy.model.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Observed paths turned into the route matches a person would write: each path exactly when there are
 * few, a shared folder ({@code /api/v1/.*}) where at least {@link #SHARED} paths sit in it, widened a
 * folder at a time while more than {@link #MANY} matches remain.
 */
final class Routes {
    static final int FEW = 4;
    static final int SHARED = 3;
    static final int MANY = 8;

    /**
     * One match: a path or, when {@code prefix}, every path under a folder ending in '/'.
     * {@code paths} is how many observed paths it stands for.
     */
    record Route(String path, boolean prefix, TreeSet<String> methods, long paths, Seen seen) {
        /** The match as shown to people: {@code /get} or {@code /api/v1/.*}. */
        String display() {
            return prefix ? path + ".*" : path;
        }

        /**
         * The pathRegex. osm matches the whole path (no query), so a plain escaped path is exact; pipy finds
         * the regex anywhere in path and query, so it is anchored and lets a query follow.
         */
        String regex(Engine engine) {
            String core = quote(path);
            if (engine == Engine.OSM) {
                return prefix ? core + ".*" : core;
            }
            return "^" + core + (prefix ? ".*" : "(?:$|\\?).*");
        }
    }

    private Routes() {}

    static List<Route> of(Map<String, Observations.PathSeen> observed, RouteMode mode) {
        if (mode == RouteMode.NONE) {
            return List.of();
        }
        List<Route> routes = new ArrayList<>();
        observed.forEach((path, p) -> routes.add(new Route(path, p.prefix, new TreeSet<>(p.methods), 1, p.seen)));
        if (mode == RouteMode.EXACT || routes.size() <= FEW) {
            return routes;
        }
        List<Route> current = routes;
        while (true) {
            List<Route> next = fold(current, SHARED);
            if (next == null && current.size() > MANY) {
                next = fold(current, 2);
            }
            if (next == null) {
                return current;
            }
            current = next;
        }
    }

    /**
     * One round: the deepest folders holding at least {@code minShared} routes become one prefix route each;
     * the root folder only while more than {@link #MANY} routes remain. Null when nothing folds.
     */
    private static List<Route> fold(List<Route> routes, int minShared) {
        Map<String, List<Route>> byFolder = new TreeMap<>();
        for (Route r : routes) {
            String folder = Observations.parent(r.path());
            if (folder != null) {
                byFolder.computeIfAbsent(folder, k -> new ArrayList<>()).add(r);
            }
        }
        int deepest = -1;
        for (Map.Entry<String, List<Route>> e : byFolder.entrySet()) {
            boolean root = e.getKey().equals("/");
            if (e.getValue().size() >= minShared && (!root || routes.size() > MANY)) {
                deepest = Math.max(deepest, Observations.depth(e.getKey()));
            }
        }
        if (deepest < 0) {
            return null;
        }
        List<Route> out = new ArrayList<>(routes);
        for (Map.Entry<String, List<Route>> e : byFolder.entrySet()) {
            List<Route> members = e.getValue();
            boolean root = e.getKey().equals("/");
            if (members.size() < minShared
                    || Observations.depth(e.getKey()) != deepest
                    || root && routes.size() <= MANY) {
                continue;
            }
            TreeSet<String> methods = new TreeSet<>();
            Seen seen = new Seen();
            long paths = 0;
            for (Route m : members) {
                methods.addAll(m.methods());
                seen.add(m.seen());
                paths += m.paths();
            }
            out.removeAll(members);
            out.add(new Route(e.getKey(), true, methods, paths, seen));
        }
        return dedupe(out);
    }

    /** A prefix swallows the routes under it. */
    private static List<Route> dedupe(List<Route> routes) {
        List<Route> out = new ArrayList<>();
        for (Route r : routes) {
            boolean covered = false;
            for (Route p : routes) {
                if (p != r
                        && p.prefix()
                        && r.path().startsWith(p.path())
                        && !(r.prefix() && r.path().equals(p.path()))) {
                    p.methods().addAll(r.methods());
                    p.seen().add(r.seen());
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                out.add(r);
            }
        }
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    /** The path as an RE2 regex that matches exactly it. */
    static String quote(String path) {
        StringBuilder b = new StringBuilder(path.length() + 8);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
