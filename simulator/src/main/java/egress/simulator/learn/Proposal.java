package egress.simulator.learn;

import egress.policy.yaml.ManifestWriter;
import java.util.List;
import java.util.Map;

/**
 * One learned Egress, with the HTTPRouteGroup it refers to (null when none), each with comment lines
 * saying which traffic justified it; written to {@code DIR/<namespace>/<name>.yaml}.
 */
public record Proposal(
        String namespace,
        String name,
        List<String> egressComment,
        Map<String, Object> egress,
        List<String> routeGroupComment,
        Map<String, Object> routeGroup) {

    /** The file's path under the output folder. */
    public String file() {
        return namespace + "/" + name + ".yaml";
    }

    /** The file's text: the route group (when there is one), then the Egress, each after its comment. */
    public String yaml() {
        StringBuilder out = new StringBuilder();
        if (routeGroup != null) {
            comment(out, routeGroupComment);
            out.append(ManifestWriter.write(routeGroup)).append("---\n");
        }
        comment(out, egressComment);
        out.append(ManifestWriter.write(egress));
        return out.toString();
    }

    private static void comment(StringBuilder out, List<String> lines) {
        for (String l : lines) {
            out.append("# ").append(l).append('\n');
        }
    }
}
