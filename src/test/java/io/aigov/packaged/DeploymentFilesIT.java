package io.aigov.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The files an operator deploys several instances with: the generated Kubernetes manifests and the compose profile. */
class DeploymentFilesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theGeneratedManifestsRunTwoProbedReplicasWithRulesFromAConfigMapAndTheDatabaseFromASecret() throws IOException {
        List<JsonNode> resources = documents(Path.of("target", "kubernetes", "kubernetes.yml"));
        JsonNode deployment = only(resources, "Deployment");
        assertEquals(2, deployment.at("/spec/replicas").asInt());
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("aigov-database", container.at("/envFrom/0/secretRef/name").asText());
        JsonNode volumes = deployment.at("/spec/template/spec/volumes");
        assertTrue(stream(volumes).anyMatch(volume -> volume.at("/configMap/name").asText().equals("aigov-rules")), volumes.toString());
        assertTrue(stream(container.at("/env")).anyMatch(env -> env.at("/name").asText().equals("AIGOV_RULES_DIRECTORY")
                && env.at("/value").asText().equals("/deployments/rules")), container.toString());
        assertTrue(stream(container.at("/volumeMounts")).anyMatch(mount -> mount.at("/mountPath").asText().equals("/deployments/rules")
                && mount.at("/readOnly").asBoolean()));
        assertEquals(deployment.at("/spec/selector/matchLabels"), only(resources, "Service").at("/spec/selector"));
    }

    @Test
    void theComposeProfileRunsTwoInstancesBehindALoadBalancer() throws IOException {
        JsonNode services = documents(Path.of("docker-compose.yml")).get(0).at("/services");
        JsonNode second = services.at("/decision-service-b");
        assertEquals("replicas", second.at("/profiles/0").asText());
        assertEquals(services.at("/decision-service/entrypoint"), second.at("/entrypoint"), "the second instance runs the same service");
        assertEquals(services.at("/decision-service/environment"), second.at("/environment"));
        assertEquals(0, second.at("/ports").size(), "only the first instance takes port 8080");
        JsonNode balancer = services.at("/load-balancer");
        assertEquals("replicas", balancer.at("/profiles/0").asText());
        String configuration = balancer.at("/volumes/0").asText().split(":")[0];
        String nginx = Files.readString(Path.of(configuration));
        assertTrue(nginx.contains("server decision-service:8080") && nginx.contains("server decision-service-b:8080"), nginx);
    }

    /** Every document of a YAML file, merge keys resolved as Compose resolves them. */
    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        new Yaml().loadAll(Files.readString(file)).forEach(document -> documents.add(JSON.valueToTree(document)));
        return documents;
    }

    private static JsonNode only(List<JsonNode> resources, String kind) {
        List<JsonNode> matching = resources.stream().filter(resource -> resource.at("/kind").asText().equals(kind)).toList();
        assertEquals(1, matching.size(), kind + " resources: " + matching);
        return matching.get(0);
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }
}
