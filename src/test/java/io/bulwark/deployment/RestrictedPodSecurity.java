package io.bulwark.deployment;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The "restricted" Pod Security Standard (Kubernetes 1.30's pod-security admission, which a namespace labelled
 * {@code pod-security.kubernetes.io/enforce: restricted} applies), plus the read-only root filesystem issue 17
 * asks of every container. Each check names the pod template and container that breaks it.
 */
final class RestrictedPodSecurity {

    private static final Set<String> VOLUME_TYPES = Set.of(
            "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");
    private static final Set<String> SECCOMP_TYPES = Set.of("RuntimeDefault", "Localhost");
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");

    private RestrictedPodSecurity() {
    }

    static List<String> violations(String owner, PodSpec pod) {
        List<String> violations = new ArrayList<>();
        PodSecurityContext podContext = pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID()) || Boolean.TRUE.equals(pod.getHostIPC())) {
            violations.add(owner + ": shares a host namespace (hostNetwork, hostPID or hostIPC)");
        }
        for (Volume volume : pod.getVolumes()) {
            String type = volumeType(volume);
            if (!VOLUME_TYPES.contains(type)) {
                violations.add(owner + ": volume " + volume.getName() + " is of type " + type + " (hostPath and other node volumes are not allowed)");
            }
        }
        if (Long.valueOf(0).equals(podContext.getRunAsUser())) {
            violations.add(owner + ": pod runs as user 0");
        }
        if (podContext.getSeccompProfile() != null && !SECCOMP_TYPES.contains(podContext.getSeccompProfile().getType())) {
            violations.add(owner + ": pod seccomp profile " + podContext.getSeccompProfile().getType() + " (RuntimeDefault or Localhost required)");
        }
        podContext.getSysctls().stream().map(Sysctl::getName).filter(name -> !SAFE_SYSCTLS.contains(name))
                .forEach(name -> violations.add(owner + ": unsafe sysctl " + name));
        if (podContext.getSeLinuxOptions() != null && podContext.getSeLinuxOptions().getType() != null
                && !Set.of("container_t", "container_init_t", "container_kvm_t", "container_engine_t").contains(podContext.getSeLinuxOptions().getType())) {
            violations.add(owner + ": SELinux type " + podContext.getSeLinuxOptions().getType());
        }
        List<Container> containers = new ArrayList<>(pod.getContainers());
        containers.addAll(pod.getInitContainers());
        for (Container container : containers) {
            violations.addAll(containerViolations(owner + " container " + container.getName(), podContext, container));
        }
        return violations;
    }

    private static List<String> containerViolations(String owner, PodSecurityContext pod, Container container) {
        List<String> violations = new ArrayList<>();
        SecurityContext context = container.getSecurityContext() == null ? new SecurityContext() : container.getSecurityContext();
        if (Boolean.TRUE.equals(context.getPrivileged())) {
            violations.add(owner + ": privileged");
        }
        if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
            violations.add(owner + ": allowPrivilegeEscalation must be false");
        }
        if (!Boolean.TRUE.equals(effective(context, pod, SecurityContext::getRunAsNonRoot, PodSecurityContext::getRunAsNonRoot))) {
            violations.add(owner + ": runAsNonRoot must be true (on the pod or the container)");
        }
        if (Long.valueOf(0).equals(context.getRunAsUser())) {
            violations.add(owner + ": runs as user 0");
        }
        SeccompProfile seccomp = effective(context, pod, SecurityContext::getSeccompProfile, PodSecurityContext::getSeccompProfile);
        if (seccomp == null || !SECCOMP_TYPES.contains(seccomp.getType())) {
            violations.add(owner + ": seccompProfile must be RuntimeDefault or Localhost (on the pod or the container)");
        }
        Capabilities capabilities = context.getCapabilities() == null ? new Capabilities() : context.getCapabilities();
        if (!capabilities.getDrop().contains("ALL")) {
            violations.add(owner + ": capabilities must drop ALL");
        }
        capabilities.getAdd().stream().filter(c -> !"NET_BIND_SERVICE".equals(c))
                .forEach(c -> violations.add(owner + ": adds capability " + c));
        if (context.getProcMount() != null && !"Default".equals(context.getProcMount())) {
            violations.add(owner + ": procMount " + context.getProcMount());
        }
        if (context.getAppArmorProfile() != null && "Unconfined".equals(context.getAppArmorProfile().getType())) {
            violations.add(owner + ": AppArmor Unconfined");
        }
        for (ContainerPort port : container.getPorts()) {
            if (port.getHostPort() != null && port.getHostPort() != 0) {
                violations.add(owner + ": hostPort " + port.getHostPort());
            }
        }
        if (!Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
            violations.add(owner + ": readOnlyRootFilesystem must be true (writable paths as emptyDir volumes)");
        }
        return violations;
    }

    private static <T> T effective(SecurityContext container, PodSecurityContext pod,
            Function<SecurityContext, T> ofContainer, Function<PodSecurityContext, T> ofPod) {
        T own = ofContainer.apply(container);
        return own != null ? own : ofPod.apply(pod);
    }

    private static String volumeType(Volume volume) {
        if (volume.getConfigMap() != null) {
            return "configMap";
        } else if (volume.getCsi() != null) {
            return "csi";
        } else if (volume.getDownwardAPI() != null) {
            return "downwardAPI";
        } else if (volume.getEmptyDir() != null) {
            return "emptyDir";
        } else if (volume.getEphemeral() != null) {
            return "ephemeral";
        } else if (volume.getPersistentVolumeClaim() != null) {
            return "persistentVolumeClaim";
        } else if (volume.getProjected() != null) {
            return "projected";
        } else if (volume.getSecret() != null) {
            return "secret";
        }
        return volume.getHostPath() != null ? "hostPath" : "another node volume";
    }
}
