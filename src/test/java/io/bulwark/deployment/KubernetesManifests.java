package io.bulwark.deployment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests of docker/k8s read into the Kubernetes object model (fabric8), as strictly as the API
 * server would read them: a kind this deployment does not use, a field the kind does not have, or a value of the
 * wrong type is refused with the object and the path named. fabric8 keeps unknown fields instead of failing on
 * them, so the object graph is searched for any it kept. The ServiceMonitor, a custom resource the model does
 * not know, is kept as a tree for {@link ExposureRules} to check.
 */
final class KubernetesManifests {

    static final Path DIRECTORY = Path.of("docker/k8s");
    static final String SERVICE_MONITOR = "monitoring.coreos.com/v1/ServiceMonitor";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    /** Kubernetes object names (RFC 1123 subdomains), which no placeholder such as {@code <your-secret>} is. */
    static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "networking.k8s.io/v1/Ingress", Ingress.class);

    /** One YAML document and the file it came from. */
    record Document(String origin, ObjectNode tree) {
        public Document {
            Objects.requireNonNull(origin);
            Objects.requireNonNull(tree);
        }

        String id() {
            return tree.path("kind").asText() + "/" + tree.path("metadata").path("name").asText();
        }
    }

    private final List<HasMetadata> objects;
    private final List<JsonNode> serviceMonitors;

    private KubernetesManifests(List<HasMetadata> objects, List<JsonNode> serviceMonitors) {
        this.objects = objects;
        this.serviceMonitors = serviceMonitors;
    }

    static KubernetesManifests read() throws IOException {
        return of(documents(DIRECTORY));
    }

    static List<Document> documents(Path directory) throws IOException {
        List<Document> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object document : new Yaml().loadAll(reader)) {
                        if (document != null) {
                            documents.add(new Document(file.toString(), MAPPER.valueToTree(document)));
                        }
                    }
                }
            }
        }
        return documents;
    }

    /** @throws IllegalArgumentException naming every document that is not a valid object of a known kind */
    static KubernetesManifests of(List<Document> documents) {
        List<String> problems = new ArrayList<>();
        List<HasMetadata> objects = new ArrayList<>();
        List<JsonNode> serviceMonitors = new ArrayList<>();
        for (Document document : documents) {
            String where = document.origin() + " " + document.id();
            String type = document.tree().path("apiVersion").asText() + "/" + document.tree().path("kind").asText();
            String name = document.tree().path("metadata").path("name").asText();
            if (name.isEmpty()) {
                problems.add(where + ": no metadata.name");
            } else if (!DNS_SUBDOMAIN.matcher(name).matches()) {
                problems.add(where + ": metadata.name is not a DNS subdomain name, as the API server requires");
            }
            if (SERVICE_MONITOR.equals(type)) {
                serviceMonitors.add(document.tree());
                continue;
            }
            Class<? extends HasMetadata> kind = KINDS.get(type);
            if (kind == null) {
                problems.add(where + ": " + type + " is not a kind this deployment uses");
                continue;
            }
            try {
                HasMetadata object = MAPPER.treeToValue(document.tree(), kind);
                unknownFields(object, "", problems, where);
                objects.add(object);
            } catch (JsonMappingException e) {
                problems.add(where + ": " + e.getOriginalMessage() + " at " + path(e));
            } catch (JsonProcessingException e) {
                problems.add(where + ": " + e.getOriginalMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return new KubernetesManifests(objects, serviceMonitors);
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> kind, String name) {
        return all(kind).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    List<JsonNode> serviceMonitors() {
        return serviceMonitors;
    }

    /** The Deployments whose pods the selector selects. */
    List<Deployment> selectedBy(LabelSelector selector) {
        return all(Deployment.class).stream().filter(d -> selects(selector, podLabels(d))).toList();
    }

    /** The Deployments whose pods a Service's selector selects. */
    List<Deployment> selectedBy(Map<String, String> selector) {
        return all(Deployment.class).stream().filter(d -> selects(selector, podLabels(d))).toList();
    }

    static Map<String, String> podLabels(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getLabels();
    }

    static List<Container> containers(Deployment deployment) {
        List<Container> containers = new ArrayList<>(deployment.getSpec().getTemplate().getSpec().getContainers());
        containers.addAll(deployment.getSpec().getTemplate().getSpec().getInitContainers());
        return containers;
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        return selector != null && selector.getMatchExpressions().isEmpty() && selects(selector.getMatchLabels(), labels);
    }

    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels != null && labels.entrySet().containsAll(selector.entrySet());
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            path.append(reference.getFieldName() != null ? "." + reference.getFieldName() : "[" + reference.getIndex() + "]");
        }
        return path.toString();
    }

    private static void unknownFields(Object value, String path, List<String> problems, String where) {
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + index++ + "]", problems, where);
            }
        } else if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, item) -> unknownFields(item, path + "." + key, problems, where));
        } else if (value != null && value.getClass().getName().startsWith("io.fabric8.")) {
            for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers())) {
                        continue;
                    }
                    Object fieldValue = read(field, value);
                    if ("additionalProperties".equals(field.getName())) {
                        ((Map<?, ?>) fieldValue).keySet()
                                .forEach(key -> problems.add(where + ": unknown field " + path + "." + key));
                    } else {
                        unknownFields(fieldValue, path + "." + jsonName(field), problems, where);
                    }
                }
            }
        }
    }

    private static String jsonName(Field field) {
        JsonProperty property = field.getAnnotation(JsonProperty.class);
        return property == null || property.value().isEmpty() ? field.getName() : property.value();
    }

    private static Object read(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(field.toString(), e);
        }
    }
}
