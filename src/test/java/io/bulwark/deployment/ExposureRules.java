package io.bulwark.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who can reach what: the Service publishes Bulwark's HTTP port only (Admin Center and the REST connector on
 * 9443 stay behind kubectl port-forward), the Ingress routes /api/webhooks only and terminates TLS, the
 * NetworkPolicies admit only the ingress controller and Prometheus to Bulwark and only Bulwark to PgBouncer and
 * let Bulwark out only to its database, DNS and HTTPS outside the cluster, and the ServiceMonitor scrapes
 * /metrics through that Service.
 */
final class ExposureRules {

    static final int HTTP = 9080;
    static final int ADMIN_HTTPS = 9443;
    static final String WEBHOOK_PATH = "/api/webhooks";
    static final int PGBOUNCER = 6432;
    /** PgBouncer, PostgreSQL (migrations), DNS, HTTPS (the alert webhook). */
    static final Set<Integer> BULWARK_EGRESS = Set.of(PGBOUNCER, 5432, 53, 443);
    /** Addresses the alert webhook's HTTPS must not reach: the private ranges and the cloud metadata service. */
    static final Set<String> INTERNAL = Set.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16");

    private static final Set<String> SERVICE_MONITOR_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> METADATA_FIELDS = Set.of("name", "namespace", "labels", "annotations");
    private static final Set<String> SERVICE_MONITOR_SPEC_FIELDS = Set.of("selector", "endpoints", "namespaceSelector", "jobLabel",
            "targetLabels", "podTargetLabels", "sampleLimit");
    private static final Set<String> ENDPOINT_FIELDS = Set.of("port", "path", "scheme", "interval", "scrapeTimeout", "honorLabels",
            "relabelings", "metricRelabelings");

    private ExposureRules() {
    }

    static List<String> servicesPublishOnlyHttp(KubernetesManifests manifests) {
        List<String> violations = new ArrayList<>();
        for (Service service : manifests.all(Service.class)) {
            boolean bulwark = manifests.selectedBy(service.getSpec().getSelector()).stream().anyMatch(ExposureRules::isBulwark);
            for (ServicePort port : service.getSpec().getPorts()) {
                String owner = "Service/" + service.getMetadata().getName() + " port " + port.getName();
                Set<Integer> targets = targets(manifests, service, port);
                if (targets.isEmpty()) {
                    violations.add(owner + ": targets no container port");
                }
                if (port.getPort() == ADMIN_HTTPS || targets.contains(ADMIN_HTTPS)) {
                    violations.add(owner + ": publishes 9443 (Admin Center, REST connector), which only kubectl port-forward may reach");
                }
                if (bulwark && !Set.of(HTTP).equals(targets)) {
                    violations.add(owner + ": targets " + targets + " of Bulwark's pods, where only " + HTTP + " may be published");
                }
            }
        }
        return violations;
    }

    static List<String> ingressRoutesOnlyWebhooksOverTls(KubernetesManifests manifests) {
        List<String> violations = new ArrayList<>();
        if (manifests.all(Ingress.class).isEmpty()) {
            violations.add("no Ingress");
        }
        for (Ingress ingress : manifests.all(Ingress.class)) {
            String owner = "Ingress/" + ingress.getMetadata().getName();
            if (ingress.getSpec().getDefaultBackend() != null) {
                violations.add(owner + ": a default backend routes every path");
            }
            List<IngressTLS> tls = ingress.getSpec().getTls();
            if (tls.isEmpty() || tls.stream().anyMatch(t -> t.getSecretName() == null
                    || !KubernetesManifests.DNS_SUBDOMAIN.matcher(t.getSecretName()).matches())) {
                violations.add(owner + ": TLS is not terminated with a named certificate Secret");
            }
            if (ingress.getSpec().getRules().isEmpty()) {
                violations.add(owner + ": no rules");
            }
            for (IngressRule rule : ingress.getSpec().getRules()) {
                List<HTTPIngressPath> paths = rule.getHttp() == null ? List.of() : rule.getHttp().getPaths();
                for (HTTPIngressPath path : paths) {
                    if (!WEBHOOK_PATH.equals(path.getPath()) || !"Prefix".equals(path.getPathType())) {
                        violations.add(owner + ": routes " + path.getPathType() + " " + path.getPath() + ", not only Prefix " + WEBHOOK_PATH);
                    }
                    violations.addAll(backendIsBulwarkHttp(manifests, owner, path.getBackend().getService()));
                }
            }
        }
        return violations;
    }

    static List<String> networkPoliciesFenceEveryPod(KubernetesManifests manifests) {
        List<String> violations = new ArrayList<>();
        for (Deployment deployment : manifests.all(Deployment.class)) {
            String owner = "Deployment/" + deployment.getMetadata().getName();
            List<NetworkPolicy> policies = manifests.all(NetworkPolicy.class).stream()
                    .filter(p -> KubernetesManifests.selects(p.getSpec().getPodSelector(), KubernetesManifests.podLabels(deployment)))
                    .toList();
            Set<String> types = new TreeSet<>();
            policies.forEach(p -> types.addAll(p.getSpec().getPolicyTypes()));
            if (!types.containsAll(Set.of("Ingress", "Egress"))) {
                violations.add(owner + ": no NetworkPolicy limits both its ingress and its egress");
            }
            for (NetworkPolicy policy : policies) {
                String where = "NetworkPolicy/" + policy.getMetadata().getName();
                for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                    if (rule.getFrom().isEmpty() || rule.getPorts().isEmpty()) {
                        violations.add(where + ": an ingress rule admits every source or every port");
                    }
                    if (isBulwark(deployment)) {
                        violations.addAll(onlyPort(deployment, where, rule.getPorts(), HTTP));
                        rule.getFrom().stream().filter(peer -> peer.getIpBlock() != null || emptySelector(peer.getNamespaceSelector()))
                                .forEach(peer -> violations.add(where + ": admits all namespaces or addresses to Bulwark"));
                    }
                    if (isPgBouncer(deployment)) {
                        violations.addAll(onlyPort(deployment, where, rule.getPorts(), PGBOUNCER));
                        rule.getFrom().stream().filter(peer -> !onlyBulwarkPods(manifests, peer))
                                .forEach(peer -> violations.add(where + ": admits to PgBouncer more than Bulwark's pods"));
                    }
                }
                for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
                    if (rule.getTo().isEmpty() || rule.getPorts().isEmpty()) {
                        violations.add(where + ": an egress rule lets out to every destination or every port");
                    }
                    if (isBulwark(deployment)) {
                        violations.addAll(bulwarkEgress(where, rule));
                    }
                }
            }
        }
        return violations;
    }

    static List<String> serviceMonitorScrapesMetrics(KubernetesManifests manifests) {
        List<String> violations = new ArrayList<>();
        if (manifests.serviceMonitors().isEmpty()) {
            violations.add("no ServiceMonitor");
        }
        for (JsonNode monitor : manifests.serviceMonitors()) {
            String owner = "ServiceMonitor/" + monitor.path("metadata").path("name").asText();
            violations.addAll(unknown(owner, "", monitor, SERVICE_MONITOR_FIELDS));
            violations.addAll(unknown(owner, "metadata", monitor.path("metadata"), METADATA_FIELDS));
            JsonNode spec = monitor.path("spec");
            violations.addAll(unknown(owner, "spec", spec, SERVICE_MONITOR_SPEC_FIELDS));
            violations.addAll(unknown(owner, "spec.selector", spec.path("selector"), Set.of("matchLabels")));
            Map<String, String> selector = new TreeMap<>();
            spec.path("selector").path("matchLabels").fields().forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
            List<Service> services = manifests.all(Service.class).stream()
                    .filter(s -> KubernetesManifests.selects(selector, s.getMetadata().getLabels()))
                    .toList();
            if (services.size() != 1 || !manifests.selectedBy(services.get(0).getSpec().getSelector()).stream().allMatch(ExposureRules::isBulwark)) {
                violations.add(owner + ": spec.selector.matchLabels " + selector + " select " + services.size() + " Services, not Bulwark's one");
                continue;
            }
            Service service = services.get(0);
            if (!spec.path("endpoints").isArray() || spec.path("endpoints").isEmpty()) {
                violations.add(owner + ": no endpoints");
            }
            for (JsonNode endpoint : spec.path("endpoints")) {
                violations.addAll(unknown(owner, "spec.endpoints[]", endpoint, ENDPOINT_FIELDS));
                Optional<ServicePort> port = service.getSpec().getPorts().stream()
                        .filter(p -> endpoint.path("port").asText().equals(p.getName())).findFirst();
                if (port.isEmpty() || !Set.of(HTTP).equals(targets(manifests, service, port.get()))) {
                    violations.add(owner + ": endpoint port " + endpoint.path("port") + " is not the Service's HTTP port by name");
                }
                if (!"/metrics".equals(endpoint.path("path").asText())) {
                    violations.add(owner + ": endpoint path " + endpoint.path("path") + " is not /metrics");
                }
                for (String duration : List.of("interval", "scrapeTimeout")) {
                    if (endpoint.has(duration) && !endpoint.path(duration).asText().matches("[0-9]+(ms|s|m|h)")) {
                        violations.add(owner + ": endpoint " + duration + " " + endpoint.path(duration) + " is not a Prometheus duration");
                    }
                }
                if (!"http".equals(endpoint.path("scheme").asText("http"))) {
                    violations.add(owner + ": endpoint scheme " + endpoint.path("scheme") + " is not http");
                }
            }
        }
        return violations;
    }

    private static List<String> backendIsBulwarkHttp(KubernetesManifests manifests, String owner, IngressServiceBackend backend) {
        Optional<Service> service = backend == null ? Optional.empty() : manifests.named(Service.class, backend.getName());
        if (service.isEmpty()) {
            return List.of(owner + ": backend is no Service of these manifests");
        }
        Optional<ServicePort> port = service.get().getSpec().getPorts().stream()
                .filter(p -> backend.getPort() != null && (p.getName() != null && p.getName().equals(backend.getPort().getName())
                        || p.getPort().equals(backend.getPort().getNumber())))
                .findFirst();
        if (port.isEmpty() || !Set.of(HTTP).equals(targets(manifests, service.get(), port.get()))
                || !manifests.selectedBy(service.get().getSpec().getSelector()).stream().allMatch(ExposureRules::isBulwark)) {
            return List.of(owner + ": backend is not Bulwark's HTTP port");
        }
        return List.of();
    }

    private static List<String> bulwarkEgress(String where, NetworkPolicyEgressRule rule) {
        List<String> violations = new ArrayList<>();
        for (NetworkPolicyPort port : rule.getPorts()) {
            Integer number = port.getPort() == null ? null : port.getPort().getIntVal();
            if (number == null || port.getEndPort() != null || !BULWARK_EGRESS.contains(number)) {
                violations.add(where + ": lets Bulwark out to port " + (port.getPort() == null ? "any" : port.getPort().getValue())
                        + ", not only " + new TreeSet<>(BULWARK_EGRESS));
            } else if (number == 443) {
                for (NetworkPolicyPeer peer : rule.getTo()) {
                    IPBlock block = peer.getIpBlock();
                    if (block == null || !block.getExcept().containsAll(INTERNAL)) {
                        violations.add(where + ": HTTPS egress reaches addresses inside the cluster's private ranges or the metadata service");
                    }
                }
            }
        }
        return violations;
    }

    private static List<String> onlyPort(Deployment deployment, String where, List<NetworkPolicyPort> ports, int allowed) {
        List<String> violations = new ArrayList<>();
        for (NetworkPolicyPort port : ports) {
            if (port.getPort() == null || port.getEndPort() != null || resolve(deployment, port.getPort()) != allowed) {
                violations.add(where + ": admits port " + (port.getPort() == null ? "any" : port.getPort().getValue())
                        + " of " + deployment.getMetadata().getName() + ", not only " + allowed);
            }
        }
        return violations;
    }

    private static boolean onlyBulwarkPods(KubernetesManifests manifests, NetworkPolicyPeer peer) {
        return peer.getIpBlock() == null && peer.getNamespaceSelector() == null && peer.getPodSelector() != null
                && !manifests.selectedBy(peer.getPodSelector()).isEmpty()
                && manifests.selectedBy(peer.getPodSelector()).stream().allMatch(ExposureRules::isBulwark);
    }

    private static boolean emptySelector(LabelSelector selector) {
        return selector != null && selector.getMatchLabels().isEmpty() && selector.getMatchExpressions().isEmpty();
    }

    private static Set<Integer> targets(KubernetesManifests manifests, Service service, ServicePort port) {
        IntOrString target = port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
        Set<Integer> targets = new TreeSet<>();
        for (Deployment deployment : manifests.selectedBy(service.getSpec().getSelector())) {
            int resolved = resolve(deployment, target);
            if (resolved > 0) {
                targets.add(resolved);
            }
        }
        return targets;
    }

    private static int resolve(Deployment deployment, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts().stream())
                .filter(p -> port.getStrVal().equals(p.getName()))
                .mapToInt(p -> p.getContainerPort())
                .findFirst()
                .orElse(-1);
    }

    private static List<String> unknown(String owner, String path, JsonNode node, Set<String> known) {
        List<String> violations = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                violations.add(owner + ": unknown field " + (path.isEmpty() ? name : path + "." + name));
            }
        }
        return violations;
    }

    private static boolean isBulwark(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream().anyMatch(WorkloadRules::isBulwark);
    }

    private static boolean isPgBouncer(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .map(Container::getImage)
                .anyMatch(image -> image != null && image.substring(image.lastIndexOf('/') + 1).startsWith("pgbouncer"));
    }
}
