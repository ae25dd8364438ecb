package org.inocds.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests of {@code deploy/kubernetes/} (README "Running at scale"), checked offline: each read with
 * fabric8's Kubernetes model and refused if any field is one the model does not know (a misspelt {@code readinesProbe}
 * would otherwise be dropped silently by the API server's older clients and leave the pod without a probe), then the
 * facts the service depends on: probes on the Actuator paths it serves, resource requests and limits, the Secret's keys
 * wired into the environment, and selectors that agree across Deployment, Service, autoscaler and disruption budget.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("deploy/kubernetes");
    /** What the JVM held beside its heap under load (RSS less heap, in MiB: 219 and 243 in two runs), with a margin. */
    private static final int NON_HEAP_MI = 256;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static <T> T read(String file, Class<T> type) throws IOException {
        T resource = YAML.readValue(Files.readString(DIR.resolve(file)), type);
        List<String> unknown = new ArrayList<>();
        unknownFields(resource, type.getSimpleName(), unknown, new IdentityHashMap<>());
        assertThat(unknown).as(file + ": fields the Kubernetes model does not know").isEmpty();
        return resource;
    }

    /** fabric8 keeps unknown fields in each object's additionalProperties rather than refusing them: find any. */
    private static void unknownFields(Object o, String path, List<String> unknown, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                unknownFields(e, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, unknown, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : o.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(o);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else {
                unknownFields(value, path + "." + getter.getName().substring(3), unknown, seen);
            }
        }
    }

    @Test
    void everyManifestIsReadWithNoUnknownField() throws IOException {
        try (var files = Files.list(DIR)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
            assertThat(names).containsExactly("configmap.yaml", "deployment.yaml", "hpa.yaml", "pdb.yaml", "secret.yaml", "service.yaml");
        }
        read("configmap.yaml", ConfigMap.class);
        read("deployment.yaml", Deployment.class);
        read("hpa.yaml", HorizontalPodAutoscaler.class);
        read("pdb.yaml", PodDisruptionBudget.class);
        read("secret.yaml", Secret.class);
        read("service.yaml", Service.class);
    }

    @Test
    void aMisspeltFieldIsFound() throws IOException {
        String misspelt = Files.readString(DIR.resolve("deployment.yaml")).replace("readinessProbe:", "readinesProbe:");
        Deployment d = YAML.readValue(misspelt, Deployment.class);
        List<String> unknown = new ArrayList<>();
        unknownFields(d, "Deployment", unknown, new IdentityHashMap<>());
        assertThat(unknown).singleElement().asString().contains("readinesProbe");
    }

    @Test
    void theDeploymentProbesWhatTheServiceServesAndBoundsItsResources() throws IOException {
        Deployment d = read("deployment.yaml", Deployment.class);
        assertThat(d.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(path(c.getReadinessProbe())).isEqualTo("/actuator/health/readiness");
        assertThat(path(c.getLivenessProbe())).isEqualTo("/actuator/health/liveness");
        assertThat(path(c.getStartupProbe())).isEqualTo("/actuator/health/liveness");
        assertThat(c.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(8080);
        });
        for (var bound : List.of(c.getResources().getRequests(), c.getResources().getLimits())) {
            assertThat(bound).containsKeys("cpu", "memory");
        }
        assertThat(env(c, "SPRING_PROFILES_ACTIVE")).isEqualTo("prod");
    }

    /**
     * The heap leaves room in the container for what the JVM holds beside it: measured with Native Memory Tracking under
     * the benchmark's load (README "Performance", memory), a 460 MB heap ran at 679 and 703 MB RSS — 220–245 MB of class
     * metadata, compiled code, symbols, threads and malloc. With 75 % of 768 Mi as heap that room was 192 Mi: the
     * kernel would kill the pod under load. And a JVM whose heap did run out exits (Tomcat's poller thread died of an
     * OutOfMemoryError in one run and the process answered nothing after), so that Kubernetes restarts it.
     */
    @Test
    void theHeapLeavesRoomForTheRestOfTheJvmAndRunningOutOfItEndsTheProcess() throws IOException {
        Container c = read("deployment.yaml", Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        String options = env(c, "JAVA_TOOL_OPTIONS");
        assertThat(options).contains("-XX:+ExitOnOutOfMemoryError");
        Matcher share = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)").matcher(options);
        assertThat(share.find()).as(options).isTrue();
        long limitMi = Quantity.getAmountInBytes(c.getResources().getLimits().get("memory")).longValue() / (1024 * 1024);
        double heapMi = limitMi * Double.parseDouble(share.group(1)) / 100;
        assertThat(limitMi - heapMi).as("MiB beside a heap of %.0f MiB in %d Mi", heapMi, limitMi).isGreaterThanOrEqualTo(NON_HEAP_MI);
        // bounded, so that the measured room holds
        assertThat(options).contains("-XX:ReservedCodeCacheSize=", "-XX:MaxMetaspaceSize=");
        assertThat(env(c, "MALLOC_ARENA_MAX")).isEqualTo("2");
    }

    @Test
    void theSecretsKeysAreWhatTheDeploymentReads() throws IOException {
        Deployment d = read("deployment.yaml", Deployment.class);
        Secret secret = read("secret.yaml", Secret.class);
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        var fromSecret = c.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .collect(Collectors.toMap(e -> e.getName(), e -> e.getValueFrom().getSecretKeyRef()));
        assertThat(fromSecret).containsOnlyKeys("INOCDS_DATABASE_PASSWORD", "INOCDS_PATIENT_HASH_KEY");
        fromSecret.values().forEach(ref -> {
            assertThat(ref.getName()).isEqualTo(secret.getMetadata().getName());
            assertThat(secret.getStringData()).containsKey(ref.getKey());
        });
        // the ConfigMap mounted as the additional config location names both placeholders
        ConfigMap config = read("configmap.yaml", ConfigMap.class);
        assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(v -> {
            assertThat(v.getConfigMap()).isNotNull();
            assertThat(v.getConfigMap().getName()).isEqualTo(config.getMetadata().getName());
        });
        assertThat(config.getData().get("application-prod.yml")).contains("${INOCDS_DATABASE_PASSWORD}", "${INOCDS_PATIENT_HASH_KEY}");
    }

    @Test
    void serviceAutoscalerAndDisruptionBudgetSelectTheDeploymentsPods() throws IOException {
        Deployment d = read("deployment.yaml", Deployment.class);
        Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(labels).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        assertThat(labels).containsAllEntriesOf(read("service.yaml", Service.class).getSpec().getSelector());
        PodDisruptionBudget pdb = read("pdb.yaml", PodDisruptionBudget.class);
        assertThat(labels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isGreaterThanOrEqualTo(1);
        HorizontalPodAutoscaler hpa = read("hpa.yaml", HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(d.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
    }

    private static String path(Probe probe) {
        assertThat(probe).isNotNull();
        return probe.getHttpGet().getPath();
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
    }
}
