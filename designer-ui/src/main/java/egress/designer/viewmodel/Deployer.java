package egress.designer.viewmodel;

import egress.policy.yaml.Manifest;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Deploys a workspace to a cluster. The designer only talks to this interface; the implementation is the server
 * module's DeployService (an embedded cluster or a kubeconfig context), wired in by the application.
 */
public interface Deployer {
    /** The clusters one can deploy to: "embedded" and the contexts of the kubeconfig. */
    List<String> targets();

    /** What applying would create, change or delete on the target, without changing anything. */
    Plan plan(String target, List<Manifest> manifests);

    /** Applies a plan, reporting each step as it happens. */
    CompletionStage<Result> apply(Plan plan, Consumer<Progress> progress);

    /** One line per object: {@code create Egress curl/httpbin-80}. */
    record Plan(String target, List<String> changes, List<Manifest> manifests) {
        public Plan {
            changes = List.copyOf(changes);
            manifests = List.copyOf(manifests);
        }
    }

    record Progress(int done, int total, String step) {
    }

    record Result(boolean ok, List<String> messages) {
        public Result {
            messages = List.copyOf(messages);
        }
    }
}
