package io.bulwark.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.deployment.KubernetesManifests.Document;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every manifest in docker/k8s read into the Kubernetes object model and held to issue 17's deployment rules:
 * no unknown field or kind, the restricted Pod Security Standard, pinned images, replicas left to the
 * autoscaler, disruption budgets, secrets only from Secrets, writable emptyDirs where Liberty writes, the HTTP port
 * alone published, an Ingress for /api/webhooks only with TLS, NetworkPolicies, and a ServiceMonitor on /metrics.
 * Each rule is shown to pass on the manifests and to catch the regression it guards against, made by changing
 * one field of the real manifests.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper TREES = new ObjectMapper();

    @Test
    void everyManifestIsAKnownKubernetesObjectWithNoUnknownField() throws IOException {
        KubernetesManifests manifests = KubernetesManifests.read();

        assertEquals(2, manifests.all(Deployment.class).size());
        assertEquals(2, manifests.all(Service.class).size());
        assertEquals(1, manifests.all(ConfigMap.class).size());
        assertEquals(2, manifests.all(Secret.class).size());
        assertEquals(2, manifests.all(PodDisruptionBudget.class).size());
        assertEquals(1, manifests.all(HorizontalPodAutoscaler.class).size());
        assertEquals(2, manifests.all(NetworkPolicy.class).size());
        assertEquals(1, manifests.all(Ingress.class).size());
        assertEquals(1, manifests.serviceMonitors().size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Deployment/bulwark | /spec/template/spec/containers/0/securityContext/runAsNonRot | true | unknown field .spec.template.spec.containers[0].securityContext.runAsNonRot",
        "Deployment/pgbouncer | /metadata/label | {app: pgbouncer} | unknown field .metadata.label",
        "HorizontalPodAutoscaler/bulwark | /spec/replicas | 3 | unknown field .spec.replicas",
        "Ingress/bulwark | /spec/rules/0/http/paths/0/methods | [POST] | unknown field .spec.rules[0].http.paths[0].methods",
        "NetworkPolicy/bulwark | /spec/ingress/0/ports/0/portNumber | 9080 | unknown field .spec.ingress[0].ports[0].portNumber",
        "Service/bulwark | /spec/ports/0/port | \"9080\" | Service/bulwark: Cannot coerce String value (\"9080\")",
        "HorizontalPodAutoscaler/bulwark | /spec/minReplicas | three | HorizontalPodAutoscaler/bulwark: Cannot coerce String value (\"three\") to `java.lang.Integer`",
        "Deployment/bulwark | /spec/template/spec/containers/0/ports/0/containerPort | http | at .spec.template.spec.containers[0].ports[0].containerPort",
        "Ingress/bulwark | /apiVersion | networking.k8s.io/v1beta1 | is not a kind this deployment uses",
        "ServiceMonitor/bulwark | /apiVersion | monitoring.coreos.com/v1alpha1 | is not a kind this deployment uses",
        "Deployment/bulwark | /metadata/name | \"\" | no metadata.name",
        "Secret/bulwark-webhook-sources | /metadata/name | <your-sources-secret> | metadata.name is not a DNS subdomain name",
    })
    void anObjectTheApiServerWouldRefuseIsRefused(String object, String pointer, String value, String expected) throws IOException {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> KubernetesManifests.of(changed(object, pointer, value)));

        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }

    @Test
    void everyPodMeetsTheRestrictedPodSecurityStandard() throws IOException {
        KubernetesManifests manifests = KubernetesManifests.read();

        assertEquals(List.of(), podSecurity(manifests));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Deployment/bulwark | /spec/template/spec/securityContext/runAsNonRoot | | runAsNonRoot must be true",
        "Deployment/bulwark | /spec/template/spec/containers/0/securityContext/runAsNonRoot | false | runAsNonRoot must be true",
        "Deployment/bulwark | /spec/template/spec/securityContext/runAsUser | 0 | pod runs as user 0",
        "Deployment/pgbouncer | /spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation | true | allowPrivilegeEscalation must be false",
        "Deployment/pgbouncer | /spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation | | allowPrivilegeEscalation must be false",
        "Deployment/bulwark | /spec/template/spec/containers/0/securityContext/capabilities/drop | [NET_RAW] | capabilities must drop ALL",
        "Deployment/bulwark | /spec/template/spec/containers/0/securityContext/capabilities/add | [SYS_ADMIN] | adds capability SYS_ADMIN",
        "Deployment/pgbouncer | /spec/template/spec/securityContext/seccompProfile/type | Unconfined | seccompProfile must be RuntimeDefault",
        "Deployment/bulwark | /spec/template/spec/securityContext/seccompProfile | | seccompProfile must be RuntimeDefault",
        "Deployment/bulwark | /spec/template/spec/hostNetwork | true | shares a host namespace",
        "Deployment/pgbouncer | /spec/template/spec/hostPID | true | shares a host namespace",
        "Deployment/bulwark | /spec/template/spec/volumes/1 | {name: logs, hostPath: {path: /var/log}} | is of type hostPath",
        "Deployment/bulwark | /spec/template/spec/containers/0/securityContext/privileged | true | privileged",
        "Deployment/pgbouncer | /spec/template/spec/containers/0/ports/0/hostPort | 6432 | hostPort 6432",
        "Deployment/bulwark | /spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem | false | readOnlyRootFilesystem must be true",
        "Deployment/pgbouncer | /spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem | | readOnlyRootFilesystem must be true",
        "Deployment/bulwark | /spec/template/spec/initContainers/0/securityContext/allowPrivilegeEscalation | true | container seed-writable-dirs: allowPrivilegeEscalation must be false",
    })
    void aPodBreakingTheRestrictedStandardIsCaught(String object, String pointer, String value, String expected) throws IOException {
        assertCaught(expected, podSecurity(KubernetesManifests.of(changed(object, pointer, value))));
    }

    @Test
    void podsRunAsTheirImagesNumericUser() throws IOException {
        assertEquals(List.of(), WorkloadRules.podsRunAsTheirImagesNumericUser(KubernetesManifests.read()));

        assertCaught("container pgbouncer runs as user null, not its image's 70", WorkloadRules.podsRunAsTheirImagesNumericUser(
                KubernetesManifests.of(changed("Deployment/pgbouncer", "/spec/template/spec/securityContext/runAsUser", null))));
        assertCaught("container bulwark runs as user 2000, not its image's 1001", WorkloadRules.podsRunAsTheirImagesNumericUser(
                KubernetesManifests.of(changed("Deployment/bulwark", "/spec/template/spec/containers/0/securityContext/runAsUser", "2000"))));
    }

    @Test
    void imagesArePinnedAndBulwarksIsTheProjectVersion() throws Exception {
        assertEquals(List.of(), WorkloadRules.imagesArePinned(KubernetesManifests.read(), projectVersion()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Deployment/bulwark | bulwark:latest | is not pinned to a tag other than latest",
        "Deployment/bulwark | registry.example.com:5000/team/bulwark | is not pinned",
        "Deployment/pgbouncer | edoburu/pgbouncer | is not pinned",
        "Deployment/pgbouncer | edoburu/pgbouncer:latest | is not pinned",
        "Deployment/bulwark | bulwark:0.0.1 | is not the project's version",
    })
    void anUnpinnedImageIsCaught(String object, String image, String expected) throws Exception {
        KubernetesManifests manifests = KubernetesManifests.of(changed(object, "/spec/template/spec/containers/0/image", image));

        assertCaught(expected, WorkloadRules.imagesArePinned(manifests, projectVersion()));
    }

    @Test
    void anUnpinnedInitContainerImageIsCaught() throws Exception {
        KubernetesManifests manifests = KubernetesManifests.of(changed("Deployment/bulwark", "/spec/template/spec/initContainers/0/image", "bulwark"));

        assertCaught("container seed-writable-dirs: image bulwark is not pinned", WorkloadRules.imagesArePinned(manifests, projectVersion()));
    }

    @Test
    void theAutoscalerAloneSetsBulwarksReplicas() throws IOException {
        assertEquals(List.of(), WorkloadRules.autoscaledReplicasAreLeftToTheAutoscaler(KubernetesManifests.read()));

        assertCaught("Deployment/bulwark sets replicas", WorkloadRules.autoscaledReplicasAreLeftToTheAutoscaler(
                KubernetesManifests.of(changed("Deployment/bulwark", "/spec/replicas", "3"))));
        assertCaught("scales no Deployment", WorkloadRules.autoscaledReplicasAreLeftToTheAutoscaler(
                KubernetesManifests.of(changed("HorizontalPodAutoscaler/bulwark", "/spec/scaleTargetRef/name", "bulwark-old"))));
    }

    @Test
    void bulwarkAndPgBouncerEachHaveADisruptionBudgetThatLetsANodeDrain() throws IOException {
        assertEquals(List.of(), WorkloadRules.everyDeploymentHasADisruptionBudgetThatLetsANodeDrain(KubernetesManifests.read()));

        assertCaught("Deployment/pgbouncer has 0 PodDisruptionBudgets", WorkloadRules.everyDeploymentHasADisruptionBudgetThatLetsANodeDrain(
                KubernetesManifests.of(without("PodDisruptionBudget/pgbouncer"))));
        assertCaught("below the 3 replicas", WorkloadRules.everyDeploymentHasADisruptionBudgetThatLetsANodeDrain(
                KubernetesManifests.of(changed("PodDisruptionBudget/bulwark", "/spec/minAvailable", "3"))));
        assertCaught("below the 2 replicas", WorkloadRules.everyDeploymentHasADisruptionBudgetThatLetsANodeDrain(
                KubernetesManifests.of(changed("PodDisruptionBudget/pgbouncer", "/spec/minAvailable", "100%"))));
    }

    @Test
    void secretsComeOnlyFromSecrets() throws IOException {
        assertEquals(List.of(), WorkloadRules.secretsComeOnlyFromSecrets(KubernetesManifests.read()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Deployment/bulwark | /spec/template/spec/containers/0/env/4 | {name: ADMIN_PASSWORD, value: hunter2} | ADMIN_PASSWORD is not taken from a Secret",
        "Deployment/bulwark | /spec/template/spec/containers/0/env/- | {name: API_TOKEN, value: t0ken} | API_TOKEN is not taken from a Secret",
        "Deployment/bulwark | /spec/template/spec/containers/0/env/5 | {name: READER_USER, value: reader} | READER_USER is not taken from a Secret",
        "Deployment/bulwark | /spec/template/spec/containers/0/env/7 | | LIBERTY_ADMIN_USER is not set from a Secret",
        "Deployment/bulwark | /spec/template/spec/containers/0/env/2/valueFrom | {configMapKeyRef: {name: bulwark, key: LTPA_KEYS_PASSWORD}} | LTPA_KEYS_PASSWORD is not taken from a Secret",
        "ConfigMap/bulwark | /data/DB_PASSWORD | s3cret | holds DB_PASSWORD",
        "Secret/bulwark | /data | {DB_PASSWORD: czNjcmV0} | carries values in data",
        "Secret/bulwark | /stringData/LTPA_KEYS_PASSWORD | | key LTPA_KEYS_PASSWORD of Secret bulwark is missing from its template",
        "Secret/bulwark-webhook-sources | /metadata/name | bulwark-sources | Secret bulwark-webhook-sources has no template",
    })
    void aSecretOutsideASecretIsCaught(String object, String pointer, String value, String expected) throws IOException {
        assertCaught(expected, WorkloadRules.secretsComeOnlyFromSecrets(KubernetesManifests.of(changed(object, pointer, value))));
    }

    @Test
    void everyContainerHasResourcesAndProbes() throws IOException {
        assertEquals(List.of(), WorkloadRules.everyContainerHasResourcesAndProbes(KubernetesManifests.read()));

        assertCaught("needs a readiness and a liveness probe", WorkloadRules.everyContainerHasResourcesAndProbes(
                KubernetesManifests.of(changed("Deployment/pgbouncer", "/spec/template/spec/containers/0/livenessProbe", null))));
        assertCaught("needs cpu and memory requests and a memory limit", WorkloadRules.everyContainerHasResourcesAndProbes(
                KubernetesManifests.of(changed("Deployment/pgbouncer", "/spec/template/spec/containers/0/resources/limits", null))));
    }

    @Test
    void libertyWritesOnlyToEmptyDirs() throws IOException {
        assertEquals(List.of(), WorkloadRules.libertyWritesOnlyToEmptyDirs(KubernetesManifests.read()));

        assertCaught("Liberty writes to /logs", WorkloadRules.libertyWritesOnlyToEmptyDirs(
                KubernetesManifests.of(changed("Deployment/bulwark", "/spec/template/spec/containers/0/volumeMounts/1", null))));
        assertCaught("Liberty writes to /tmp", WorkloadRules.libertyWritesOnlyToEmptyDirs(
                KubernetesManifests.of(changed("Deployment/bulwark", "/spec/template/spec/containers/0/volumeMounts/2/readOnly", "true"))));
        assertCaught("Liberty writes to /config/apps/expanded", WorkloadRules.libertyWritesOnlyToEmptyDirs(
                KubernetesManifests.of(changed("Deployment/bulwark", "/spec/template/spec/containers/0/volumeMounts/4", null))));
        assertCaught("Liberty writes to /opt/ol/wlp/output", WorkloadRules.libertyWritesOnlyToEmptyDirs(
                KubernetesManifests.of(changed("Deployment/bulwark", "/spec/template/spec/volumes/0", "{name: output, configMap: {name: bulwark}}"))));
        assertCaught("copies the image's /opt/ol/wlp/output into volume output", WorkloadRules.libertyWritesOnlyToEmptyDirs(
                KubernetesManifests.of(changed("Deployment/bulwark", "/spec/template/spec/initContainers", null))));
        assertCaught("copies the image's /config/configDropins/defaults into volume config-defaults", WorkloadRules.libertyWritesOnlyToEmptyDirs(
                KubernetesManifests.of(changed("Deployment/bulwark", "/spec/template/spec/initContainers/0/volumeMounts/1", null))));
    }

    @Test
    void theServicesPublishBulwarksHttpPortOnly() throws IOException {
        assertEquals(List.of(), ExposureRules.servicesPublishOnlyHttp(KubernetesManifests.read()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/spec/ports/- | {name: https, port: 443, targetPort: admin-https} | publishes 9443",
        "/spec/ports/- | {name: admin, port: 9443} | publishes 9443",
        "/spec/ports/0/targetPort | 9443 | publishes 9443",
        "/spec/ports/0/targetPort | web | targets no container port",
    })
    void aServicePublishingAdminCenterIsCaught(String pointer, String value, String expected) throws IOException {
        assertCaught(expected, ExposureRules.servicesPublishOnlyHttp(KubernetesManifests.of(changed("Service/bulwark", pointer, value))));
    }

    @Test
    void theIngressRoutesOnlyWebhooksAndTerminatesTls() throws IOException {
        assertEquals(List.of(), ExposureRules.ingressRoutesOnlyWebhooksOverTls(KubernetesManifests.read()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/spec/rules/0/http/paths/0/path | / | routes Prefix /, not only Prefix /api/webhooks",
        "/spec/rules/0/http/paths/0/path | /api | routes Prefix /api,",
        "/spec/rules/0/http/paths/0/pathType | ImplementationSpecific | routes ImplementationSpecific /api/webhooks",
        "/spec/rules/0/http/paths/- | {path: /metrics, pathType: Prefix, backend: {service: {name: bulwark, port: {name: http}}}} | routes Prefix /metrics",
        "/spec/defaultBackend | {service: {name: bulwark, port: {name: http}}} | a default backend routes every path",
        "/spec/tls | | TLS is not terminated",
        "/spec/tls/0/secretName | | TLS is not terminated",
        "/spec/tls/0/secretName | REPLACE_WITH_TLS_SECRET | TLS is not terminated",
        "/spec/rules/0/http/paths/0/backend/service/port | {number: 9443} | backend is not Bulwark's HTTP port",
        "/spec/rules/0/http/paths/0/backend/service/name | pgbouncer | backend is not Bulwark's HTTP port",
    })
    void anIngressExposingMoreThanWebhooksIsCaught(String pointer, String value, String expected) throws IOException {
        assertCaught(expected, ExposureRules.ingressRoutesOnlyWebhooksOverTls(KubernetesManifests.of(changed("Ingress/bulwark", pointer, value))));
    }

    @Test
    void networkPoliciesFenceBulwarkAndPgBouncer() throws IOException {
        assertEquals(List.of(), ExposureRules.networkPoliciesFenceEveryPod(KubernetesManifests.read()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "NetworkPolicy/bulwark | /spec/ingress/0/ports/- | {port: 9443} | admits port 9443 of bulwark",
        "NetworkPolicy/bulwark | /spec/ingress/0/ports | | admits every source or every port",
        "NetworkPolicy/bulwark | /spec/ingress/0/from | | admits every source or every port",
        "NetworkPolicy/bulwark | /spec/ingress/0/from/- | {namespaceSelector: {}} | admits all namespaces or addresses to Bulwark",
        "NetworkPolicy/bulwark | /spec/ingress/0/from/- | {ipBlock: {cidr: 0.0.0.0/0}} | admits all namespaces or addresses to Bulwark",
        "NetworkPolicy/bulwark | /spec/egress/- | {to: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: 22}]} | lets Bulwark out to port 22",
        "NetworkPolicy/bulwark | /spec/egress/- | {ports: [{port: 443}]} | lets out to every destination",
        "NetworkPolicy/bulwark | /spec/egress/3/to/0/ipBlock/except | [10.0.0.0/8] | HTTPS egress reaches addresses inside",
        "NetworkPolicy/bulwark | /spec/policyTypes | [Ingress] | Deployment/bulwark: no NetworkPolicy limits both",
        "NetworkPolicy/pgbouncer | /spec/ingress/0/from/0/podSelector/matchLabels/app | prometheus | admits to PgBouncer more than Bulwark's pods",
        "NetworkPolicy/pgbouncer | /spec/ingress/0/from/0/namespaceSelector | {matchLabels: {team: payments}} | admits to PgBouncer more than Bulwark's pods",
        "NetworkPolicy/pgbouncer | /spec/ingress/0/ports/0/port | 5432 | admits port 5432 of pgbouncer",
        "NetworkPolicy/pgbouncer | /spec/podSelector/matchLabels/app | pgbouncer-old | Deployment/pgbouncer: no NetworkPolicy limits both",
    })
    void aNetworkPolicyLetThroughMoreIsCaught(String object, String pointer, String value, String expected) throws IOException {
        assertCaught(expected, ExposureRules.networkPoliciesFenceEveryPod(KubernetesManifests.of(changed(object, pointer, value))));
    }

    @Test
    void theServiceMonitorScrapesMetricsThroughBulwarksService() throws IOException {
        assertEquals(List.of(), ExposureRules.serviceMonitorScrapesMetrics(KubernetesManifests.read()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/spec/endpoints/0/path | /health | is not /metrics",
        "/spec/endpoints/0/path | | is not /metrics",
        "/spec/endpoints/0/port | https | is not the Service's HTTP port",
        "/spec/endpoints/0/port | 9080 | is not the Service's HTTP port",
        "/spec/endpoints/0/scheme | https | is not http",
        "/spec/endpoints/0/interval | 15 | is not a Prometheus duration",
        "/spec/endpoints/0/metricsPath | /metrics | unknown field spec.endpoints[].metricsPath",
        "/spec/selector/matchLabels/app | bulwark-metrics | select 0 Services",
        "/spec/selector/matchLabels/app | pgbouncer | not Bulwark's one",
        "/spec/endpoint | [{port: http}] | unknown field spec.endpoint",
        "/metadata/label | {release: prometheus} | unknown field metadata.label",
        "/spec/endpoints | | no endpoints",
    })
    void aServiceMonitorOffTargetIsCaught(String pointer, String value, String expected) throws IOException {
        assertCaught(expected, ExposureRules.serviceMonitorScrapesMetrics(KubernetesManifests.of(changed("ServiceMonitor/bulwark", pointer, value))));
    }

    @Test
    void theGuideAppliesEveryManifestAndReachesAdminCenterByPortForward() throws IOException {
        String guide = Files.readString(Path.of("docs/kubernetes.md"));
        List<String> manifests;
        try (Stream<Path> files = Files.list(KubernetesManifests.DIRECTORY)) {
            manifests = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml") && !"secret.yaml".equals(f)).toList();
        }

        assertFalse(manifests.isEmpty());
        manifests.forEach(file -> assertTrue(guide.contains("-f docker/k8s/" + file), file + " is applied in docs/kubernetes.md"));
        assertTrue(guide.contains("kubectl port-forward deployment/bulwark 9443:9443"), "Admin Center is reached by port-forward");
        assertTrue(guide.contains("kubectl create secret generic bulwark --from-env-file="), "the Secret is created from a file git ignores");
    }

    private static List<String> podSecurity(KubernetesManifests manifests) {
        List<String> violations = new ArrayList<>();
        for (Deployment deployment : manifests.all(Deployment.class)) {
            violations.addAll(RestrictedPodSecurity.violations("Deployment/" + deployment.getMetadata().getName(),
                    deployment.getSpec().getTemplate().getSpec()));
        }
        return violations;
    }

    private static void assertCaught(String expected, List<String> violations) {
        assertTrue(violations.stream().anyMatch(v -> v.contains(expected)), "expected a violation with \"" + expected + "\": " + violations);
    }

    /** The real manifests with one field set to a YAML value, or removed when the value is null. */
    private static List<Document> changed(String object, String pointer, String yamlValue) throws IOException {
        return edited(object, tree -> {
            JsonPointer path = JsonPointer.compile(pointer);
            JsonNode parent = tree.at(path.head());
            String last = path.last().getMatchingProperty();
            JsonNode value = yamlValue == null ? null : TREES.valueToTree(new Yaml().load(yamlValue));
            if (parent instanceof ArrayNode array) {
                if (value == null) {
                    array.remove(Integer.parseInt(last));
                } else if ("-".equals(last)) {
                    array.add(value);
                } else {
                    array.set(Integer.parseInt(last), value);
                }
            } else if (parent instanceof ObjectNode fields) {
                if (value == null) {
                    fields.remove(last);
                } else {
                    fields.set(last, value);
                }
            } else {
                throw new IllegalArgumentException(pointer + " is not inside " + object);
            }
            return List.of(tree);
        });
    }

    private static List<Document> without(String object) throws IOException {
        return edited(object, tree -> List.of());
    }

    private static List<Document> edited(String object, Function<ObjectNode, List<ObjectNode>> edit) throws IOException {
        List<Document> documents = new ArrayList<>();
        boolean found = false;
        for (Document document : KubernetesManifests.documents(KubernetesManifests.DIRECTORY)) {
            if (document.id().equals(object)) {
                found = true;
                edit.apply(document.tree().deepCopy()).forEach(tree -> documents.add(new Document(document.origin(), tree)));
            } else {
                documents.add(document);
            }
        }
        assertTrue(found, object + " is in docker/k8s");
        return documents;
    }

    private static String projectVersion() throws Exception {
        org.w3c.dom.Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        return XPathFactory.newInstance().newXPath().evaluate("/project/version", pom);
    }
}
