package egress.simulator.testfile;

import egress.policy.model.Engine;
import egress.policy.yaml.Manifest;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed EgressTest file ({@code egress.designer/v1}).
 *
 * @param monitoredNamespaces the namespaces the mesh monitors by default: {@code mesh.namespaces}, or else
 *                            every namespace that a resource, a source, a request or a delete names; a
 *                            namespace whose own Namespace manifest is applied follows that manifest instead
 *                            ({@code egress.policy.match.MeshScope})
 * @param sniDestinationCheck {@code mesh.sniDestinationCheck}: the server-name check for this file (the enforcer's
 *                            {@code --sni-destination-check}); null when the file does not say, so the runner's
 *                            setting applies
 */
public record EgressTestFile(
        String path,
        String name,
        Engine engine,
        Map<String, Object> meshConfig,
        Set<String> monitoredNamespaces,
        Map<String, String> dns,
        List<Manifest> resources,
        List<TestCase> cases,
        Boolean sniDestinationCheck) {}
