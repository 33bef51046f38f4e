package io.bulwark.deployment;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the Deployments must hold beyond the Pod Security Standard: pinned images, replicas left to the
 * autoscaler, a disruption budget that lets a node drain, secrets only from Secrets, resources and probes, and
 * a writable emptyDir wherever Liberty writes under a read-only root filesystem.
 */
final class WorkloadRules {

    /** The roles and keys of the shared decisions of issue 17, which only a Secret may carry. */
    static final List<String> SECRET_VARIABLES = List.of("DB_PASSWORD", "KEYSTORE_PASSWORD", "LTPA_KEYS_PASSWORD",
            "ADMIN_USER", "ADMIN_PASSWORD", "READER_USER", "READER_PASSWORD", "LIBERTY_ADMIN_USER", "LIBERTY_ADMIN_PASSWORD");
    /**
     * Where Liberty writes in the Open Liberty image: the output directory (WLP_OUTPUT_DIR; /output links to its
     * server directory), the log directory, the JVM's temporary files, the configDropins/defaults directory the
     * image's entrypoint writes a keystore.xml into when none is there, and /config/apps/expanded, where
     * server.xml's applicationManager autoExpand has Liberty expand the WAR at every start.
     */
    static final List<String> LIBERTY_WRITABLE = List.of("/opt/ol/wlp/output", "/logs", "/tmp", "/config/configDropins/defaults",
            "/config/apps/expanded");
    /** The writable directories whose image contents (configure.sh's warm workarea, default dropins) an init container copies in. */
    static final List<String> SEEDED_FROM_IMAGE = List.of("/opt/ol/wlp/output", "/config/configDropins/defaults");
    static final String BULWARK_IMAGE = "bulwark";
    /**
     * The numeric user of each image: the Open Liberty image's 1001, which owns /config and /opt/ol/wlp, and
     * Alpine's postgres (70) for PgBouncer, whose image names its user, which the kubelet cannot check against
     * runAsNonRoot, so the pod would not start without the number.
     */
    static final Map<String, Long> IMAGE_USERS = Map.of(BULWARK_IMAGE, 1001L, "pgbouncer", 70L);

    private static final Pattern SECRET_LIKE = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE_KEY|WEBHOOK_URL|DATABASE_URL).*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private WorkloadRules() {
    }

    static List<String> imagesArePinned(KubernetesManifests manifests, String projectVersion) {
        List<String> violations = new ArrayList<>();
        for (Deployment deployment : manifests.all(Deployment.class)) {
            for (Container container : KubernetesManifests.containers(deployment)) {
                String image = container.getImage();
                String owner = "Deployment/" + deployment.getMetadata().getName() + " container " + container.getName();
                if (image == null) {
                    violations.add(owner + ": no image");
                    continue;
                }
                if (image.contains("@sha256:")) {
                    continue;
                }
                int slash = image.lastIndexOf('/');
                int colon = image.lastIndexOf(':');
                String tag = colon > slash ? image.substring(colon + 1) : "";
                String repository = colon > slash ? image.substring(slash + 1, colon) : image.substring(slash + 1);
                if (!TAG.matcher(tag).matches() || "latest".equals(tag)) {
                    violations.add(owner + ": image " + image + " is not pinned to a tag other than latest");
                } else if (BULWARK_IMAGE.equals(repository) && !projectVersion.equals(tag)) {
                    violations.add(owner + ": image " + image + " is not the project's version " + projectVersion);
                }
            }
        }
        return violations;
    }

    static List<String> autoscaledReplicasAreLeftToTheAutoscaler(KubernetesManifests manifests) {
        List<String> violations = new ArrayList<>();
        for (HorizontalPodAutoscaler autoscaler : manifests.all(HorizontalPodAutoscaler.class)) {
            String target = autoscaler.getSpec().getScaleTargetRef().getName();
            Optional<Deployment> deployment = manifests.named(Deployment.class, target);
            if (!"Deployment".equals(autoscaler.getSpec().getScaleTargetRef().getKind()) || deployment.isEmpty()) {
                violations.add("HorizontalPodAutoscaler/" + autoscaler.getMetadata().getName() + " scales no Deployment of these manifests");
            } else if (deployment.get().getSpec().getReplicas() != null) {
                violations.add("Deployment/" + target + " sets replicas, which its HorizontalPodAutoscaler manages");
            }
        }
        return violations;
    }

    static List<String> everyDeploymentHasADisruptionBudgetThatLetsANodeDrain(KubernetesManifests manifests) {
        List<String> violations = new ArrayList<>();
        for (Deployment deployment : manifests.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            List<PodDisruptionBudget> budgets = manifests.all(PodDisruptionBudget.class).stream()
                    .filter(b -> KubernetesManifests.selects(b.getSpec().getSelector(), KubernetesManifests.podLabels(deployment)))
                    .toList();
            if (budgets.size() != 1) {
                violations.add("Deployment/" + name + " has " + budgets.size() + " PodDisruptionBudgets, not one");
                continue;
            }
            Integer least = manifests.all(HorizontalPodAutoscaler.class).stream()
                    .filter(a -> name.equals(a.getSpec().getScaleTargetRef().getName()))
                    .map(a -> a.getSpec().getMinReplicas())
                    .findFirst()
                    .orElse(deployment.getSpec().getReplicas());
            PodDisruptionBudget budget = budgets.get(0);
            if (budget.getSpec().getMinAvailable() == null || budget.getSpec().getMinAvailable().getIntVal() == null
                    || least == null || budget.getSpec().getMinAvailable().getIntVal() >= least) {
                violations.add("PodDisruptionBudget/" + budget.getMetadata().getName()
                        + " must keep a whole number of pods below the " + least + " replicas at least, else no node can drain");
            }
        }
        return violations;
    }

    static List<String> secretsComeOnlyFromSecrets(KubernetesManifests manifests) {
        List<String> violations = new ArrayList<>();
        for (ConfigMap configMap : manifests.all(ConfigMap.class)) {
            configMap.getData().keySet().stream().filter(key -> SECRET_LIKE.matcher(key).matches())
                    .forEach(key -> violations.add("ConfigMap/" + configMap.getMetadata().getName() + " holds " + key + ", a secret"));
        }
        for (Secret secret : manifests.all(Secret.class)) {
            if (!secret.getData().isEmpty()) {
                violations.add("Secret/" + secret.getMetadata().getName() + " carries values in data");
            }
        }
        for (Deployment deployment : manifests.all(Deployment.class)) {
            for (Container container : KubernetesManifests.containers(deployment)) {
                String owner = "Deployment/" + deployment.getMetadata().getName() + " container " + container.getName();
                for (EnvVar variable : container.getEnv()) {
                    boolean secret = SECRET_LIKE.matcher(variable.getName()).matches() || SECRET_VARIABLES.contains(variable.getName());
                    SecretKeySelector reference = variable.getValueFrom() == null ? null : variable.getValueFrom().getSecretKeyRef();
                    if (secret && reference == null) {
                        violations.add(owner + ": " + variable.getName() + " is not taken from a Secret");
                    }
                    if (reference != null) {
                        violations.addAll(keyInTemplate(manifests, owner, reference));
                    }
                }
                for (EnvFromSource source : container.getEnvFrom()) {
                    if (source.getSecretRef() != null && manifests.named(Secret.class, source.getSecretRef().getName()).isEmpty()) {
                        violations.add(owner + ": Secret " + source.getSecretRef().getName() + " has no template in docker/k8s/secret.yaml");
                    }
                }
                if (isBulwark(container) && deployment.getSpec().getTemplate().getSpec().getContainers().contains(container)) {
                    for (String name : SECRET_VARIABLES) {
                        boolean fromSecret = container.getEnv().stream().anyMatch(v -> name.equals(v.getName())
                                && v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null);
                        if (!fromSecret) {
                            violations.add(owner + ": " + name + " is not set from a Secret");
                        }
                    }
                }
            }
        }
        return violations;
    }

    static List<String> podsRunAsTheirImagesNumericUser(KubernetesManifests manifests) {
        List<String> violations = new ArrayList<>();
        for (Deployment deployment : manifests.all(Deployment.class)) {
            PodSecurityContext pod = deployment.getSpec().getTemplate().getSpec().getSecurityContext();
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                Long expected = IMAGE_USERS.get(repository(container));
                Long user = container.getSecurityContext() != null && container.getSecurityContext().getRunAsUser() != null
                        ? container.getSecurityContext().getRunAsUser()
                        : pod == null ? null : pod.getRunAsUser();
                if (expected == null || !expected.equals(user)) {
                    violations.add("Deployment/" + deployment.getMetadata().getName() + " container " + container.getName()
                            + " runs as user " + user + ", not its image's " + expected);
                }
            }
        }
        return violations;
    }

    static List<String> everyContainerHasResourcesAndProbes(KubernetesManifests manifests) {
        List<String> violations = new ArrayList<>();
        for (Deployment deployment : manifests.all(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String owner = "Deployment/" + deployment.getMetadata().getName() + " container " + container.getName();
                Map<String, ?> requests = container.getResources() == null ? Map.of() : container.getResources().getRequests();
                Map<String, ?> limits = container.getResources() == null ? Map.of() : container.getResources().getLimits();
                if (!requests.containsKey("cpu") || !requests.containsKey("memory") || !limits.containsKey("memory")) {
                    violations.add(owner + ": needs cpu and memory requests and a memory limit");
                }
                if (container.getReadinessProbe() == null || container.getLivenessProbe() == null) {
                    violations.add(owner + ": needs a readiness and a liveness probe");
                }
            }
        }
        return violations;
    }

    static List<String> libertyWritesOnlyToEmptyDirs(KubernetesManifests manifests) {
        List<String> violations = new ArrayList<>();
        for (Deployment deployment : manifests.all(Deployment.class)) {
            List<Volume> volumes = deployment.getSpec().getTemplate().getSpec().getVolumes();
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                if (!isBulwark(container)) {
                    continue;
                }
                for (String path : LIBERTY_WRITABLE) {
                    Optional<VolumeMount> mount = container.getVolumeMounts().stream().filter(m -> path.equals(m.getMountPath())).findFirst();
                    boolean emptyDir = mount.isPresent() && volumes.stream()
                            .anyMatch(v -> v.getName().equals(mount.get().getName()) && v.getEmptyDir() != null);
                    if (!emptyDir || Boolean.TRUE.equals(mount.get().getReadOnly())) {
                        violations.add("Deployment/" + deployment.getMetadata().getName() + " container " + container.getName()
                                + ": Liberty writes to " + path + ", which needs a writable emptyDir");
                    } else if (SEEDED_FROM_IMAGE.contains(path) && !seeded(deployment, mount.get().getName())) {
                        violations.add("Deployment/" + deployment.getMetadata().getName() + ": no init container of the Bulwark image"
                                + " copies the image's " + path + " into volume " + mount.get().getName());
                    }
                }
            }
        }
        return violations;
    }

    private static boolean seeded(Deployment deployment, String volume) {
        return deployment.getSpec().getTemplate().getSpec().getInitContainers().stream()
                .filter(WorkloadRules::isBulwark)
                .flatMap(c -> c.getVolumeMounts().stream())
                .anyMatch(m -> volume.equals(m.getName()) && !Boolean.TRUE.equals(m.getReadOnly()));
    }

    static boolean isBulwark(Container container) {
        return BULWARK_IMAGE.equals(repository(container));
    }

    private static String repository(Container container) {
        String image = container.getImage() == null ? "" : container.getImage();
        return image.substring(image.lastIndexOf('/') + 1).split("[:@]")[0];
    }

    private static List<String> keyInTemplate(KubernetesManifests manifests, String owner, SecretKeySelector reference) {
        Optional<Secret> secret = manifests.named(Secret.class, reference.getName());
        if (secret.isEmpty() || !secret.get().getStringData().containsKey(reference.getKey())) {
            return List.of(owner + ": key " + reference.getKey() + " of Secret " + reference.getName()
                    + " is missing from its template in docker/k8s/secret.yaml");
        }
        return List.of();
    }
}
