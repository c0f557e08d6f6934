package egress.cluster.deploy;

import egress.cluster.kube.EmbeddedCluster;
import egress.cluster.kube.ServedResource;
import egress.cluster.kube.ServedResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one change to the cluster, and undoes it. Creates and updates use server-side apply with the field
 * manager {@value #FIELD_MANAGER} (forcing conflicts: the workspace is the source of truth for the fields it
 * sets). A server that cannot create by server-side apply (the bare fabric8 mock answers 404, an old one 415)
 * is written with create and replace from then on; the embedded cluster emulates server-side apply, so it
 * is used there.
 */
final class ClusterWriter {
    static final String FIELD_MANAGER = "egress-designer";
    private static final Logger logger = LoggerFactory.getLogger(ClusterWriter.class);
    private static final List<String> SERVER_SET = List.of(
            "uid",
            "resourceVersion",
            "creationTimestamp",
            "managedFields",
            "generation",
            "deletionTimestamp",
            "selfLink");

    private final KubernetesClient client;
    private volatile boolean serverSideApply = true;

    ClusterWriter(KubernetesClient client) {
        this.client = client;
    }

    void apply(Change c) {
        switch (c.action()) {
            case CREATE, UPDATE -> write(c);
            case DELETE -> resource(c.key(), null).delete();
            case UNCHANGED -> {}
            default -> throw new IllegalStateException(c.action().toString());
        }
    }

    /** Undoes an applied change: removes what was created, restores the previous version of the rest. */
    void undo(Change c) {
        switch (c.action()) {
            case CREATE -> resource(c.key(), null).delete();
            case UPDATE -> {
                GenericKubernetesResource now = resource(c.key(), null).get();
                Map<String, Object> previous = withoutServerFields(c.live());
                if (now == null) {
                    resource(c.key(), previous).create();
                } else {
                    metadata(previous).put("resourceVersion", now.getMetadata().getResourceVersion());
                    resource(c.key(), previous).update();
                }
            }
            case DELETE -> resource(c.key(), withoutServerFields(c.live())).create();
            case UNCHANGED -> {}
            default -> throw new IllegalStateException(c.action().toString());
        }
    }

    /**
     * Asks the cluster whether it would accept a change, writing nothing ({@code dryRun=All}): its admission
     * (schema, webhooks) speaks before anything is applied. A server found unable to do server-side apply is not
     * asked: the bare fabric8 mock ignores {@code dryRun} and would write.
     *
     * @return false when the cluster cannot be asked (see above); throws when it refuses the change
     */
    boolean dryRun(Change c) {
        if (!serverSideApply) {
            return false;
        }
        try {
            switch (c.action()) {
                case CREATE, UPDATE ->
                    resource(c.key(), c.desired())
                            .dryRun()
                            .fieldManager(FIELD_MANAGER)
                            .forceConflicts()
                            .serverSideApply();
                case DELETE -> resource(c.key(), null).dryRun().delete();
                default -> {}
            }
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 415 || (e.getCode() == 404 && c.action() == Action.CREATE)) {
                logger.warn("the server cannot do server-side apply ({}); no dry run, create and replace", e.getCode());
                serverSideApply = false;
                return false;
            }
            throw e;
        }
    }

    /**
     * Undoes a change that may or may not have been applied (recovering from a journal): deletes a created object
     * if it is there, puts back the previous version of an updated one, creates a deleted one if it is missing.
     */
    void undoIfApplied(Change c) {
        switch (c.action()) {
            case CREATE -> resource(c.key(), null).delete();
            case UPDATE -> undo(c);
            case DELETE -> {
                if (resource(c.key(), null).get() == null) {
                    undo(c);
                }
            }
            default -> {}
        }
    }

    /** Applies a change again (finishing a journal): apply is idempotent, and a delete of a missing object is none. */
    void redo(Change c) {
        if (c.action() == Action.DELETE) {
            resource(c.key(), null).delete();
        } else {
            apply(c);
        }
    }

    /** Sets the MeshConfig's enableEgressPolicy with a JSON merge patch, as the guide's kubectl patch does. */
    void setEgressPolicy(boolean on) {
        client.genericKubernetesResources(ServedResources.MESH_CONFIG.context())
                .inNamespace(EmbeddedCluster.OSM_NAMESPACE)
                .withName(EmbeddedCluster.MESH_CONFIG_NAME)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"featureFlags\":{\"enableEgressPolicy\":" + on + "}}}");
    }

    private void write(Change c) {
        if (serverSideApply) {
            try {
                resource(c.key(), c.desired())
                        .fieldManager(FIELD_MANAGER)
                        .forceConflicts()
                        .serverSideApply();
                return;
            } catch (KubernetesClientException e) {
                boolean unsupported = e.getCode() == 415 || (e.getCode() == 404 && c.action() == Action.CREATE);
                if (!unsupported) {
                    throw e;
                }
                logger.warn("the server cannot do server-side apply ({}); using create and replace", e.getCode());
                serverSideApply = false;
            }
        }
        if (c.action() == Action.CREATE) {
            resource(c.key(), c.desired()).create();
        } else {
            Map<String, Object> desired = new LinkedHashMap<>(c.desired());
            Map<String, Object> metadata = new LinkedHashMap<>(metadata(c.live()));
            metadata.putAll(metadata(c.desired()));
            metadata.remove("managedFields");
            desired.put("metadata", metadata);
            resource(c.key(), desired).update();
        }
    }

    private Resource<GenericKubernetesResource> resource(ObjectKey key, Map<String, Object> object) {
        ServedResource kind = DeployedKinds.isNamespace(key.apiVersion(), key.kind())
                ? ServedResources.NAMESPACE
                : DeployedKinds.managed(key.apiVersion(), key.kind());
        NonNamespaceOperation<
                        GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                op = kind.namespaced()
                        ? client.genericKubernetesResources(kind.context()).inNamespace(key.namespace())
                        : client.genericKubernetesResources(kind.context());
        if (object == null) {
            return op.withName(key.name());
        }
        return op.resource(client.getKubernetesSerialization().convertValue(object, GenericKubernetesResource.class));
    }

    private static Map<String, Object> withoutServerFields(Map<String, Object> live) {
        Map<String, Object> copy = new LinkedHashMap<>(live);
        Map<String, Object> metadata = new LinkedHashMap<>(metadata(live));
        SERVER_SET.forEach(metadata::remove);
        copy.put("metadata", metadata);
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<String, Object> object) {
        Object m = object.get("metadata");
        return m instanceof Map<?, ?> ? (Map<String, Object>) m : new LinkedHashMap<>();
    }
}
