package egress.server.deploy;

import egress.policy.validate.Report;
import egress.policy.validate.Validator;
import egress.policy.yaml.Manifest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys a workspace to a cluster: validate everything, plan, then write object by object; a failure half-way
 * undoes what was written. Used by the HTTP API, the cli's {@code egress deploy} and a desktop app alike.
 *
 * <p>All or nothing as far as a client can make it: a workspace with any manifest the cluster would reject
 * writes nothing; a write that fails (or a listener that throws) rolls back every earlier write, in reverse
 * order: created objects are deleted, updated ones get their previous version back, pruned ones are created
 * again, and the MeshConfig flag is switched back. Another client changing the same objects meanwhile is not
 * guarded against.
 */
public final class DeployService {
    private static final Logger logger = LoggerFactory.getLogger(DeployService.class);

    private final Planner planner;
    private final ClusterWriter writer;

    public DeployService(KubernetesClient client) {
        this.planner = new Planner(client);
        this.writer = new ClusterWriter(client);
    }

    /** The plan for a workspace, without validating it. */
    public Plan plan(List<Manifest> workspace, boolean prune) {
        return planner.plan(deployable(workspace), prune);
    }

    /** Validates, plans and (unless a dry run) applies. Never throws for cluster errors: see the outcome. */
    public DeployResult deploy(List<Manifest> workspace, DeployOptions options, DeployListener listener) {
        List<Manifest> manifests = deployable(workspace);
        List<DeployEvent> events = new ArrayList<>();
        Report report = Validator.validate(manifests, options.engine());
        if (report.hasErrors()) {
            String message = report.errors().size() + " error(s); nothing was applied";
            emitQuietly(events, listener, new DeployEvent(DeployEvent.Type.DONE, 0, 0, null, null, message));
            return new DeployResult(DeployResult.Outcome.REJECTED, report, null, events, null);
        }
        Plan plan = planner.plan(manifests, options.prune());
        if (options.dryRun()) {
            return new DeployResult(DeployResult.Outcome.PLANNED, report, plan, events, null);
        }
        List<Change> writes = plan.writes();
        boolean switchFlag = options.enableEgressPolicy() && Boolean.FALSE.equals(plan.egressPolicyEnabled());
        int total = writes.size() + (switchFlag ? 1 : 0);
        Deque<Change> done = new ArrayDeque<>();
        boolean flagSwitched = false;
        int index = 0;
        Change current = null;
        boolean flagStep = false;
        try {
            for (Change c : writes) {
                current = c;
                writer.apply(c);
                done.push(c);
                emit(events, listener, new DeployEvent(DeployEvent.Type.APPLIED, ++index, total, c.action(), c.key(),
                        c.action().name().toLowerCase() + "d " + c.key().describe()));
            }
            current = null;
            if (switchFlag) {
                flagStep = true;
                writer.setEgressPolicy(true);
                flagSwitched = true;
                emit(events, listener, new DeployEvent(DeployEvent.Type.MESH_CONFIG, ++index, total, Action.UPDATE,
                        null, "enableEgressPolicy switched on"));
            }
        } catch (RuntimeException e) {
            String step = current != null ? current.action().name().toLowerCase() + " " + current.key().describe()
                    + ": " : flagStep && !flagSwitched ? "switch enableEgressPolicy on: " : "";
            String failure = step + e.getMessage();
            logger.warn("deploy failed, rolling back: {}", failure, e);
            emitQuietly(events, listener, new DeployEvent(DeployEvent.Type.FAILED, index + 1, total,
                    current == null ? null : current.action(), current == null ? null : current.key(), failure));
            boolean complete = rollBack(done, flagSwitched, events, listener);
            DeployResult.Outcome outcome = complete ? DeployResult.Outcome.ROLLED_BACK
                    : DeployResult.Outcome.ROLLBACK_INCOMPLETE;
            emitQuietly(events, listener, new DeployEvent(DeployEvent.Type.DONE, 0, total, null, null,
                    outcome.name().toLowerCase()));
            return new DeployResult(outcome, report, plan, events, failure);
        }
        emitQuietly(events, listener, new DeployEvent(DeployEvent.Type.DONE, 0, total, null, null,
                "applied " + writes.size() + " change(s)"));
        return new DeployResult(DeployResult.Outcome.APPLIED, report, plan, events, null);
    }

    private boolean rollBack(Deque<Change> done, boolean flagSwitched, List<DeployEvent> events,
                             DeployListener listener) {
        boolean complete = true;
        if (flagSwitched) {
            try {
                writer.setEgressPolicy(false);
                emitQuietly(events, listener, new DeployEvent(DeployEvent.Type.ROLLED_BACK, 0, 0, Action.UPDATE, null,
                        "enableEgressPolicy switched off again"));
            } catch (RuntimeException e) {
                complete = false;
                logger.error("rollback could not switch enableEgressPolicy off again: {}", e.getMessage());
            }
        }
        while (!done.isEmpty()) {
            Change c = done.pop();
            try {
                writer.undo(c);
                emitQuietly(events, listener, new DeployEvent(DeployEvent.Type.ROLLED_BACK, 0, 0, c.action(), c.key(),
                        "undid " + c.action().name().toLowerCase() + " of " + c.key().describe()));
            } catch (RuntimeException e) {
                complete = false;
                String message = "could not undo " + c.action().name().toLowerCase() + " of " + c.key().describe()
                        + ": " + e.getMessage();
                logger.error("rollback: {}", message);
                emitQuietly(events, listener, new DeployEvent(DeployEvent.Type.FAILED, 0, 0, c.action(), c.key(),
                        message));
            }
        }
        return complete;
    }

    private static void emit(List<DeployEvent> events, DeployListener listener, DeployEvent e) {
        events.add(e);
        listener.onEvent(e);
    }

    /** For events after a failure: a listener that throws must not stop the rollback. */
    private static void emitQuietly(List<DeployEvent> events, DeployListener listener, DeployEvent e) {
        try {
            emit(events, listener, e);
        } catch (RuntimeException ex) {
            logger.warn("deploy listener failed on {}: {}", e.type(), ex.getMessage());
        }
    }

    /** The workspace without EgressTest documents, which live next to manifests but are never deployed. */
    private static List<Manifest> deployable(List<Manifest> workspace) {
        return workspace.stream().filter(m -> !"EgressTest".equals(m.kind())).toList();
    }
}
