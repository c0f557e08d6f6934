package egress.policy.validate;

import egress.policy.i18n.Message;
import egress.policy.model.Egress;
import egress.policy.model.ObjectRef;
import egress.policy.model.UpstreamTrafficSetting;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Lints about what an Egress refers to: its matches, its namespace and its sources. */
final class ReferenceLints {
    private ReferenceLints() {}

    static void lint(LintContext cx, Egress e) {
        matches(cx, e);
        namespace(cx, e);
        sources(cx, e);
    }

    private static void matches(LintContext cx, Egress e) {
        Set<ObjectRef> groups = cx.set().routeGroupsByRef().keySet();
        Set<ObjectRef> settings = cx.set().upstreamTrafficSettings().stream()
                .map(UpstreamTrafficSetting::ref)
                .collect(Collectors.toSet());
        String ns = e.ref().namespace();
        for (Egress.Match m : e.matches()) {
            ObjectRef target = new ObjectRef(ns, m.name());
            String path = cx.elementPath(
                    Egress.KIND,
                    e.ref(),
                    "spec.matches",
                    o -> o instanceof Map<?, ?> x
                            && Objects.equals(x.get("name"), m.name())
                            && Objects.equals(x.get("kind"), m.kind())
                            && Objects.equals(x.get("apiGroup"), m.apiGroup()));
            if (m.isRouteGroup() && !groups.contains(target)) {
                cx.warn(Egress.KIND, e.ref(), path, Message.of(Codes.ROUTE_GROUP_MISSING, target, ns));
            }
            if (m.isUpstreamTrafficSetting() && !settings.contains(target)) {
                cx.warn(Egress.KIND, e.ref(), path, Message.of(Codes.UPSTREAM_SETTING_MISSING, target, ns));
            }
        }
    }

    private static void namespace(LintContext cx, Egress e) {
        String ns = e.ref().namespace();
        Message why = cx.scope().whyNotMonitoredMessage(ns);
        if (why != null) {
            cx.warn(Egress.KIND, e.ref(), "metadata.namespace", Message.of(Codes.NAMESPACE_NOT_MONITORED, ns, why));
        }
    }

    private static void sources(LintContext cx, Egress e) {
        if (cx.set().serviceAccounts().isEmpty()) {
            return; // the set says nothing about which accounts exist
        }
        Set<ObjectRef> accounts = Set.copyOf(cx.set().serviceAccounts());
        for (Egress.Source s : e.sources()) {
            ObjectRef sa = new ObjectRef(s.namespace(), s.name());
            if ("ServiceAccount".equals(s.kind()) && !accounts.contains(sa)) {
                String path = cx.elementPath(
                        Egress.KIND,
                        e.ref(),
                        "spec.sources",
                        o -> o instanceof Map<?, ?> x
                                && Objects.equals(x.get("name"), s.name())
                                && Objects.equals(x.get("namespace"), s.namespace()));
                cx.warn(Egress.KIND, e.ref(), path, Message.of(Codes.SERVICE_ACCOUNT_UNKNOWN, sa));
            }
        }
    }
}
