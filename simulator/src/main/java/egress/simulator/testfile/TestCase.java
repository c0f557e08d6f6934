package egress.simulator.testfile;

import egress.policy.yaml.Manifest;
import egress.simulator.SimulatedRequest;
import java.util.List;
import java.util.Map;

/**
 * One case of an EgressTest file: the state changes it makes, then a request or an admission check,
 * and what must come of it.
 *
 * @param request null for an admission case
 * @param admit   null for a request case
 */
public record TestCase(
        String name,
        int line,
        List<Manifest> apply,
        List<ObjectKey> delete,
        Map<String, Object> meshConfig,
        SimulatedRequest request,
        Manifest admit,
        Expectation expect) {

    /** A {@code delete:} item. */
    public record ObjectKey(String kind, String namespace, String name) {}
}
